"""Event sign-ups under PIPL: found by the phone's digest for a copy or an erasure, and their
name and number blanked once the event is RETENTION_DAYS past. The row stays (it was
counted in the attendance); only the contact goes."""

from datetime import datetime, timedelta

from django.utils import timezone

from civicgrid.community.models import SignUp
from civicgrid.lib.crypto import digest

RETENTION_DAYS = 180  # long enough for a follow-up and the year's ledger, no longer
BLANK = {"name": "", "phone": "", "phone_digest": ""}


def _iso(value: datetime | None) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


def signups_of(phone: str) -> list[dict]:
    """The sign-ups left with this (normalised) number, as the resident's copy lists them."""
    rows = SignUp.objects.filter(phone_digest=digest(phone)).select_related("event__community")
    return [
        {
            "event": s.event.title,
            "starts_at": _iso(s.event.starts_at),
            "community": s.event.community.name,
            "state": s.get_state_display(),
            "created_at": _iso(s.created_at),
            "attended_at": _iso(s.attended_at),
            "name": s.name,
            "phone": s.phone,
        }
        for s in rows.order_by("created_at", "pk")
    ]


def erase(phone: str) -> int:
    return SignUp.objects.filter(phone_digest=digest(phone)).update(**BLANK)


def expire(now: datetime) -> int:
    """Blank the contacts of sign-ups to events that began over RETENTION_DAYS ago."""
    cutoff = now - timedelta(days=RETENTION_DAYS)
    old = SignUp.objects.filter(event__starts_at__lt=cutoff)
    return old.exclude(name="", phone="").update(**BLANK)
