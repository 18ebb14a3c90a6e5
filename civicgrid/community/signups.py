"""Event sign-ups from the portal: one per phone, capacity then a waiting list, cancelling
promotes the first waiting person (who gets a text), and check-in at the door.

Every change takes the event row FOR UPDATE first (SQLite locks the whole database on
write), so two last-seat sign-ups at once are counted one after the other: never overbooked.
"""

import logging
from dataclasses import dataclass
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from civicgrid.community.choices import SignUpState
from civicgrid.community.models import Event, SignUp
from civicgrid.lib.crypto import digest
from civicgrid.notify.adapters import DeliveryError, sms

log = logging.getLogger(__name__)

PROMOTED = N_(
    "【城管进社区】您候补的活动“%(title)s”（%(when)s，%(place)s）有了空位，已为您转为正式报名。"
)


class SignUpError(ValueError):
    """A sign-up refused for a reason the resident can read."""


@dataclass(frozen=True)
class Result:
    signup: SignUp
    repeated: bool  # the phone had signed up already: nothing changed


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def confirmed_count(event: Event) -> int:
    return event.signups.filter(state=SignUpState.CONFIRMED).count()


def waiting(event: Event):
    return event.signups.filter(state=SignUpState.WAITING).order_by("created_at", "pk")


def _state_for(event: Event) -> str:
    full = event.capacity and confirmed_count(event) >= event.capacity
    return SignUpState.WAITING if full else SignUpState.CONFIRMED


def sign_up(*, event: Event, name: str, phone: str, now=None) -> Result:
    """Take a place or a waiting one; the same phone again gets its existing sign-up back."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            event = _locked(event)
            if not event.signup_open(now):
                raise SignUpError(_("该活动当前不在报名时间内"))
            mine = event.signups.filter(phone_digest=digest(phone)).first()
            if mine and mine.state != SignUpState.CANCELLED:
                return Result(mine, repeated=True)
            state = _state_for(event)
            if mine:  # signed up, cancelled, and back: to the end of the queue
                mine.name, mine.state, mine.created_at = name, state, now
                mine.save(update_fields=["name", "state", "created_at"])
                return Result(mine, repeated=False)
            signup = SignUp.objects.create(
                event=event, name=name, phone=phone, state=state, created_at=now
            )
            return Result(signup, repeated=False)
    except IntegrityError:  # the same phone at the same instant: the other one won
        return Result(event.signups.get(phone_digest=digest(phone)), repeated=True)


def cancel(*, code: str) -> SignUp | None:
    """Cancel by the code given at sign-up; a freed seat goes to the first waiting person."""
    with transaction.atomic():
        signup = SignUp.objects.filter(code=code).select_related("event").first()
        if signup is None:
            return None
        event = _locked(signup.event)
        signup.refresh_from_db()
        if signup.state == SignUpState.CANCELLED:
            return signup
        freed = signup.state == SignUpState.CONFIRMED
        signup.state = SignUpState.CANCELLED
        signup.save(update_fields=["state"])
        if freed and event.starts_at > timezone.now():
            promote(event)
        return signup


def promote(event: Event) -> list[SignUp]:
    """Move waiting people up while there are seats; call inside the event's lock."""
    moved = []
    while not event.capacity or confirmed_count(event) < event.capacity:
        first = waiting(event).first()
        if first is None:
            break
        first.state = SignUpState.CONFIRMED
        first.save(update_fields=["state"])
        moved.append(first)
        transaction.on_commit(partial(_text, first))
    return moved


def _text(signup: SignUp) -> None:
    event = signup.event
    if not signup.phone:
        return
    body = _(PROMOTED) % {
        "title": event.title,
        "when": timezone.localtime(event.starts_at).strftime("%m-%d %H:%M"),
        "place": event.place or event.community.name,
    }
    try:
        sms().send(to=signup.phone, body=body[:500])
    except DeliveryError as exc:
        log.warning("promotion text for sign-up %s not sent: %s", signup.pk, exc)
        return
    SignUp.objects.filter(pk=signup.pk).update(notified_at=timezone.now())


def check_in(*, signup: SignUp, present: bool, now=None) -> None:
    """Mark someone present at the door (or undo a mistaken tick)."""
    SignUp.objects.filter(pk=signup.pk).update(
        attended_at=(now or timezone.now()) if present else None
    )


def walk_in(*, event: Event, name: str, phone: str = "", now=None) -> SignUp:
    """Someone who came without signing up: counted as present, outside the capacity."""
    now = now or timezone.now()
    if phone and (mine := event.signups.filter(phone_digest=digest(phone)).first()):
        mine.attended_at = mine.attended_at or now
        mine.save(update_fields=["attended_at"])
        return mine
    return SignUp.objects.create(
        event=event, name=name, phone=phone, walk_in=True, attended_at=now, created_at=now
    )


def attended_count(event: Event) -> int:
    return event.signups.filter(attended_at__isnull=False).count()
