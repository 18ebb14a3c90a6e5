"""Coordinate conversion and GridIndex tests; pure Python, no Django needed."""

import random

import numpy as np
import pytest
from shapely.geometry import box, mapping

from civicgrid.areas.geo import (
    BD09,
    GCJ02,
    WGS84,
    GridIndex,
    bd09_to_gcj02,
    bd09_to_wgs84,
    from_wgs84,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    out_of_china,
    to_wgs84,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)

# Sources of the published reference values below:
#   [coordtransform] wandergis/coordtransform README.md, "result" block of the usage example
#       (https://github.com/wandergis/coordtransform, npm package "coordtransform").
#   [eviltransform]  googollee/eviltransform python/test.py TESTS (the same table is in
#       go/transform_test.go and javascript/test.js), rows of (wgsLat, wgsLng, gcjLat, gcjLng).
#   [gcoord]         hujiulong/gcoord test/unit/crs/GCJ02.spec.ts and BD09.spec.ts, input [123, 45];
#       those assert toBeCloseTo(x, 5), i.e. |diff| < 5e-6.

TIGHT = 1e-9  # same formula as the reference: only float noise may differ
ROUND_TRIP = 1e-6  # the accuracy this module promises for inverses

GANZHOU = (114.93, 25.83)
BEIJING = (116.404, 39.915)
SHANGHAI = (121.4737, 31.2304)


def close(got, want, tol):
    """Both components of a (lng, lat) pair within tol degrees."""
    return abs(got[0] - want[0]) < tol and abs(got[1] - want[1]) < tol


# --- published reference values ---------------------------------------------------------------


def test_it_matches_coordtransform_wgs84_to_gcj02():
    # [coordtransform] wgs84togcj02(116.404, 39.915) -> [116.41024449916938, 39.91640428150164]
    assert close(wgs84_to_gcj02(116.404, 39.915), (116.41024449916938, 39.91640428150164), TIGHT)


def test_it_matches_coordtransform_gcj02_to_bd09():
    # [coordtransform] gcj02tobd09(116.404, 39.915) -> [116.41036949371029, 39.92133699351021]
    assert close(gcj02_to_bd09(116.404, 39.915), (116.41036949371029, 39.92133699351021), TIGHT)


def test_it_matches_coordtransform_bd09_to_gcj02_within_its_approximation():
    # [coordtransform] bd09togcj02(116.404, 39.915) -> [116.39762729119315, 39.90865673957631]
    # That is the one-step closed form; ours is refined, so it differs by ~4e-7 degree (~4 cm).
    got = bd09_to_gcj02(116.404, 39.915)
    assert close(got, (116.39762729119315, 39.90865673957631), 1e-6)
    # ...and ours is the better inverse: it maps back onto the input almost exactly.
    assert close(gcj02_to_bd09(*got), (116.404, 39.915), 1e-9)


def test_it_matches_coordtransform_gcj02_to_wgs84_and_improves_on_it():
    # [coordtransform] gcj02towgs84(116.404, 39.915) -> [116.39775550083061, 39.91359571849836]
    # coordtransform uses the one-step inverse; the iterated one stays within 1e-6 of it...
    published = (116.39775550083061, 39.91359571849836)
    got = gcj02_to_wgs84(116.404, 39.915)
    assert close(got, published, 1e-6)
    # ...but only ours lands back on the input when converted forward again.
    assert close(wgs84_to_gcj02(*got), (116.404, 39.915), 1e-9)
    assert not close(wgs84_to_gcj02(*published), (116.404, 39.915), 1e-7)


# [eviltransform] TESTS: (wgsLat, wgsLng, gcjLat, gcjLng), reordered here to (lng, lat) pairs.
EVILTRANSFORM_CASES = [
    # shanghai: (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215)
    ((121.5272106, 31.1774276), (121.531541859215, 31.17530398364597)),
    # shenzhen: (22.543847, 113.912316, 22.540796131694766, 113.9171764808363)
    ((113.912316, 22.543847), (113.9171764808363, 22.540796131694766)),
    # beijing: (39.911954, 116.377817, 39.91334545536069, 116.38404722455657)
    ((116.377817, 39.911954), (116.38404722455657, 39.91334545536069)),
]


@pytest.mark.parametrize(("wgs", "gcj"), EVILTRANSFORM_CASES)
def test_it_matches_eviltransform_wgs84_to_gcj02(wgs, gcj):
    # eviltransform itself checks this to 6 decimals; the formula is identical, so be tighter.
    assert close(wgs84_to_gcj02(*wgs), gcj, TIGHT)


