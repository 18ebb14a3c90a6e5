"""The convenience map: places nearest first for residents; staff keep them, every change logged."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.amenities import hours, nearby
from civicgrid.amenities.models import Amenity, AmenityLog
from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.people import actions
from civicgrid.people.scopes import area_scope, can, scope_filter

LISTED_WITHOUT_POINT = 50
EDITED = ("kind", "name", "address", "community", "lng", "lat", "hours", "notes")


@dataclass(frozen=True)
class Shown:
    """A place as the public list shows it: how far, which way, open now, how to get there."""

    item: Any  # an Amenity or a Workstation
    where: str
    open_now: bool | None
    route: nearby.Route | None


def show(item, origin: tuple[float, float] | None, now: datetime) -> Shown:
    placed = item.lng is not None and item.lat is not None
    return Shown(
        item=item,
        where=nearby.where_from(origin, item.lng, item.lat),
        open_now=hours.is_open(item.hours, timezone.localtime(now)),
        route=nearby.route_to(item.name, item.lng, item.lat) if placed else None,
    )


def search(rows: QuerySet, text: str) -> QuerySet:
    text = text.strip()[:50]
    if not text:
        return rows
    return rows.filter(
        Q(name__contains=text) | Q(address__contains=text) | Q(community__name__contains=text)
    )


def listed(
    rows: QuerySet,
    *,
    origin: tuple[float, float] | None,
    text: str = "",
    now=None,
    cap: int = LISTED_WITHOUT_POINT,
) -> list[Shown]:
    """Rows nearest first from the origin, else in community order; each as shown."""
    now = now or timezone.now()
    rows = search(rows, text)
    if origin is None:
        found = list(rows.order_by("community__path", "name", "pk")[:cap])
    else:
        found = nearby.nearest(rows, lng=origin[0], lat=origin[1], limit=nearby.NEAREST_SHOWN)
    return [show(item, origin, now) for item in found]


def public_amenities(kind: str) -> QuerySet[Amenity]:
    return Amenity.objects.filter(kind=kind, active=True).select_related("community")


def origin_of(*, lng: float | None, lat: float | None, community: Area | None):
    """The point to measure from: the phone's location, else the chosen community's centre."""
    if lng is not None and lat is not None:
        return (lng, lat)
    if community is not None and community.centroid_lng is not None:
        return (community.centroid_lng, community.centroid_lat)
    return None


# --- staff ------------------------------------------------------------------------------


def managed_by(user) -> QuerySet[Amenity]:
    """The places this user may edit: amenity.manage over their community."""
    scope = scope_filter(
        user, actions.AMENITY_MANAGE, area_field="community__path", department=None
    )
    return Amenity.objects.filter(scope).select_related("community")


def managed_communities(user) -> QuerySet[Area]:
    found = Area.objects.filter(area_scope(user, actions.AMENITY_MANAGE), level=Level.COMMUNITY)
    return found.order_by("path")


def amenity_for(user, pk: int) -> Amenity:
    """A place the user may edit: 404 outside their areas, 403 without the action there."""
    amenity = Amenity.objects.select_related("community").filter(pk=pk).first()
    if amenity is None or not (
        can(user, actions.AMENITY_MANAGE, amenity) or can(user, actions.CASE_VIEW, amenity)
    ):
        raise Http404(_("便民设施不存在或不在您的管辖范围内"))
    if not can(user, actions.AMENITY_MANAGE, amenity):
        raise PermissionDenied(_("您没有维护便民地图的权限"))
    return amenity


def _value(value):
    return value.code if isinstance(value, Area) else value


def save(*, actor, amenity: Amenity | None = None, source: str = "form", **fields) -> Amenity:
    """Create a place, or change one; the change and its log entry in one transaction."""
    target = fields.get("community") or (amenity.community if amenity else None)
    if target is None or not can(actor, actions.AMENITY_MANAGE, target):
        raise PermissionDenied(_("您没有维护该社区便民地图的权限"))
    with transaction.atomic():
        if amenity is None:
            amenity = Amenity.objects.create(**fields)
            action, changes = "create", {k: _value(fields[k]) for k in EDITED if k in fields}
        else:
            changes = {
                k: [_value(getattr(amenity, k)), _value(v)]
                for k, v in fields.items()
                if getattr(amenity, k) != v
            }
            if not changes:
                return amenity
            for k, v in fields.items():
                setattr(amenity, k, v)
            amenity.updated_at = timezone.now()
            amenity.save()
            action = "update"
        AmenityLog.objects.create(
            amenity=amenity, action=action, actor=actor, source=source, changes=changes
        )
    return amenity


def set_active(*, amenity: Amenity, active: bool, actor) -> Amenity:
    """Take a place off the public map (or back on); logged."""
    if not can(actor, actions.AMENITY_MANAGE, amenity):
        raise PermissionDenied(_("您没有维护该社区便民地图的权限"))
    if amenity.active == active:
        return amenity
    with transaction.atomic():
        amenity.active, amenity.updated_at = active, timezone.now()
        amenity.save(update_fields=["active", "updated_at"])
        AmenityLog.objects.create(
            amenity=amenity, action="activate" if active else "deactivate", actor=actor
        )
    return amenity
