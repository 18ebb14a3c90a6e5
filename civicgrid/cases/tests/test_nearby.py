"""Nearby open cases of the same class (已有人反映), and +1 support."""

import pytest

from civicgrid.cases import services
from civicgrid.cases import workflow as wf
from civicgrid.cases.models import Case
from civicgrid.cases.tests.helpers import category, new_case

pytestmark = pytest.mark.django_db
METRE = 1 / 111_320  # about one metre of latitude in degrees


def test_it_finds_an_open_case_of_the_same_class_nearby(city):
    case = new_case(city)
    found = services.nearby_open(category=case.category, lng=case.lng, lat=case.lat + 50 * METRE)
    assert found == [case]
    assert 45 < found[0].distance_m < 55


def test_it_leaves_out_other_classes_far_cases_and_closed_ones(city, people):
    near = new_case(city)
    new_case(city, category=category("09006"))
    lng, lat = near.lng, near.lat
    far = new_case(city, community=0, grid=1)
    wf.reject(case=new_case(city), actor=people.dispatcher, reason="重复")
    found = services.nearby_open(category=near.category, lng=lng, lat=lat, radius_m=300)
    assert near in found and far not in found
    assert all(c.status == "reported" and c.category == near.category for c in found)
    assert services.nearby_open(category=near.category, lng=lng, lat=lat + 400 * METRE) == []


def test_it_returns_nearest_first_and_at_most_limit(city):
    cases = []
    grid = city.grids[0]
    grid.refresh_from_db()
    for k in range(4):
        cases.append(
            new_case(city, lng=grid.centroid_lng, lat=grid.centroid_lat + (k * 20) * METRE)
        )
    found = services.nearby_open(
        category=cases[0].category, lng=grid.centroid_lng, lat=grid.centroid_lat, limit=3
    )
    assert found == cases[:3]


def test_it_answers_nothing_without_a_class_or_a_point(city):
    new_case(city)
    assert services.nearby_open(category=None, lng=115.0, lat=25.0) == []
    assert services.nearby_open(category=category(), lng=None, lat=None) == []


def test_it_counts_a_supporter_with_one_public_event(city):
    case = new_case(city)
    wf.support(case=case, actor=None)
    wf.support(case=case, actor=None)
    case.refresh_from_db()
    assert case.supporter_count == 2
    assert list(case.events.filter(action="support").values_list("public", flat=True)) == [
        True,
        True,
    ]


def test_it_refuses_support_for_a_closed_case(city, people):
    case = new_case(city)
    wf.reject(case=case, actor=people.dispatcher, reason="不属于城管职责")
    with pytest.raises(wf.IllegalTransition):
        wf.support(case=case, actor=None)
    assert Case.objects.get(pk=case.pk).supporter_count == 0