@pytest.mark.parametrize(("wgs", "gcj"), EVILTRANSFORM_CASES)
def test_it_matches_eviltransform_gcj02_to_wgs84(wgs, gcj):
    # eviltransform's gcj2wgs_exact only promises < 0.5 m; 1e-6 degree is about 0.1 m.
    assert close(gcj02_to_wgs84(*gcj), wgs, ROUND_TRIP)


@pytest.mark.parametrize(
    ("func", "want"),
    [
        (gcj02_to_wgs84, (122.99395597, 44.99804071)),  # [gcoord] GCJ02.spec.ts "GCJ02 to WGS84"
        (gcj02_to_bd09, (123.00636499, 45.00636899)),  # [gcoord] GCJ02.spec.ts "GCJ02 to BD09"
        (bd09_to_gcj02, (122.99363304, 44.99365430)),  # [gcoord] BD09.spec.ts "BD09 to GCJ02"
        (bd09_to_wgs84, (122.98762210, 44.99171540)),  # [gcoord] BD09.spec.ts "BD09 to WGS84"
    ],
)
def test_it_matches_gcoord(func, want):
    # gcoord asserts toBeCloseTo(x, 5), i.e. within 5e-6; hold ourselves to the same bar.
    assert close(func(123, 45), want, 5e-6)


# --- round trips and behaviour -----------------------------------------------------------------


@pytest.mark.parametrize("point", [GANZHOU, BEIJING, SHANGHAI])
def test_it_round_trips_wgs84_through_gcj02(point):
    gcj = wgs84_to_gcj02(*point)
    assert not close(gcj, point, 1e-4)  # the offset really is applied (hundreds of metres)
    assert close(gcj02_to_wgs84(*gcj), point, ROUND_TRIP)


@pytest.mark.parametrize("point", [GANZHOU, BEIJING, SHANGHAI])
def test_it_round_trips_wgs84_through_bd09(point):
    assert close(bd09_to_wgs84(*wgs84_to_bd09(*point)), point, ROUND_TRIP)


@pytest.mark.parametrize("point", [GANZHOU, BEIJING, SHANGHAI])
@pytest.mark.parametrize("system", [WGS84, GCJ02, BD09])
def test_it_round_trips_through_to_and_from_wgs84(point, system):
    assert close(to_wgs84(*from_wgs84(*point, system), system), point, ROUND_TRIP)


def test_it_dispatches_by_system_name():
    assert to_wgs84(*BEIJING, WGS84) == BEIJING
    assert from_wgs84(*BEIJING, GCJ02) == wgs84_to_gcj02(*BEIJING)
    assert from_wgs84(*BEIJING, BD09) == wgs84_to_bd09(*BEIJING)
    assert to_wgs84(*BEIJING, "gcj02") == gcj02_to_wgs84(*BEIJING)
    assert to_wgs84(*BEIJING, "bd09") == bd09_to_wgs84(*BEIJING)


@pytest.mark.parametrize("point", [(2.3522, 48.8566), (-74.006, 40.7128), (151.2093, -33.8688)])
def test_it_leaves_gcj02_alone_outside_china(point):
    assert out_of_china(*point)
    assert wgs84_to_gcj02(*point) == point
    assert gcj02_to_wgs84(*point) == point


def test_it_knows_chinese_cities_are_inside_china():
    assert not any(out_of_china(*p) for p in (GANZHOU, BEIJING, SHANGHAI))


@pytest.mark.parametrize("system", ["WGS84", "gcj-02", "baidu", "", None])
def test_it_rejects_unknown_systems_in_chinese(system):
    with pytest.raises(ValueError, match="未知坐标系"):
        to_wgs84(*GANZHOU, system)
    with pytest.raises(ValueError, match="未知坐标系"):
        from_wgs84(*GANZHOU, system)


@pytest.mark.parametrize(
    "point", [(180.5, 30.0), (-181.0, 30.0), (114.0, 90.1), (114.0, -91.0), (float("nan"), 25.0)]
)
@pytest.mark.parametrize("func", [wgs84_to_gcj02, gcj02_to_wgs84, gcj02_to_bd09, bd09_to_gcj02])
def test_it_rejects_out_of_range_coordinates(func, point):
    with pytest.raises(ValueError, match="坐标超出范围"):
        func(*point)


