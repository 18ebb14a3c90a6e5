"""Check-ins 签到 at a workstation or a grid/community, measured against the place.

Three outcomes, from the distance d to the place, the phone's accuracy a and the radius R:
d + a <= R is a plain check-in; d - a > R (even the accuracy circle's nearest edge lies beyond
R) is refused; anything between is accepted but flagged, because the phone cannot tell.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from shapely.geometry import Point, shape
from shapely.ops import nearest_points

from civicgrid.areas.choices import Level
from civicgrid.areas.geo import haversine_m
from civicgrid.areas.models import Area
from civicgrid.field.models import CheckIn
from civicgrid.lib.images import BadImage, clean_photo
from civicgrid.people import actions
from civicgrid.people.models import Workstation
from civicgrid.people.scopes import area_scope, can, grants_for


class CheckInRefused(ValueError):
    """The check-in cannot be taken; the message says why, in Chinese."""


@dataclass(frozen=True)
class Place:
    """Somewhere one can check in: a workstation (its point) or a grid/community (its shape)."""

    key: str
    label: str
    area: Area
    workstation: Workstation | None = None


def places(user) -> list[Place]:
    """Workstations, and for area-bound staff the grids, where the user may check in."""
    scope = area_scope(user, actions.FIELD_PATROL)
    found = [
        Place(f"ws-{w.pk}", w.name, w.community, w)
        for w in Workstation.objects.filter(community__in=Area.objects.filter(scope))
        .select_related("community")
        .order_by("community__path")
    ]
    if any(g.area_path for g in grants_for(user, actions.FIELD_PATROL)):
        grids = Area.objects.filter(scope, level=Level.GRID).order_by("path")
        found += [Place(f"area-{a.pk}", a.name, a) for a in grids]
    return found


def distance_to(place: Place, lng: float, lat: float) -> float | None:
    """Metres from the phone to the place: the workstation's point, else the area's edge (0
    inside it), else its centre; None when the place has no position at all."""
    ws = place.workstation
    if ws is not None and ws.lng is not None and ws.lat is not None:
        return haversine_m(ws.lng, ws.lat, lng, lat)
    area = place.area
    if area.boundary:
        polygon, here = shape(area.boundary), Point(lng, lat)
        if polygon.contains(here):
            return 0.0
        edge = nearest_points(polygon, here)[0]
        return haversine_m(edge.x, edge.y, lng, lat)
    if area.centroid_lng is not None and area.centroid_lat is not None:
        return haversine_m(area.centroid_lng, area.centroid_lat, lng, lat)
    return None


def judge(distance: float, accuracy: float) -> str:
    """ "ok", "flagged" or the Chinese reason for refusing, from the rule above."""
    radius = settings.CIVICGRID_CHECKIN_RADIUS_M
    if distance - accuracy > radius:
        return _(
            "签到未成功：您距签到地点约 %(d)s 米，超过允许的 %(r)s 米。请到达现场后再签到。"
        ) % {"d": round(distance), "r": radius}
    if distance + accuracy > radius:
        return "flagged"
    return "ok"


def check_in(
    *, user, place: Place, lng: float, lat: float, accuracy_m: float, photo, now=None
) -> CheckIn:
    """Record a check-in at `place`, or raise CheckInRefused with the reason."""
    if not can(user, actions.FIELD_PATROL, place.area):
        raise CheckInRefused(_("该地点不在您的签到范围内"))
    distance = distance_to(place, lng, lat)
    if distance is None:
        raise CheckInRefused(_("该地点尚未设置位置，暂不能签到，请联系管理员补充坐标"))
    verdict = judge(distance, accuracy_m)
    if verdict not in ("ok", "flagged"):
        raise CheckInRefused(verdict)
    try:
        cleaned = clean_photo(photo)
    except BadImage as exc:
        raise CheckInRefused(str(exc)) from exc
    reason = ""
    if verdict == "flagged":
        reason = _(
            "定位误差约 %(a)s 米，距签到地点约 %(d)s 米，无法确认在 %(r)s 米范围内，已标记存疑"
        ) % {
            "a": round(accuracy_m),
            "d": round(distance),
            "r": settings.CIVICGRID_CHECKIN_RADIUS_M,
        }
    return CheckIn.objects.create(
        user=user,
        at=now or timezone.now(),
        area=place.area,
        area_path=place.area.path,
        workstation=place.workstation,
        lng=lng,
        lat=lat,
        accuracy_m=accuracy_m,
        distance_m=round(distance),
        flagged=verdict == "flagged",
        flag_reason=reason,
        photo=cleaned,
    )
