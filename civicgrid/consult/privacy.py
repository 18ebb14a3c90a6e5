"""A resident's consultation answers under PIPL: found by the phone's digest for a copy or an
erasure, and their contact data blanked once the retention period after the topic has passed.

The answer itself stays (it was counted in the published grouping); only the name and number go.
"""

from datetime import datetime

from django.utils import timezone

from civicgrid.consult.models import Answer
from civicgrid.lib.crypto import digest

BLANK = {"name": "", "phone": "", "phone_digest": ""}


def _iso(value: datetime | None) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


def answers_of(phone: str) -> list[dict]:
    """The answers left with this (normalised) mobile number, as the resident's copy lists them."""
    rows = (
        Answer.objects.filter(phone_digest=digest(phone))
        .select_related("topic", "community")
        .order_by("created_at", "pk")
    )
    return [
        {
            "topic": a.topic.title,
            "created_at": _iso(a.created_at),
            "community": a.community.name,
            "choice": a.choice_label,
            "text": a.text,
            "name": a.name,
            "phone": a.phone,
        }
        for a in rows
    ]


def erase(phone: str) -> int:
    """Blank the name and number of every answer left with this (normalised) number."""
    return Answer.objects.filter(phone_digest=digest(phone)).update(**BLANK)


def expire(cutoff: datetime) -> int:
    """Blank the contact data of answers to topics that ended before `cutoff`."""
    ended = Answer.objects.filter(topic__ends_on__lt=timezone.localdate(cutoff))
    return ended.exclude(phone_digest="").update(**BLANK)
