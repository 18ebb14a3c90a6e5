"""The bell: what a staff member has been told, and marking it read."""

from django.utils import timezone

from civicgrid.notify.models import Notification


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
