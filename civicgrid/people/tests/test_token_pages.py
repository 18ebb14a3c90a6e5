"""The 我的 API 令牌 page: list, create (shown once), revoke; and the administrators' view."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from civicgrid.audit.models import AuditEntry, Kind
from civicgrid.people import tokens
from civicgrid.people.models import ApiToken

pytestmark = pytest.mark.django_db

LIST = "/account/tokens/"
NEW = "/account/tokens/new/"


def test_the_header_links_to_my_tokens(client, people):
    client.force_login(people.dispatcher)
    assert f'href="{LIST}"' in client.get("/cases/").content.decode()


def test_a_token_is_created_and_shown_once(client, people):
    client.force_login(people.grid_worker)
    response = client.post(NEW, {"name": "巡查 App", "days": "30"})
    assert response.status_code == 200
    page = response.content.decode()
    token = ApiToken.objects.get(user=people.grid_worker)
    raw = page.split('id="raw-token" class="code token-raw" value="', 1)[1].split('"', 1)[0]
    assert "从未使用" in client.get(LIST).content.decode()
    assert raw.startswith(token.prefix) and tokens.authenticate(raw) == token
    assert "只显示这一次" in page and "复制令牌" in page
    assert "no-store" in response["Cache-Control"]
    assert (token.expires_at - token.created_at).days in (29, 30)
    listing = client.get(LIST).content.decode()
    assert "巡查 App" in listing and token.prefix in listing and raw not in listing
    entry = AuditEntry.objects.get(kind=Kind.TOKEN_ISSUE)
    assert entry.actor == people.grid_worker and entry.target == token.prefix
    assert raw not in str(entry.data)


@pytest.mark.parametrize(
    "data", [{"name": "", "days": "30"}, {"name": "x", "days": "7"}, {"name": "x" * 51}, {}]
)
def test_a_bad_form_is_refused_with_a_message(client, people, data):
    client.force_login(people.dispatcher)
    response = client.post(NEW, data)
    assert response.status_code == 422 and 'class="error"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_staff_without_a_role_cannot_create_tokens(client, people):
    client.force_login(people.outsider)
    assert "不能创建 API 令牌" in client.get(LIST).content.decode()
    assert client.post(NEW, {"name": "x", "days": "30"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_a_token_is_revoked_after_a_confirmation(client, people):
    token, raw = tokens.issue(people.dispatcher, name="报表")
    client.force_login(people.dispatcher)
    url = f"/account/tokens/{token.pk}/revoke/"
    assert "确定吊销" in client.get(url).content.decode()
    assert tokens.authenticate(raw) is not None  # a GET changes nothing
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == LIST
    assert tokens.authenticate(raw) is None
    assert "已吊销" in client.get(LIST).content.decode()
    entry = AuditEntry.objects.get(kind=Kind.TOKEN_REVOKE)
    assert entry.actor == people.dispatcher and entry.data["owner"] == people.dispatcher.username
    assert Client().get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_nobody_sees_or_revokes_another_persons_token(client, people):
    token, raw = tokens.issue(people.dispatcher, name="报表")
    client.force_login(people.grid_worker)
    url = f"/account/tokens/{token.pk}/revoke/"
    assert client.get(url).status_code == 404 and client.post(url).status_code == 404
    assert "报表" not in client.get(LIST).content.decode()
    assert tokens.authenticate(raw) is not None


def test_administrators_list_and_revoke_every_token_in_admin(client, city, people):
    token, raw = tokens.issue(people.dispatcher, name="区平台对接")
    admin = city.users["admin"]
    client.force_login(admin)
    page = client.get("/admin/people/apitoken/").content.decode()
    assert token.prefix in page and "区平台对接" in page and token.digest not in page
    detail = client.get(f"/admin/people/apitoken/{token.pk}/change/").content.decode()
    assert token.digest not in detail
    assert client.get("/admin/people/apitoken/add/").status_code == 403
    response = client.post(
        "/admin/people/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )
    assert "已吊销 1 个令牌" in response.content.decode()
    assert tokens.authenticate(raw) is None
    entry = AuditEntry.objects.get(kind=Kind.TOKEN_REVOKE)
    assert entry.actor == admin and entry.data["owner"] == people.dispatcher.username


def test_a_deactivated_owner_s_token_stops_working(client, people):
    _, raw = tokens.issue(people.grid_worker, name="巡查 App")
    get_user_model().objects.filter(pk=people.grid_worker.pk).update(is_active=False)
    assert Client().get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
