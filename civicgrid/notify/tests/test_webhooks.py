"""Signed webhooks: a real local receiver checks the wire format, the HMAC and the retries."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.utils import timezone

from civicgrid.cases import workflow
from civicgrid.cases.tests.helpers import new_case
from civicgrid.notify import outbox
from civicgrid.notify.models import WebhookDelivery, WebhookSubscriber
from civicgrid.notify.outbox import deliver_pending
from civicgrid.notify.tests.helpers import Receiver

pytestmark = pytest.mark.django_db

SECRET = "s3cret-for-the-command-centre"
DOCS = Path(django_settings.BASE_DIR) / "docs" / "webhooks.md"


@pytest.fixture(autouse=True)
def _quiet_sms(fake_sms):
    return fake_sms


def documented_verify():
    """The receiver's snippet from docs/webhooks.md, run as the docs print it."""
    [code] = re.findall(r"```python\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - our own documentation
    return namespace["verify"]


def subscribe(receiver, **kwargs) -> WebhookSubscriber:
    defaults = dict(name="指挥中心", url=f"{receiver.url}/hooks/civicgrid", secret=SECRET)
    defaults.update(kwargs)
    return WebhookSubscriber.objects.create(**defaults)


def test_it_posts_a_signed_event_the_documented_snippet_verifies(city, receiver):
    subscribe(receiver)
    case = new_case(city, reporter_name="张三")

    assert receiver.requests == []  # never inside the request
    assert deliver_pending()["webhooks"] == 1

    [request] = receiver.requests
    assert (request.method, request.path) == ("POST", "/hooks/civicgrid")
    delivery = WebhookDelivery.objects.get()
    assert request.headers["X-CivicGrid-Event"] == "report"
    assert request.headers["X-CivicGrid-Delivery"] == str(delivery.uid)
    event = documented_verify()(SECRET, request.body, request.headers["X-CivicGrid-Signature"])
    assert event["id"] == str(delivery.uid) and event["event"] == "report"
    assert event["case"]["code"] == case.code and event["case"]["status"] == "reported"
    assert event["case"]["url"] == f"http://testserver/t/{case.code}/"
    assert event["case"]["area"]["code"] == case.grid.code
    # No personal data, nor the owner key of the tracking link.
    text = request.body.decode()
    assert "13812345678" not in text and "张三" not in text and "?k=" not in text
    assert "垃圾没人清理" not in text
    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_status, delivery.attempts) == ("sent", 200, 1)


def test_a_forged_or_stale_body_fails_the_documented_check(city, receiver):
    subscribe(receiver)
    new_case(city)
    deliver_pending()
    [request] = receiver.requests
    verify = documented_verify()
    signature = request.headers["X-CivicGrid-Signature"]
    with pytest.raises(ValueError, match="signature"):
        verify(SECRET, request.body.replace(b'"report"', b'"close"'), signature)
    with pytest.raises(ValueError, match="signature"):
        verify("another-secret-entirely", request.body, signature)
    later = timezone.now() + timedelta(minutes=10)
    with time_machine.travel(later), pytest.raises(ValueError, match="too old"):
        verify(SECRET, request.body, signature)


def test_it_sends_only_the_subscribed_events_and_events_the_bell_ignores(city, people, receiver):
    subscribe(receiver, name="只要结案", actions=["accept"])
    case = new_case(city)
    workflow.accept(case=case, actor=people.dispatcher)  # no bell, no text: still queued
    deliver_pending()
    assert [r.headers["X-CivicGrid-Event"] for r in receiver.requests] == ["accept"]


def test_an_inactive_subscriber_gets_nothing(city, receiver):
    subscribe(receiver, active=False)
    new_case(city)
    deliver_pending()
    assert receiver.requests == [] and WebhookDelivery.objects.count() == 0


def test_delivering_twice_posts_once(city, receiver):
    subscribe(receiver)
    new_case(city)
    deliver_pending()
    deliver_pending()
    assert len(receiver.requests) == 1


def test_it_retries_with_backoff_then_keeps_a_dead_letter(city, receiver):
    subscribe(receiver)
    receiver.answer = lambda path, request: (500, b"oops")
    new_case(city)
    start = timezone.now()
    deliver_pending()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status) == ("pending", 1, 500)
    assert "HTTP 500" in delivery.last_error
    assert timedelta(seconds=50) < delivery.next_attempt_at - start < timedelta(seconds=70)

    deliver_pending()  # not due yet
    assert len(receiver.requests) == 1

    waits = []  # minutes from each retry to the next
    for _retry in range(5):
        with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1), tick=False):
            deliver_pending()
            now = timezone.now()
        delivery.refresh_from_db()
        if delivery.status == "pending":
            waits.append((delivery.next_attempt_at - now).total_seconds() / 60)
    assert len(receiver.requests) == 6
    assert waits == [5, 30, 120, 720]
    assert (delivery.status, delivery.attempts, delivery.last_status) == ("dead", 6, 500)

    with time_machine.travel(timezone.now() + timedelta(days=2), tick=False):
        deliver_pending()
    assert len(receiver.requests) == 6  # a dead letter waits for a person