def test_it_rejects_out_of_range_coordinates_in_dispatch():
    with pytest.raises(ValueError, match="坐标超出范围"):
        to_wgs84(200.0, 25.0, WGS84)
    with pytest.raises(ValueError, match="坐标超出范围"):
        from_wgs84(114.0, -95.0, BD09)


def test_it_accepts_the_range_limits():
    assert to_wgs84(180.0, 90.0, WGS84) == (180.0, 90.0)
    assert from_wgs84(-180.0, -90.0, GCJ02) == (-180.0, -90.0)


# --- GridIndex ---------------------------------------------------------------------------------

# A 10x10 lattice over Ganzhou. Origin and cell size are exact binary fractions, so shared edges
# computed from either neighbouring square are bit-identical and edge tests really hit the edge.
ORIGIN_LNG, ORIGIN_LAT, CELL = 114.875, 25.75, 1 / 64


def lattice_items():
    """(key, GeoJSON) for 10x10 squares of CELL degrees; key "r{row}c{col}", rows south to north."""
    items = []
    for row in range(10):
        for col in range(10):
            x0, y0 = ORIGIN_LNG + col * CELL, ORIGIN_LAT + row * CELL
            items.append((f"r{row}c{col}", mapping(box(x0, y0, x0 + CELL, y0 + CELL))))
    return items


def lattice_index():
    return GridIndex(lattice_items())


def cell_centre(row, col):
    return ORIGIN_LNG + (col + 0.5) * CELL, ORIGIN_LAT + (row + 0.5) * CELL


def test_it_counts_polygons():
    assert len(lattice_index()) == 100
    assert len(GridIndex([])) == 0


def test_it_locates_interior_points():
    index = lattice_index()
    for row, col in [(0, 0), (3, 7), (9, 9), (5, 0)]:
        assert index.locate(*cell_centre(row, col)) == f"r{row}c{col}"


def test_it_resolves_edge_points_to_the_first_polygon():
    # Midpoint of the edge shared by r2c3 and r2c4: both cover it, the earlier item wins.
    on_edge = (ORIGIN_LNG + 4 * CELL, cell_centre(2, 3)[1])
    assert lattice_index().locate(*on_edge) == "r2c3"
    assert GridIndex(reversed(lattice_items())).locate(*on_edge) == "r2c4"
    # A corner shared by four squares, and the lattice's outer corner (one square only).
    assert lattice_index().locate(ORIGIN_LNG + 5 * CELL, ORIGIN_LAT + 5 * CELL) == "r4c4"
    assert lattice_index().locate(ORIGIN_LNG, ORIGIN_LAT) == "r0c0"
    assert lattice_index().locate_many([on_edge]) == ["r2c3"]


def test_it_returns_none_outside_all_polygons():
    index = lattice_index()
    assert index.locate(ORIGIN_LNG - 0.001, ORIGIN_LAT + 0.05) is None
    assert index.locate(*BEIJING) is None
    assert GridIndex([]).locate(*GANZHOU) is None
    assert GridIndex([]).locate_many([GANZHOU]) == [None]


def test_it_supports_multipolygons_and_any_hashable_key():
    two_parts = {
        "type": "MultiPolygon",
        "coordinates": [
            [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],
            [[[5, 5], [6, 5], [6, 6], [5, 6], [5, 5]]],
        ],
    }
    index = GridIndex([(42, two_parts)])
    assert index.locate(0.5, 0.5) == 42
    assert index.locate(5.5, 5.5) == 42
    assert index.locate(3, 3) is None


def test_it_rejects_non_polygon_geometry():
    with pytest.raises(ValueError, match="Polygon"):
        GridIndex([(1, {"type": "Point", "coordinates": [114.9, 25.8]})])


def test_it_locates_many_exactly_like_locate():
    index = lattice_index()
    rng = random.Random(20240501)
    # Spill a little outside the lattice so some points must come back as None.
    lo_lng, lo_lat, span = ORIGIN_LNG - CELL, ORIGIN_LAT - CELL, 12 * CELL
    coords = [
        (rng.uniform(lo_lng, lo_lng + span), rng.uniform(lo_lat, lo_lat + span))
        for _ in range(10_000)
    ]
    expected = [index.locate(lng, lat) for lng, lat in coords]
    assert index.locate_many(coords) == expected
    assert index.locate_many(np.array(coords)) == expected
    assert None in expected and len(set(expected)) == 101  # all 100 cells plus "outside"


def test_it_locates_many_from_an_empty_input():
    assert lattice_index().locate_many([]) == []
