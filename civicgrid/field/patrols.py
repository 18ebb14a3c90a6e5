"""Patrols 巡查: start, record the phone's track, end; cases found on the way; the head's map.

The track is what the phone gave, nothing more: a point with a poor accuracy is kept but
marked (and left out of the distance), and where no point came for longer than the gap setting
(the page was closed, the phone slept) the track is broken there, never joined by a line.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.areas.geo import from_wgs84, haversine_m
from civicgrid.areas.models import Area
from civicgrid.cases import registration
from civicgrid.cases.models import Case
from civicgrid.field.models import Patrol, PatrolFinding, TrackPoint
from civicgrid.people import actions
from civicgrid.people.scopes import grants_for, scope_filter

MAX_BATCH = 500
FUTURE_SLACK = timedelta(minutes=2)  # a phone clock a little ahead is not a lie


class BadTrack(ValueError):
    """A batch of points the server cannot take; the message says why, in Chinese."""


def home_area(user) -> Area | None:
    """Where the user patrols: their workstation's community, else the area of their grant."""
    staff = getattr(user, "staff", None)
    if staff is not None and staff.workstation_id:
        return staff.workstation.community
    for grant in grants_for(user, actions.FIELD_PATROL):
        if grant.area_path:
            return Area.objects.filter(path=grant.area_path).first()
    if staff is not None and staff.department_id:
        return staff.department.area
    return None


def open_patrol(user) -> Patrol | None:
    return Patrol.objects.open().filter(user=user).first()


def start(*, user, now: datetime | None = None) -> Patrol:
    """Start a patrol, or return the one already under way (a second tap starts nothing)."""
    current = open_patrol(user)
    if current is not None:
        return current
    area = home_area(user)
    try:
        with transaction.atomic():
            return Patrol.objects.create(
                user=user,
                area=area,
                area_path=area.path if area else "",
                started_at=now or timezone.now(),
            )
    except IntegrityError:  # a double tap raced us: the other request's patrol stands
        found = open_patrol(user)
        assert found is not None
        return found


def _point(raw, patrol: Patrol, now: datetime) -> TrackPoint:
    try:
        at = datetime.fromtimestamp(float(raw["t"]) / 1000, tz=UTC)
        lng, lat, accuracy = float(raw["lng"]), float(raw["lat"]), float(raw["acc"])
    except (KeyError, TypeError, ValueError, OverflowError, OSError) as exc:
        raise BadTrack(_("轨迹点格式不正确")) from exc
    if not (-180 <= lng <= 180 and -90 <= lat <= 90) or not 0 <= accuracy < 1e6:
        raise BadTrack(_("轨迹点坐标或精度超出范围"))
    if at < patrol.started_at - FUTURE_SLACK or at > now + FUTURE_SLACK:
        raise BadTrack(_("轨迹点时间不在本次巡查时段内，请检查手机时间"))
    poor = accuracy > settings.CIVICGRID_TRACK_POOR_ACCURACY_M
    return TrackPoint(patrol=patrol, at=at, lng=lng, lat=lat, accuracy_m=accuracy, poor=poor)


def add_points(*, patrol: Patrol, points: list, now: datetime | None = None) -> int:
    """Store a batch of points sent by the phone; the same batch sent twice adds nothing."""
    now = now or timezone.now()
    if not patrol.is_open:
        raise BadTrack(_("本次巡查已结束，不再记录轨迹"))
    if not isinstance(points, list) or len(points) > MAX_BATCH:
        raise BadTrack(_("每次最多上传 %(n)s 个轨迹点") % {"n": MAX_BATCH})
    rows = [_point(raw, patrol, now) for raw in points]
    with transaction.atomic():
        TrackPoint.objects.bulk_create(rows, ignore_conflicts=True)
        _refresh(patrol)
    return len(rows)


def segments(points: list[TrackPoint]) -> list[list[TrackPoint]]:
    """The track cut at every gap longer than the setting: no line is drawn across a gap."""
    gap = timedelta(minutes=settings.CIVICGRID_TRACK_GAP_MINUTES)
    parts: list[list[TrackPoint]] = []
    for p in points:
        if parts and p.at - parts[-1][-1].at <= gap:
            parts[-1].append(p)
        else:
            parts.append([p])
    return parts


