"""The demo's places: every kind in every community, inside it, with readable hours."""

import pytest
from shapely.geometry import Point, shape

from civicgrid.amenities import hours
from civicgrid.amenities.choices import Kind
from civicgrid.amenities.demo import seed
from civicgrid.amenities.models import Amenity, AmenityLog
from civicgrid.people.models import Workstation

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_believable_places_once(city):
    seed(city)
    places = list(Amenity.objects.select_related("community"))
    assert {p.kind for p in places} == set(Kind.values)
    assert {p.community_id for p in places} == {c.pk for c in city.communities}
    for p in places:
        assert shape(p.community.boundary).contains(Point(p.lng, p.lat)), p
        assert hours.parse(p.hours) is not None, p.hours
    assert AmenityLog.objects.count() == len(places)
    assert Workstation.objects.filter(is_model=True).exists()
    seed(city)
    assert Amenity.objects.count() == len(places)
