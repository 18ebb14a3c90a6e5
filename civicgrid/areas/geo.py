"""Coordinate conversion (WGS-84 / GCJ-02 / BD-09) and an in-process point-in-polygon index.

Pure Python on purpose: no Django here, so it can be used from scripts and tested alone.
All functions take and return (lng, lat) in degrees, in that order.
"""

import math
from collections.abc import Hashable, Iterable

import numpy as np
import shapely
from django.utils.translation import gettext as _
from shapely.geometry import shape

WGS84 = "wgs84"
GCJ02 = "gcj02"
BD09 = "bd09"

# Krasovsky 1940 ellipsoid, as used by the published GCJ-02 algorithm.
_A = 6378245.0
_EE = 0.00669342162296594323
_X_PI = math.pi * 3000.0 / 180.0

# Neither offset has an exact closed-form inverse; iterate until the forward transform
# lands this close to the target.
_INVERSE_TOLERANCE = 1e-7
_INVERSE_MAX_ITERATIONS = 10


def _check(lng: float, lat: float) -> tuple[float, float]:
    """Coerce to floats and reject out-of-range (or NaN) coordinates."""
    lng, lat = float(lng), float(lat)
    if not (-180.0 <= lng <= 180.0 and -90.0 <= lat <= 90.0):
        raise ValueError(
            _("坐标超出范围：经度 %(lng)s，纬度 %(lat)s（经度 -180~180，纬度 -90~90）")
            % {"lng": lng, "lat": lat}
        )
    return lng, lat


def out_of_china(lng: float, lat: float) -> bool:
    """True outside the rough China bounding box, where GCJ-02 applies no offset."""
    # Same box as the reference coordtransform library; a box, not the real border.
    return not (73.66 < lng < 135.05 and 3.86 < lat < 53.55)


