"""Finding a community from the public home: by name, and nearest first."""

import pytest

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.community.directory import distance_label, distance_m, find_communities

pytestmark = pytest.mark.django_db


def names(rows):
    return [r.community.name for r in rows]


def test_it_lists_every_community_by_street_without_a_search(city):
    rows = find_communities()
    everyone = Area.objects.filter(level=Level.COMMUNITY).order_by("path")
    assert [r.community.pk for r in rows] == [c.pk for c in everyone]
    assert all(r.street_name == r.community.parent.name for r in rows)


def test_it_finds_a_community_by_its_name_or_its_streets(city):
    first = city.communities[0]
    assert names(find_communities(query=first.name[:2])) == [first.name]
    street = first.parent
    found = find_communities(query=street.name)
    assert {r.community.pk for r in found} == set(
        Area.objects.filter(parent=street, level=Level.COMMUNITY).values_list("pk", flat=True)
    )


def test_it_puts_the_community_you_stand_in_first_at_distance_zero(city):
    far = city.communities[-1]
    far.refresh_from_db()
    rows = find_communities(lng=far.centroid_lng, lat=far.centroid_lat)
    assert rows[0].community == far and rows[0].distance_m == 0
    known = [r.distance_m for r in rows]
    assert known == sorted(known) and known[1] > 0
    assert {r.community for r in rows} == set(city.communities)  # the ones with a boundary


def test_it_measures_to_the_nearest_edge_not_the_centre(city):
    community = city.communities[0]
    community.refresh_from_db()
    west = min(x for x, _ in community.boundary["coordinates"][0])
    lng, lat = west - 0.001, community.centroid_lat  # ~100 m west of the western edge
    assert 80 < distance_m(community, lng, lat) < 120


def test_it_words_distances_as_a_resident_reads_them():
    assert distance_label(0) == "您在本社区内"
    assert distance_label(347) == "约 350 米"
    assert distance_label(2991.6) == "约 3.0 公里"
    assert distance_label(None) == ""
