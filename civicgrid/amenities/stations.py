"""The public station directory 城管地图: every workstation, nearest first, with today's duty."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from civicgrid.amenities import services
from civicgrid.field.duty import OnDuty, on_duty_by_community
from civicgrid.people.models import Workstation

EVERY_STATION_CAP = 500  # without a location the directory lists them all, street by street


@dataclass(frozen=True)
class Station:
    shown: services.Shown
    street_name: str
    on_duty: list[OnDuty]


def workstations() -> QuerySet[Workstation]:
    return Workstation.objects.select_related("community__parent")


def directory(*, origin, text: str = "", now=None) -> list[Station]:
    """Workstations nearest first (or in tree order), each with its masked duty of today."""
    now = now or timezone.now()
    rows = services.listed(workstations(), origin=origin, text=text, now=now, cap=EVERY_STATION_CAP)
    duty = on_duty_by_community([r.item.community_id for r in rows], timezone.localdate(now))
    return [
        Station(
            shown=r,
            street_name=r.item.community.parent.name if r.item.community.parent else "",
            on_duty=duty.get(r.item.community_id, []),
        )
        for r in rows
    ]