def _transform_lat(x: float, y: float) -> float:
    """Published GCJ-02 latitude offset polynomial (x, y relative to 105E, 35N)."""
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lng(x: float, y: float) -> float:
    """Published GCJ-02 longitude offset polynomial (x, y relative to 105E, 35N)."""
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def _wgs_to_gcj(lng: float, lat: float) -> tuple[float, float]:
    """Published WGS-84 -> GCJ-02 formula, without range or China checks."""
    d_lat = _transform_lat(lng - 105.0, lat - 35.0)
    d_lng = _transform_lng(lng - 105.0, lat - 35.0)
    rad_lat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lng = (d_lng * 180.0) / (_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return lng + d_lng, lat + d_lat


def _gcj_to_bd(lng: float, lat: float) -> tuple[float, float]:
    """Published GCJ-02 -> BD-09 formula, without range checks."""
    z = math.hypot(lng, lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lng) + 0.000003 * math.cos(lng * _X_PI)
    return z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006


def _bd_to_gcj_approx(lng: float, lat: float) -> tuple[float, float]:
    """Published closed-form BD-09 -> GCJ-02; only accurate to about 1e-6 degree."""
    x, y = lng - 0.0065, lat - 0.006
    z = math.hypot(x, y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return z * math.cos(theta), z * math.sin(theta)


def _invert(forward, lng: float, lat: float, guess: tuple[float, float]) -> tuple[float, float]:
    """Solve forward(x, y) == (lng, lat) by fixed-point iteration from a close first guess."""
    # Both forward transforms are the identity plus a slowly varying offset, so each step
    # shrinks the error by two orders of magnitude or more; a handful of steps is plenty.
    x, y = guess
    for _step in range(_INVERSE_MAX_ITERATIONS):
        fx, fy = forward(x, y)
        err_x, err_y = fx - lng, fy - lat
        x, y = x - err_x, y - err_y
        if abs(err_x) < _INVERSE_TOLERANCE and abs(err_y) < _INVERSE_TOLERANCE:
            break
    return x, y


def wgs84_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    """WGS-84 (GPS) to GCJ-02 (AMap, Tencent, WeChat); identity outside China."""
    lng, lat = _check(lng, lat)
    return (lng, lat) if out_of_china(lng, lat) else _wgs_to_gcj(lng, lat)


def gcj02_to_wgs84(lng: float, lat: float) -> tuple[float, float]:
    """GCJ-02 to WGS-84, iterated (the usual one-step inverse is off by up to ~1 m)."""
    lng, lat = _check(lng, lat)
    return (lng, lat) if out_of_china(lng, lat) else _invert(_wgs_to_gcj, lng, lat, (lng, lat))


def gcj02_to_bd09(lng: float, lat: float) -> tuple[float, float]:
    """GCJ-02 to BD-09 (Baidu); applied everywhere, as in the reference libraries."""
    return _gcj_to_bd(*_check(lng, lat))


def bd09_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    """BD-09 to GCJ-02: the published closed form, refined so round trips stay under 1e-6."""
    lng, lat = _check(lng, lat)
    return _invert(_gcj_to_bd, lng, lat, _bd_to_gcj_approx(lng, lat))


def wgs84_to_bd09(lng: float, lat: float) -> tuple[float, float]:
    """WGS-84 to BD-09, through GCJ-02."""
    return gcj02_to_bd09(*wgs84_to_gcj02(lng, lat))


def bd09_to_wgs84(lng: float, lat: float) -> tuple[float, float]:
    """BD-09 to WGS-84, through GCJ-02."""
    return gcj02_to_wgs84(*bd09_to_gcj02(lng, lat))


_TO_WGS84 = {WGS84: _check, GCJ02: gcj02_to_wgs84, BD09: bd09_to_wgs84}
_FROM_WGS84 = {WGS84: _check, GCJ02: wgs84_to_gcj02, BD09: wgs84_to_bd09}


def _converter(table: dict, system: str):
    """Pick a converter by system name, with a readable error for unknown names."""
    try:
        return table[system]
    except (KeyError, TypeError):
        message = _("未知坐标系：%(system)s（可选：wgs84、gcj02、bd09）") % {"system": system}
        raise ValueError(message) from None


def to_wgs84(lng: float, lat: float, system: str) -> tuple[float, float]:
    """Convert a point given in `system` to WGS-84."""
    return _converter(_TO_WGS84, system)(lng, lat)


def from_wgs84(lng: float, lat: float, system: str) -> tuple[float, float]:
    """Convert a WGS-84 point to `system`."""
    return _converter(_FROM_WGS84, system)(lng, lat)


EARTH_RADIUS_M = 6371008.8  # mean Earth radius (IUGG)


def haversine_m(lng1: float, lat1: float, lng2: float, lat2: float) -> float:
    """Great-circle distance in metres between two points (same datum, degrees)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lng2 - lng1)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def bearing_deg(lng1: float, lat1: float, lng2: float, lat2: float) -> float:
    """Initial compass bearing in degrees (0 north, 90 east) from the first point to the second."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_lambda = math.radians(lng2 - lng1)
    y = math.sin(d_lambda) * math.cos(phi2)
    x = math.cos(phi1) * math.sin(phi2) - math.sin(phi1) * math.cos(phi2) * math.cos(d_lambda)
    return math.degrees(math.atan2(y, x)) % 360


class GridIndex:
    """Which polygon covers a WGS-84 point, answered from an STRtree held in memory."""

    def __init__(self, items: Iterable[tuple[Hashable, dict]]):
        """Build from (key, GeoJSON Polygon/MultiPolygon) pairs; earlier pairs win overlaps."""
        keys, geoms = [], []
        for key, geometry in items:
            geom = shape(geometry)
            if geom.geom_type not in ("Polygon", "MultiPolygon"):
                raise ValueError(f"网格边界必须是 Polygon 或 MultiPolygon：{geom.geom_type}")
            keys.append(key)
            geoms.append(geom)
        self._geoms = np.array(geoms, dtype=object)
        # Prepared polygons answer point-in-polygon from an edge index instead of a full
        # ring scan: ~10x faster than tree.query(predicate=...) on real, detailed boundaries.
        shapely.prepare(self._geoms)
        self._tree = shapely.STRtree(self._geoms)
        # Object array with a trailing None, so "no match" is just index len(keys).
        self._keys = np.empty(len(keys) + 1, dtype=object)
        self._keys[: len(keys)] = keys

    def __len__(self) -> int:
        return len(self._geoms)

    def locate(self, lng: float, lat: float) -> Hashable | None:
        """Key of the polygon covering the point (edges included), or None."""
        candidates = self._tree.query(shapely.Point(lng, lat))  # bounding-box hits only
        # "intersects" rather than "contains" so points exactly on an edge still resolve.
        hits = candidates[shapely.intersects_xy(self._geoms[candidates], lng, lat)]
        return self._keys[hits.min()] if hits.size else None

    def locate_many(self, coords) -> list[Hashable | None]:
        """Vectorised locate() for a sequence or (N, 2) array of (lng, lat) pairs."""
        xy = np.asarray(coords, dtype=float).reshape(-1, 2)
        point_idx, poly_idx = self._tree.query(shapely.points(xy))
        inside = shapely.intersects_xy(self._geoms[poly_idx], xy[point_idx, 0], xy[point_idx, 1])
        # Lowest polygon index per point, matching locate()'s tie-break.
        best = np.full(len(xy), len(self), dtype=np.intp)
        np.minimum.at(best, point_idx[inside], poly_idx[inside])
        return self._keys[best].tolist()
