"""Personal API tokens: shown once, stored as a digest, scoped like their owner, revocable."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from civicgrid.cases.tests.helpers import new_case
from civicgrid.people import tokens
from civicgrid.people.models import ApiToken

pytestmark = pytest.mark.django_db


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_the_token_is_shown_once_and_only_its_digest_is_kept(city, people):
    token, raw = tokens.issue(people.dispatcher, name="区平台对接")
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw.startswith("cg_") and len(raw) > 40
    assert raw not in json.dumps([stored.digest, stored.prefix, stored.name])
    assert raw.startswith(stored.prefix)
    assert tokens.authenticate(raw).user == people.dispatcher


def test_a_token_sees_what_its_owner_sees_and_nothing_else(client, city, people):
    mine = new_case(city, community=0)
    other_street = new_case(city, community=3)
    _, raw = tokens.issue(people.dispatcher, name="报表")
    body = client.get("/api/v1/cases", **bearer(raw)).json()
    codes = {c["code"] for c in body["items"]}
    assert mine.code in codes and other_street.code not in codes
    assert client.get(f"/api/v1/cases/{other_street.code}", **bearer(raw)).status_code == 404


def test_a_token_needs_no_csrf_and_acts_as_its_owner(client, city, people):
    case = new_case(city)
    _, raw = tokens.issue(people.dispatcher, name="脚本")
    response = client.post(
        f"/api/v1/cases/{case.code}/actions/accept",
        json.dumps({"version": case.version}),
        content_type="application/json",
        **bearer(raw),
    )
    assert response.status_code == 200, response.content
    case.refresh_from_db()
    assert case.events.last().actor == people.dispatcher


@pytest.mark.parametrize("spoil", ["revoke", "expire", "deactivate", "garble"])
def test_a_dead_token_gets_401(client, city, people, spoil):
    token, raw = tokens.issue(people.grid_worker, name="巡查 App", days=30)
    if spoil == "revoke":
        tokens.revoke(token)
    elif spoil == "deactivate":
        # Through the table: the persona objects are shared by every test of the session.
        type(people.grid_worker).objects.filter(pk=people.grid_worker.pk).update(is_active=False)
    elif spoil == "garble":
        raw = raw[:-2] + ("aa" if not raw.endswith("aa") else "bb")
    with time_machine.travel(timezone.now() + timedelta(days=31 if spoil == "expire" else 0)):
        response = client.get("/api/v1/cases", **bearer(raw))
    assert response.status_code == 401
    assert response.json()["detail"] == "请先登录"


def test_last_use_is_recorded_without_a_write_per_request(client, city, people):
    token, raw = tokens.issue(people.dispatcher, name="大屏")
    assert token.last_used_at is None
    client.get("/api/v1/cases", **bearer(raw))
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    client.get("/api/v1/cases", **bearer(raw))
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first


@pytest.mark.parametrize("days", [0, 366])
def test_the_lifetime_is_bounded(city, people, days):
    with pytest.raises(ValueError, match="有效期"):
        tokens.issue(people.dispatcher, name="x", days=days)


def test_the_token_read_gives_what_the_orm_gives(city, people):
    """authenticate() reads the token, its owner and the owner's profile in SQL written once:
    the same values, typed the same, as the queryset it replaces."""
    from civicgrid.people.models import StaffProfile

    token, raw = tokens.issue(people.dispatcher, name="对接")
    found = tokens.authenticate(raw)
    orm = ApiToken.objects.select_related("user", "user__staff").get(pk=token.pk)
    for field in ApiToken._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(orm, field.attname), field.name
    assert timezone.is_aware(found.expires_at) and found.user.pk == people.dispatcher.pk
    assert found.user.staff.title == orm.user.staff.title
    assert found.user.get_username() == people.dispatcher.get_username()
    StaffProfile.objects.filter(user=people.dispatcher).delete()
    bare = tokens.authenticate(raw)
    with pytest.raises(StaffProfile.DoesNotExist):
        bare.user.staff  # noqa: B018 - no profile: the owner has none, as after select_related
    assert tokens.authenticate(raw + "x") is None
