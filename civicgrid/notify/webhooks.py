"""Signed webhooks: every matching case event becomes one delivery row per subscriber.

The outbox pass queues the rows (`queue()`, inside fan_out) and then sends the due ones
(`send_due()`). Each row is claimed alone with a conditional UPDATE just before it is sent, so
several workers share the work and a slow subscriber (bounded by NOTIFY_TIMEOUT) holds up only
the row in hand. A failure is retried after BACKOFF[attempts - 1]; after the last, the row is a
dead letter, listed in admin with its last status and error, where it can be retried.
"""

import json
from datetime import timedelta

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from civicgrid.lib.cached import Versioned
from civicgrid.notify.adapters import DeliveryError, webhook
from civicgrid.notify.choices import DeliveryStatus
from civicgrid.notify.models import WebhookDelivery, WebhookSubscriber

BACKOFF = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
]
MAX_ATTEMPTS = len(BACKOFF) + 1  # the first try and one retry per step
STALE_CLAIM = timedelta(minutes=5)


def _build() -> list[tuple[int, frozenset[str]]]:
    """(subscriber id, its actions; empty for all) of the active subscribers."""
    rows = WebhookSubscriber.objects.filter(active=True).values_list("pk", "actions")
    return [(pk, frozenset(actions or ())) for pk, actions in rows]


subscribers = Versioned("webhook-subscribers", _build)


def subscribed(action: str) -> list[int]:
    """The active subscribers told of this event action; no query once cached."""
    return [pk for pk, actions in subscribers.get() if not actions or action in actions]


def queue(event) -> int:
    """One pending delivery per subscriber of this event; safe to repeat."""
    wanted = subscribed(event.action)
    if not wanted:
        return 0
    # Read again: the cache may still hold a subscriber deleted (or rolled back) meanwhile.
    ids = WebhookSubscriber.objects.filter(pk__in=wanted, active=True).values_list("pk", flat=True)
    rows = [WebhookDelivery(subscriber_id=pk, event=event) for pk in ids]
    return len(WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True))


def payload(delivery: WebhookDelivery, now) -> dict:
    """The JSON sent: the event and its case, no personal data (no name, phone, text)."""
    from civicgrid.lib.urls import public_url

    event = delivery.event
    case = event.case
    return {
        "id": str(delivery.uid),
        "timestamp": int(now.timestamp()),
        "event": event.action,
        "at": timezone.localtime(event.at).isoformat(timespec="seconds"),
        "case": {
            "code": case.code,
            "status": case.status,
            "status_label": str(case.get_status_display()),
            "category": str(case.category) if case.category_id else None,
            "area": {"code": case.grid.code, "name": case.grid.name} if case.grid else None,
            "url": f"{public_url()}{reverse('intake:track', args=[case.code])}",
        },
    }


def _due(now):
    fresh = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_CLAIM)
    return WebhookDelivery.objects.filter(
        fresh, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    )


def send_due(limit: int = 200) -> int:
    """Send the deliveries that are due; returns how many were answered with a 2xx."""
    channel = webhook()
    sent = 0
    for pk in list(
        _due(timezone.now()).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit]
    ):
        now = timezone.now()
        if not _due(now).filter(pk=pk).update(claimed_at=now, attempts=F("attempts") + 1):
            continue  # another worker took it
        delivery = WebhookDelivery.objects.select_related(
            "subscriber", "event__case__category", "event__case__grid"
        ).get(pk=pk)
        body = json.dumps(payload(delivery, now), ensure_ascii=False).encode()
        try:
            status = channel.send(
                url=delivery.subscriber.url,
                secret=delivery.subscriber.secret,
                body=body,
                event=delivery.event.action,
                delivery=str(delivery.uid),
            )
        except DeliveryError as exc:
            dead = delivery.attempts >= MAX_ATTEMPTS
            WebhookDelivery.objects.filter(pk=pk).update(
                claimed_at=None,
                status=DeliveryStatus.DEAD if dead else DeliveryStatus.PENDING,
                next_attempt_at=now if dead else now + BACKOFF[delivery.attempts - 1],
                last_status=exc.status,
                last_error=str(exc)[:500],
            )
        else:
            WebhookDelivery.objects.filter(pk=pk).update(
                claimed_at=None,
                status=DeliveryStatus.SENT,
                sent_at=now,
                last_status=status,
                last_error="",
            )
            sent += 1
    return sent


def retry(deliveries) -> int:
    """Send these deliveries again at the next pass, with a fresh run of retries."""
    return deliveries.exclude(status=DeliveryStatus.SENT).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), claimed_at=None
    )
