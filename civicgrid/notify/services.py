"""The bell: what a staff member has been told, and marking it read; a reporter's WeChat id."""

import re

from django.utils import timezone

from civicgrid.notify.models import Notification, WeChatFollower

OPENID_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(*, user, ids=None) -> int:
    """Mark the given notifications (or all) of this user read; returns how many."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def remember_openid(*, case, openid: str) -> WeChatFollower | None:
    """Keep the WeChat follower who reported `case`, to tell them by template messages; a
    WeChat channel calls this after `cases.services.report()`. Blank or odd ids are ignored."""
    openid = (openid or "").strip()
    if not OPENID_RE.match(openid):
        return None
    follower, _created = WeChatFollower.objects.update_or_create(
        case=case, defaults={"openid": openid}
    )
    return follower
