"""The event outbox: every case event gets a row in its own transaction; a worker delivers.

Nothing is sent inside the request. `deliver_pending()` claims rows with a conditional UPDATE,
so any number of workers may run it at once, then fans each event out to in-app notifications
and resident messages (SMS, WeChat) and webhook deliveries, then sends what is queued through
the adapters of notify/adapters.py.
"""

import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from civicgrid.cases.events import insert
from civicgrid.notify import rules, webhooks
from civicgrid.notify.adapters import DeliveryError, sms, wechat
from civicgrid.notify.choices import Channel, MessageStatus
from civicgrid.notify.models import Message, Notification, Outbox, WeChatFollower

# Events dated further back than this are history being recorded (imports, the demo city),
# not news: nobody is notified of them.
BACKDATED = timedelta(hours=1)
STALE_CLAIM = timedelta(minutes=5)
MAX_ATTEMPTS = 5


def on_event_saved(sender, instance, created, raw=False, **kwargs):
    """post_save of CaseEvent: queue it for delivery in the same transaction."""
    if not created or raw or instance.at < timezone.now() - BACKDATED:
        return
    action = instance.action
    told = action in rules.STAFF or action in rules.RESIDENT
    if not told and not webhooks.subscribed(action):
        return
    insert(Outbox(event=instance))
    transaction.on_commit(_kick)


def _kick():
    # At most one wake-up task every two seconds from this process; the serve loop also
    # enqueues one every minute, so a missed kick only delays delivery.
    if cache.add("civicgrid:notify:kick", 1, timeout=2):
        from civicgrid.notify.tasks import deliver_outbox

        deliver_outbox.enqueue()


def claim_rows(rows: QuerySet, limit: int) -> QuerySet:
    """Take up to `limit` unfinished rows of an outbox table (`claimed_at`, `claim`, `done_at`)
    for this worker alone, with a conditional UPDATE; the rows taken."""
    now = timezone.now()
    token = uuid.uuid4().hex
    pending = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_CLAIM)
    ids = list(
        rows.filter(pending, done_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    if ids:
        rows.filter(pending, pk__in=ids, done_at__isnull=True).update(claimed_at=now, claim=token)
    return rows.model.objects.filter(claim=token) if ids else rows.none()


def claim(limit: int = 200) -> list[Outbox]:
    """Take up to `limit` pending rows for this worker alone."""
    taken = claim_rows(Outbox.objects.filter(attempts__lt=MAX_ATTEMPTS), limit)
    return list(taken.select_related("event__case__category"))


def fan_out(row: Outbox) -> None:
    """Turn one event into notifications and queued messages; safe to repeat."""
    event = row.event
    if event.action in rules.STAFF:
        text = rules.staff_text(event)
        Notification.objects.bulk_create(
            [
                Notification(
                    user_id=u, case=event.case, event=event, text=text, created_at=event.at
                )
                for u in rules.staff_recipients(event)
            ],
            ignore_conflicts=True,
        )
    body = rules.resident_text(event)
    if body:
        _queue(Message(to=event.case.reporter_phone, body=body, case=event.case, event=event))
    if event.action in rules.RESIDENT and settings.CIVICGRID_WECHAT_BACKEND:
        follower = WeChatFollower.objects.filter(case=event.case).first()
        body = rules.resident_text(event, Channel.WECHAT) if follower else None
        if follower and body:
            _queue(
                Message(
                    channel=Channel.WECHAT,
                    to=follower.openid,
                    body=body,
                    case=event.case,
                    event=event,
                )
            )
    webhooks.queue(event)


def _queue(message: Message) -> None:
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        pass  # queued by an earlier attempt


def send_queued(limit: int = 200) -> int:
    """Send queued text messages; a temporary failure is retried on the next run."""
    sent = 0
    channels: dict[str, Any] = {Channel.SMS: sms(), Channel.WECHAT: wechat()}
    # A channel switched off since its messages were queued keeps them until it is back.
    on = [name for name, adapter in channels.items() if adapter is not None]
    queued = Message.objects.filter(status=MessageStatus.QUEUED, channel__in=on)
    for message in queued.select_related("event__case").order_by("pk")[:limit]:
        channel = channels[message.channel]
        # Claim the message so two workers never send it twice.
        if not Message.objects.filter(
            pk=message.pk, status=MessageStatus.QUEUED, attempts=message.attempts
        ).update(attempts=message.attempts + 1):
            continue
        try:
            if message.channel == Channel.WECHAT:
                channel.send(to=message.to, body=message.body, **rules.wechat_extra(message.event))
            else:
                channel.send(to=message.to, body=message.body)
        except DeliveryError as exc:
            failed = exc.permanent or message.attempts + 1 >= MAX_ATTEMPTS
            Message.objects.filter(pk=message.pk).update(
                error=str(exc)[:500], status=MessageStatus.FAILED if failed else message.status
            )
        else:
            Message.objects.filter(pk=message.pk).update(
                status=MessageStatus.SENT, sent_at=timezone.now(), error=""
            )
            sent += 1
    return sent


def deliver_pending(limit: int = 200) -> dict:
    """One pass of the worker: fan out claimed events, then send messages and webhooks."""
    delivered = failed = 0
    for row in claim(limit):
        try:
            with transaction.atomic():
                fan_out(row)
                Outbox.objects.filter(pk=row.pk).update(done_at=timezone.now(), error="")
            delivered += 1
        except Exception as exc:  # noqa: BLE001 - one bad event must not stop the others
            Outbox.objects.filter(pk=row.pk).update(
                attempts=row.attempts + 1, claimed_at=None, claim="", error=str(exc)[:500]
            )
            failed += 1
    return {
        "events": delivered,
        "failed": failed,
        "sms": send_queued(limit),
        "webhooks": webhooks.send_due(limit),
    }
