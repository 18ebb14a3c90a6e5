"""Finding a community from the public home: by name, or nearest first from the phone's location."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from shapely.geometry import Point, shape
from shapely.ops import nearest_points

from civicgrid.areas.choices import Level
from civicgrid.areas.geo import bearing_deg, haversine_m
from civicgrid.areas.models import Area

NEAREST_SHOWN = 10
MATCHES_SHOWN = 50


@dataclass(frozen=True)
class Listed:
    """A community as the home page lists it: with its street, and how far away when known."""

    community: Area
    street_name: str
    distance_m: float | None = None

    @property
    def distance_label(self) -> str:
        return distance_label(self.distance_m)


def distance_m(area: Area, lng: float, lat: float) -> float | None:
    """Metres from a WGS-84 point to an area: 0 inside it, else to its nearest edge.

    Without a boundary the centroid stands in; without either the distance is unknown.
    """
    if area.boundary:
        polygon, point = shape(area.boundary), Point(lng, lat)
        if polygon.intersects(point):
            return 0.0
        edge = nearest_points(polygon, point)[0]
        return haversine_m(lng, lat, edge.x, edge.y)
    if area.centroid_lng is None or area.centroid_lat is None:
        return None
    return haversine_m(lng, lat, area.centroid_lng, area.centroid_lat)


def find_communities(
    *, query: str = "", lng: float | None = None, lat: float | None = None
) -> list[Listed]:
    """Communities whose name (or street's name) contains the query, nearest first when a
    location is given (then only the nearest few with a known place), else in tree order."""
    communities = Area.objects.filter(level=Level.COMMUNITY).select_related("parent")
    query = query.strip()[:50]
    if query:
        communities = communities.filter(name__contains=query) | communities.filter(
            parent__name__contains=query
        )
    rows = [Listed(c, c.parent.name if c.parent else "") for c in communities.order_by("path")]
    if lng is None or lat is None:
        return rows[:MATCHES_SHOWN] if query else rows
    placed = [Listed(r.community, r.street_name, distance_m(r.community, lng, lat)) for r in rows]
    # Communities without a boundary or centre cannot be near or far: left out, unless no
    # community has one (then the location changes nothing).
    placed = [r for r in placed if r.distance_m is not None] or rows
    placed.sort(key=lambda r: r.distance_m or 0.0)
    return placed[: MATCHES_SHOWN if query else NEAREST_SHOWN]


def distance_label(metres: float | None) -> str:
    """A distance as a resident reads it: "在社区内", "约 350 米", "约 1.2 公里"."""
    if metres is None:
        return ""
    if metres < 1:
        return _("您在本社区内")
    if metres < 1000:
        return _("约 %(m)d 米") % {"m": round(metres, -1) or 10}
    return _("约 %(km).1f 公里") % {"km": metres / 1000}


# The eight compass points, clockwise from north, as a resident says them.
DIRECTIONS = [
    gettext_lazy("北"),
    gettext_lazy("东北"),
    gettext_lazy("东"),
    gettext_lazy("东南"),
    gettext_lazy("南"),
    gettext_lazy("西南"),
    gettext_lazy("西"),
    gettext_lazy("西北"),
]


def direction_label(lng1: float, lat1: float, lng2: float, lat2: float) -> str:
    """Where the second point lies from the first, and how far: "东北方向约 350 米"."""
    metres = haversine_m(lng1, lat1, lng2, lat2)
    if metres < 10:
        return _("就在附近")
    point = DIRECTIONS[round(bearing_deg(lng1, lat1, lng2, lat2) / 45) % 8]
    return _("%(direction)s方向%(distance)s") % {
        "direction": point,
        "distance": distance_label(metres),
    }
