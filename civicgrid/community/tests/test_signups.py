"""Sign-ups from the portal: capacity, waiting list, one per phone, cancelling promotes."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from civicgrid.community import signups
from civicgrid.community.choices import SignUpState
from civicgrid.community.models import SignUp
from civicgrid.community.tests.helpers import life_event
from civicgrid.notify.tests.helpers import OutboxSms

pytestmark = pytest.mark.django_db


@pytest.fixture
def texts(settings):
    settings.CIVICGRID_SMS_BACKEND = "civicgrid.notify.tests.helpers.OutboxSms"
    OutboxSms.sent, OutboxSms.fail_with = [], None
    return OutboxSms.sent


def url(event):
    return f"/c/{event.community.code}/events/{event.pk}/"


def post(client, event, name="李建国", phone="13900001111", **extra):
    return client.post(url(event), {"name": name, "phone": phone, "privacy": "on", **extra})


def test_an_event_full_with_a_waiting_list(city, texts, django_capture_on_commit_callbacks):
    event = life_event(city.communities[0], capacity=2)
    client = Client()
    for i in range(4):
        assert post(client, event, phone=f"1390000000{i}").status_code == 302
    states = list(event.signups.values_list("state", flat=True))
    assert states == ["confirmed", "confirmed", "waiting", "waiting"]
    page = client.get(url(event)).content.decode()
    assert "共 2 人，已报名 2 人，候补 2 人" in page and 'id="full"' in page

    first = event.signups.first()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/events/signup/{first.code}/").status_code == 200
    states = list(event.signups.order_by("pk").values_list("state", flat=True))
    assert states == ["cancelled", "confirmed", "confirmed", "waiting"]
    assert [to for to, _ in texts] == ["13900000002"]
    assert "有了空位" in texts[0][1] and event.title in texts[0][1]
    assert SignUp.objects.get(phone_digest=event.signups.all()[2].phone_digest).notified_at
    mine = client.get(f"/events/signup/{event.signups.last().code}/").content.decode()
    assert "候补中" in mine and "前面还有 0 人" in mine


def test_a_phone_signs_up_once_per_event(city):
    event = life_event(city.communities[0], capacity=5)
    client = Client()
    one = post(client, event, phone="139 0000 1111")
    two = post(client, event, name="别的名字", phone="+8613900001111")
    assert one["Location"] == two["Location"]
    assert event.signups.count() == 1 and event.signups.get().name == "李建国"


def test_cancelled_and_back_goes_to_the_end_of_the_queue(city):
    event = life_event(city.communities[0], capacity=1)
    a = signups.sign_up(event=event, name="甲", phone="13900000001").signup
    signups.sign_up(event=event, name="乙", phone="13900000002")
    signups.cancel(code=a.code)
    again = signups.sign_up(event=event, name="甲", phone="13900000001")
    assert not again.repeated and again.signup.state == SignUpState.WAITING


def test_the_phone_is_encrypted_and_masked(city):
    event = life_event(city.communities[0])
    signup = signups.sign_up(event=event, name="王秀英", phone="13912345678").signup
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, name FROM community_signup WHERE id = %s", [signup.pk])
        stored = cursor.fetchone()
    assert stored[0].startswith("sm4.") and "13912345678" not in stored[0]
    assert "王秀英" not in stored[1]
    assert signup.masked_phone == "139****5678" and signup.masked_name == "王**"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "张三", "phone": "12345", "privacy": "on"}, "请填写正确的 11 位手机号码"),
        ({"name": " ", "phone": "13900001111", "privacy": "on"}, "请填写姓名"),
        ({"name": "张三", "phone": "13900001111"}, "请勾选同意后再报名"),
    ],
)
def test_bad_input_is_told_in_chinese(city, data, message):
    event = life_event(city.communities[0])
    response = Client().post(url(event), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not event.signups.exists()


def test_no_sign_up_outside_the_window(city):
    now = timezone.now()
    closed = life_event(city.communities[0], signup_closes_at=now - timedelta(hours=1))
    later = life_event(city.communities[0], signup_opens_at=now + timedelta(days=1))
    past = life_event(city.communities[0], days=-1)
    for event in (closed, later, past):
        response = post(Client(), event)
        assert response.status_code == 409 and "不在报名时间内" in response.content.decode()
        assert not event.signups.exists()


def test_drafts_and_other_communities_urls_are_not_found(city):
    draft = life_event(city.communities[0], status="draft")
    assert Client().get(url(draft)).status_code == 404
    event = life_event(city.communities[0])
    wrong = f"/c/{city.communities[3].code}/events/{event.pk}/"
    assert Client().get(wrong).status_code == 404
    assert Client().get("/events/signup/no-such-code/").status_code == 404


def test_sign_ups_are_rate_limited_per_address(city, settings):
    settings.CIVICGRID_RATE_ANSWERS_PER_IP_HOUR = 2
    event = life_event(city.communities[0])
    client = Client(REMOTE_ADDR="10.9.9.9")
    assert post(client, event, phone="13900000001").status_code == 302
    assert post(client, event, phone="13900000001").status_code == 302  # a repeat: given back
    assert post(client, event, phone="13900000002").status_code == 302
    refused = post(client, event, phone="13900000003")
    assert refused.status_code == 429 and "提交过于频繁" in refused.content.decode()


def test_a_failed_text_leaves_the_promotion_in_place(
    city, texts, django_capture_on_commit_callbacks
):
    from civicgrid.notify.adapters import DeliveryError

    OutboxSms.fail_with = DeliveryError("网关不可用")
    event = life_event(city.communities[0], capacity=1)
    a = signups.sign_up(event=event, name="甲", phone="13900000001").signup
    b = signups.sign_up(event=event, name="乙", phone="13900000002").signup
    with django_capture_on_commit_callbacks(execute=True):
        signups.cancel(code=a.code)
    b.refresh_from_db()
    assert b.state == SignUpState.CONFIRMED and b.notified_at is None
