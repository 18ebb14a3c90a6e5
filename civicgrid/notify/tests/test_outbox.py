"""The outbox turns case events into the bell and resident texts, exactly once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from civicgrid.cases import workflow
from civicgrid.cases.tests.helpers import new_case
from civicgrid.notify.adapters import DeliveryError
from civicgrid.notify.models import Message, Notification, Outbox
from civicgrid.notify.outbox import deliver_pending
from civicgrid.notify.tests.helpers import OutboxSms

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fake_sms(settings):
    settings.CIVICGRID_SMS_BACKEND = "civicgrid.notify.tests.helpers.OutboxSms"
    settings.CIVICGRID_PUBLIC_URL = "https://cg.example.cn"
    OutboxSms.sent = []
    OutboxSms.fail_with = None
    yield OutboxSms
    OutboxSms.fail_with = None


def unread(user):
    return list(Notification.objects.filter(user=user, read_at=None).values_list("text", flat=True))


def test_report_tells_the_accepters_and_texts_the_resident(city, people, fake_sms):
    case = new_case(city)
    assert Outbox.objects.filter(event__case=case).count() == 1
    assert unread(people.station_head) == []  # nothing is sent inside the request

    result = deliver_pending()

    assert result == {"events": 1, "failed": 0, "sms": 1, "webhooks": 0}
    assert any(case.code in t and "待受理" in t for t in unread(people.station_head))
    assert any(case.code in t for t in unread(people.dispatcher))
    assert unread(people.handler) == []  # nothing to handle yet
    assert unread(people.neighbour) == []  # another community
    assert unread(people.outsider) == []
    [(to, body)] = fake_sms.sent
    assert to == "13812345678"
    assert f"https://cg.example.cn/t/{case.code}/" in body


def test_dispatch_reaches_the_department_not_the_actor(city, people):
    case = new_case(city, reporter_phone="")
    workflow.accept(case=case, actor=people.dispatcher)
    workflow.dispatch(case=case, actor=people.dispatcher)
    deliver_pending()
    assert any("待处置" in t for t in unread(people.handler))
    assert unread(people.other_handler) == []  # water is not summoned
    assert not any("待处置" in t for t in unread(people.dispatcher))
    assert Message.objects.filter(case=case).count() == 0  # no phone, no text


def test_delivering_twice_notifies_once(city, people, fake_sms):
    new_case(city)
    deliver_pending()
    deliver_pending()
    assert len(unread(people.station_head)) == 1
    assert len(fake_sms.sent) == 1


def test_a_claimed_row_is_not_taken_by_a_second_worker(city):
    case = new_case(city)
    Outbox.objects.filter(event__case=case).update(claimed_at=timezone.now(), claim="other")
    assert deliver_pending()["events"] == 0
    Outbox.objects.filter(event__case=case).update(
        claimed_at=timezone.now() - timedelta(minutes=10)
    )
    assert deliver_pending()["events"] == 1  # a stale claim is taken over


def test_a_temporary_sms_failure_is_retried_and_a_permanent_one_is_not(city, fake_sms):
    new_case(city)
    fake_sms.fail_with = DeliveryError("网关超时")
    deliver_pending()
    message = Message.objects.get()
    assert (message.status, message.attempts, message.error) == ("queued", 1, "网关超时")
    fake_sms.fail_with = None
    deliver_pending()
    message.refresh_from_db()
    assert message.status == "sent"

    second = new_case(city, reporter_phone="13900000000")
    fake_sms.fail_with = DeliveryError("空号", permanent=True)
    deliver_pending()
    assert Message.objects.get(case=second).status == "failed"


def test_backdated_events_notify_nobody(city, people):
    new_case(city, at=timezone.now() - timedelta(days=3))
    assert Outbox.objects.count() == 0


def test_the_closing_text_lets_the_resident_rate_from_any_browser(client, city, people, fake_sms):
    case = new_case(city)
    workflow.self_handle(case=case, actor=people.grid_worker, note="已清理", photos=[_photo()])
    workflow.verify(case=case, actor=people.station_head)
    workflow.close(case=case, actor=people.dispatcher)
    deliver_pending()
    [body] = [body for _, body in fake_sms.sent if "已办结" in body]
    key = body.split("?k=")[1]
    # A browser without the reporter's cookie (WeChat opens links in its own) may rate.
    client.post(f"/t/{case.code}/rate/", {"score": 4, "comment": "及时", "k": key})
    case.refresh_from_db()
    assert case.rating == 4


def _photo():
    from civicgrid.demo.photos import photo

    return photo("after")


def test_demo_fresh_reports_light_up_the_bells(city, people):
    from civicgrid.demo.history import fresh_reports

    fresh_reports(city, count=4)
    while deliver_pending()["events"]:
        pass
    assert any("待受理" in t for t in unread(people.station_head))
    assert any("待处置" in t for t in unread(people.handler))


def test_it_links_texts_to_the_address_the_resident_used_when_public_url_is_unset(
    client, city, settings, fake_sms
):
    from civicgrid.intake.tests.helpers import form_data, report_url

    settings.CIVICGRID_PUBLIC_URL = ""
    settings.ALLOWED_HOSTS = ["192.168.1.20"]
    response = client.post(report_url(city), form_data(city), HTTP_HOST="192.168.1.20:8001")
    assert response.status_code == 302
    deliver_pending()  # the worker: no request to ask
    [(_, body)] = fake_sms.sent
    assert "http://192.168.1.20:8001/t/" in body


def test_a_report_accepted_in_the_same_step_rings_no_to_accept_bell(city, people, fake_sms):
    from civicgrid.cases import workflow

    case = new_case(city)
    workflow.accept(case=case, actor=people.dispatcher)
    deliver_pending()
    assert not any(case.code in t and "待受理" in t for t in unread(people.station_head))
    assert len(fake_sms.sent) == 1  # the resident still hears the report was received
