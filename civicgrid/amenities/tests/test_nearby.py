"""Nearest first from a point: the right places, in order, with direction and distance."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civicgrid.amenities import nearby, services
from civicgrid.amenities.choices import Kind
from civicgrid.amenities.models import Amenity
from civicgrid.amenities.tests.helpers import centre, place
from civicgrid.areas.geo import bearing_deg
from civicgrid.community.directory import direction_label

pytestmark = pytest.mark.django_db


def test_the_nearest_toilet_from_a_point(city):
    community = city.communities[0]
    far = place(community, name="远处公厕", dx=0.002)
    near = place(community, name="近处公厕", dx=-0.0005)
    place(community, kind=Kind.PARK, name="更近的游园", dx=0.0001)  # not a toilet
    place(community, name="已拆除公厕", dx=0.0002, active=False)  # off the map
    lng, lat = centre(community)
    rows = services.listed(services.public_amenities(Kind.TOILET), origin=(lng, lat))
    assert [r.item for r in rows][:2] == [near, far]
    assert rows[0].where == "西方向约 50 米"
    assert rows[1].where.startswith("东方向约 2")


def test_it_says_which_way_and_how_far():
    assert round(bearing_deg(114.9, 25.8, 114.9, 25.81)) == 0
    assert round(bearing_deg(114.9, 25.8, 114.91, 25.8)) == 90
    assert direction_label(114.9, 25.8, 114.9032, 25.8032) == "东北方向约 480 米"
    assert direction_label(114.9, 25.8, 114.9, 25.78) == "南方向约 2.2 公里"
    assert direction_label(114.9, 25.8, 114.90001, 25.8) == "就在附近"


def test_the_box_widens_until_the_nearest_are_known(city):
    community = city.communities[0]
    lng, lat = centre(community)
    close = place(community, name="近", dx=0.001)
    distant = place(community, name="二十公里外", dy=-0.18)  # outside the first boxes
    found = nearby.nearest(Amenity.objects.all(), lng=lng, lat=lat, limit=2)
    assert found == [close, distant]
    assert round(found[1].distance_m / 1000) == 20


def test_a_few_thousand_places_take_one_query(city):
    community = city.communities[0]
    lng, lat = centre(community)
    Amenity.objects.bulk_create(
        Amenity(
            kind=Kind.TOILET,
            name=f"公厕{i}",
            community=community,
            lng=lng + (i % 60) * 0.002,
            lat=lat + (i // 60) * 0.002,
        )
        for i in range(3000)
    )
    with CaptureQueriesContext(connection) as queries:
        found = nearby.nearest(Amenity.objects.all(), lng=lng, lat=lat)
    assert len(queries) == 1  # the first box holds ten within its radius
    assert found[0].name == "公厕0" and len(found) == nearby.NEAREST_SHOWN


def test_a_route_link_opens_amap_in_gcj02():
    route = nearby.route_to("西津路公厕", 114.93, 25.85)
    assert route.amap.startswith("https://uri.amap.com/navigation?to=114.93")
    assert "coordinate=gaode" in route.amap and "114.930000" not in route.amap  # shifted
    assert route.geo.startswith("geo:25.850000,114.930000")