def distance_of(points: list[TrackPoint]) -> float:
    """Metres walked along the good points of each segment; poor points and gaps add nothing."""
    total = 0.0
    for part in segments([p for p in points if not p.poor]):
        for a, b in zip(part, part[1:], strict=False):
            total += haversine_m(a.lng, a.lat, b.lng, b.lat)
    return total


def _refresh(patrol: Patrol) -> None:
    points = list(patrol.points.order_by("at"))
    patrol.point_count = len(points)
    patrol.distance_m = round(distance_of(points))
    patrol.save(update_fields=["point_count", "distance_m"])


def end(*, patrol: Patrol, note: str = "", now: datetime | None = None) -> Patrol:
    """End the patrol; its distance and point count are final."""
    with transaction.atomic():
        patrol = Patrol.objects.select_for_update().get(pk=patrol.pk)
        if patrol.is_open:
            patrol.ended_at = now or timezone.now()
            patrol.note = note[:500]
            patrol.save(update_fields=["ended_at", "note"])
            _refresh(patrol)
    return patrol


def report_found(*, actor, patrol: Patrol | None, **register_args) -> Case:
    """随手拍 on a patrol: the case is registered and linked to the patrol, all or nothing."""
    with transaction.atomic():
        case = registration.register(actor=actor, **register_args)
        if patrol is not None and patrol.user_id == actor.pk and not case.repeated:
            PatrolFinding.objects.get_or_create(case=case, defaults={"patrol": patrol})
    return case


@dataclass
class Summary:
    """What a patrol amounts to: time, distance, points, gaps, cases found."""

    patrol: Patrol
    minutes: int
    distance_m: int
    points: int
    poor_points: int
    gaps: int
    cases: list


def summary(patrol: Patrol, *, points: list[TrackPoint] | None = None) -> Summary:
    points = list(patrol.points.order_by("at")) if points is None else points
    return Summary(
        patrol=patrol,
        minutes=int(patrol.duration().total_seconds() // 60),
        distance_m=patrol.distance_m,
        points=len(points),
        poor_points=sum(p.poor for p in points),
        gaps=max(0, len(segments(points)) - 1),
        cases=[f.case for f in patrol.findings.select_related("case__category")],
    )


def patrols_on(*, viewer, day: date):
    """The patrols of one local day that the viewer may see on the map."""
    start_at = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    return (
        Patrol.objects.filter(
            scope_filter(viewer, actions.FIELD_COMPLIANCE, department=None),
            started_at__gte=start_at,
            started_at__lt=start_at + timedelta(days=1),
        )
        .select_related("user__staff", "area")
        .order_by("user_id", "started_at")
    )


def _shown(lng: float, lat: float) -> list[float]:
    """A stored WGS-84 point in the tile provider's datum (GCJ-02 tiles are offset), ~10 cm."""
    x, y = from_wgs84(lng, lat, settings.CIVICGRID_MAP_TILE_CRS)
    return [round(x, 6), round(y, 6)]


def track_features(patrols) -> dict:
    """GeoJSON of patrols: one MultiLineString per patrol (a line per segment), the poor
    points as their own features, and the cases found."""
    features = []
    points: dict[int, list[TrackPoint]] = {}
    for p in TrackPoint.objects.filter(patrol__in=patrols).order_by("patrol_id", "at"):
        points.setdefault(p.patrol_id, []).append(p)
    findings = PatrolFinding.objects.filter(patrol__in=patrols).select_related("case")
    for patrol in patrols:
        track = points.get(patrol.pk, [])
        name = patrol.user.staff.name if hasattr(patrol.user, "staff") else patrol.user.username
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "MultiLineString",
                    "coordinates": [
                        [_shown(p.lng, p.lat) for p in part]
                        for part in segments([p for p in track if not p.poor])
                    ],
                },
                "properties": {
                    "kind": "track",
                    "patrol": patrol.pk,
                    "name": name,
                    "started": timezone.localtime(patrol.started_at).strftime("%H:%M"),
                    "distance_m": patrol.distance_m,
                },
            }
        )
        for p in track:
            if p.poor:
                features.append(
                    {
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": _shown(p.lng, p.lat)},
                        "properties": {"kind": "poor", "patrol": patrol.pk, "acc": p.accuracy_m},
                    }
                )
    for f in findings:
        if f.case.lng is not None and f.case.lat is not None:
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": _shown(f.case.lng, f.case.lat)},
                    "properties": {"kind": "case", "patrol": f.patrol_id, "code": f.case.code},
                }
            )
    return {"type": "FeatureCollection", "features": features}