def test_the_dead_letter_shows_in_admin_and_its_action_sends_it_again(client, city, receiver):
    subscribe(receiver)
    receiver.answer = lambda path, request: (503, b"")
    case = new_case(city)
    deliver_pending()
    WebhookDelivery.objects.update(status="dead", attempts=6)
    client.force_login(city.users["admin"])

    page = client.get("/admin/notify/webhookdelivery/", {"status__exact": "dead"})
    text = page.content.decode()
    assert page.status_code == 200
    assert case.code in text and "HTTP 503" in text and "指挥中心" in text
    assert "死信" in text

    receiver.answer = None
    delivery = WebhookDelivery.objects.get()
    response = client.post(
        "/admin/notify/webhookdelivery/",
        {"action": "retry_deliveries", "_selected_action": [delivery.pk]},
        follow=True,
    )
    assert "已安排 1 条重新投递" in response.content.decode()
    deliver_pending()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status) == ("sent", 1, 200)
    assert receiver.json()["id"] == str(delivery.uid)  # the same id: receivers de-duplicate


def test_a_hanging_subscriber_times_out_without_holding_up_the_others(city, receiver):
    fast = Receiver()
    try:
        subscribe(receiver, name="慢")
        subscribe(fast, name="快")
        receiver.answer = lambda path, request: "hang"
        new_case(city)
        deliver_pending()
        slow = WebhookDelivery.objects.get(subscriber__name="慢")
        assert slow.status == "pending" and "超时" in slow.last_error and slow.last_status is None
        assert WebhookDelivery.objects.get(subscriber__name="快").status == "sent"
        assert len(fast.requests) == 1
    finally:
        fast.close()


def test_a_row_claimed_by_another_worker_is_left_alone(city, receiver):
    subscribe(receiver)
    new_case(city)
    for row in outbox.claim():  # fan out only: the deliveries are queued, not sent
        outbox.fan_out(row)
    WebhookDelivery.objects.update(claimed_at=timezone.now())
    assert deliver_pending()["webhooks"] == 0
    WebhookDelivery.objects.update(claimed_at=timezone.now() - timedelta(minutes=10))
    assert deliver_pending()["webhooks"] == 1  # a stale claim is taken over


def test_an_unreachable_subscriber_is_retried(city, settings):
    WebhookSubscriber.objects.create(name="关闭", url="http://127.0.0.1:9/", secret=SECRET)
    new_case(city)
    deliver_pending()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and "无法连接" in delivery.last_error


def test_the_subscriber_form_refuses_a_short_secret_and_a_file_url(client, city):
    client.force_login(city.users["admin"])
    response = client.post(
        "/admin/notify/webhooksubscriber/add/",
        {"name": "x", "url": "file:///etc/passwd", "secret": "short", "active": "on"},
    )
    text = response.content.decode()
    assert response.status_code == 200 and "签名密钥至少 16 个字符" in text
    assert WebhookSubscriber.objects.count() == 0
    page = client.get("/admin/notify/webhooksubscriber/add/")
    assert page.status_code == 200 and "核查通过" in page.content.decode()


def test_retention_deletes_ended_deliveries_past_their_days_and_keeps_pending_ones(
    city, receiver, settings
):
    from civicgrid.ops import pipl

    settings.CIVICGRID_RETENTION_MESSAGES_DAYS = 180
    subscriber = subscribe(receiver)
    cases = [new_case(city) for _ in range(4)]
    outbox.deliver_pending()
    assert WebhookDelivery.objects.filter(status="sent").count() == 4
    rows = {c.pk: WebhookDelivery.objects.get(event__case=c) for c in cases}
    old = timezone.now() - timedelta(days=181)
    rows[cases[1].pk].status = "dead"
    rows[cases[2].pk].status = "pending"  # still being retried: never dropped
    for case in cases[1:]:
        rows[case.pk].created_at = old
        rows[case.pk].save()
    assert pipl.apply_retention()["webhook_deliveries"] == 2  # the old sent one and the dead one
    kept = set(subscriber.deliveries.values_list("event__case", flat=True))
    assert kept == {cases[0].pk, cases[2].pk}
