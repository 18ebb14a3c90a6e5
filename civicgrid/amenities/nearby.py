"""Nearest first from a resident's point: a bounding-box prefilter in SQL, then exact distances.

Anything outside the box of radius r is farther than r, so once `limit` places lie within r of
the point the nearest `limit` are known; else the box widens, and at last every place counts.
"""

import math
from dataclasses import dataclass
from urllib.parse import quote

from django.db.models import QuerySet

from civicgrid.areas.geo import haversine_m, wgs84_to_gcj02
from civicgrid.community.directory import direction_label

NEAREST_SHOWN = 10
RADII_M = (1_000, 3_000, 10_000, 30_000)
EVERY_PLACE_CAP = 5_000  # a last resort over the whole table: a county has a few thousand
METRES_PER_DEGREE = 111_320.0


def box(lng: float, lat: float, radius_m: float) -> dict:
    """A lng/lat range filter holding every point within radius_m of (lng, lat)."""
    d_lat = radius_m / METRES_PER_DEGREE
    d_lng = radius_m / (METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    return {"lat__range": (lat - d_lat, lat + d_lat), "lng__range": (lng - d_lng, lng + d_lng)}


def nearest(rows: QuerySet, *, lng: float, lat: float, limit: int = NEAREST_SHOWN) -> list:
    """The `limit` rows (with lng/lat fields) nearest to the point, each with .distance_m."""
    rows = rows.filter(lng__isnull=False, lat__isnull=False)
    found: list = []
    for radius in RADII_M:
        found = _by_distance(rows.filter(**box(lng, lat, radius)), lng, lat)
        if sum(1 for r in found if r.distance_m <= radius) >= limit:
            return found[:limit]
    return _by_distance(rows[:EVERY_PLACE_CAP], lng, lat)[:limit]


def _by_distance(rows, lng: float, lat: float) -> list:
    found = list(rows)
    for r in found:
        r.distance_m = haversine_m(lng, lat, r.lng, r.lat)
    found.sort(key=lambda r: (r.distance_m, r.pk))
    return found


@dataclass(frozen=True)
class Route:
    """Links that open a phone's map app at a place (plain links: no script, no tiles)."""

    amap: str
    geo: str


def route_to(name: str, lng: float, lat: float) -> Route:
    """A walking route in 高德 and a geo: link for any other map app.

    Chinese map apps take GCJ-02, so the stored WGS-84 point is converted for 高德
    (coordinate=gaode); a geo: URI is WGS-84 by definition (RFC 5870), so it is not.
    """
    g_lng, g_lat = wgs84_to_gcj02(lng, lat)
    label = quote(name, safe="")
    return Route(
        amap=(
            f"https://uri.amap.com/navigation?to={g_lng:.6f},{g_lat:.6f},{label}"
            "&mode=walk&coordinate=gaode&callnative=1"
        ),
        geo=f"geo:{lat:.6f},{lng:.6f}?q={lat:.6f},{lng:.6f}({label})",
    )


def where_from(origin: tuple[float, float] | None, lng: float | None, lat: float | None) -> str:
    """ "东北方向约 350 米" from the resident's point, or "" without one."""
    if origin is None or lng is None or lat is None:
        return ""
    return direction_label(origin[0], origin[1], lng, lat)
