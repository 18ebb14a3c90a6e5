"""Stamp a community's roster as changed whenever a staff profile or its workstation changes.

Posters are always rendered from the current roster; the stamp only tells readers how fresh
the printed copy on the wall is ("名单更新于 …").
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from civicgrid.people.models import StaffProfile, Workstation


def stamp(*community_ids) -> None:
    from civicgrid.community.models import RosterStamp

    now = timezone.now()
    for community_id in {c for c in community_ids if c}:
        RosterStamp.objects.update_or_create(
            community_id=community_id, defaults={"changed_at": now}
        )


def _community_of(workstation_id):
    if not workstation_id:
        return None
    return (
        Workstation.objects.filter(pk=workstation_id).values_list("community_id", flat=True).first()
    )


@receiver(pre_save, sender=StaffProfile)
def _remember_old_station(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._old_workstation_id = None
        return
    instance._old_workstation_id = (
        StaffProfile.objects.filter(pk=instance.pk).values_list("workstation_id", flat=True).first()
    )


@receiver(post_save, sender=StaffProfile)
@receiver(post_delete, sender=StaffProfile)
def _staff_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    old = getattr(instance, "_old_workstation_id", None)
    stamp(_community_of(instance.workstation_id), _community_of(old) if old else None)


@receiver(post_save, sender=Workstation)
def _workstation_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        stamp(instance.community_id)


@receiver(post_delete, sender=Workstation)
def _workstation_removed(sender, instance, **kwargs):
    stamp(instance.community_id)
