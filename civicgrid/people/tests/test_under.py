"""The one area-prefix filter: the same rows on every database, whatever the planner does."""

import pytest

from civicgrid.areas.models import Area
from civicgrid.people.scopes import under

pytestmark = pytest.mark.django_db


def test_it_finds_exactly_the_areas_of_a_subtree(city):
    paths = list(Area.objects.values_list("path", flat=True))
    for area in [city.streets[0], city.communities[0], city.grids[0]]:
        found = set(Area.objects.filter(under("path", area.path)).values_list("path", flat=True))
        assert found == {p for p in paths if p.startswith(area.path)}
        assert area.path in found


def test_it_leaves_out_a_sibling_whose_code_continues_the_prefix(city):
    street = city.streets[0]
    twin = Area.objects.create(
        code=f"{street.code}9", name="相邻街道", level=street.level, parent=street.parent
    )
    assert twin.path.startswith(street.path[:-1]) and not twin.path.startswith(street.path)
    assert not Area.objects.filter(under("path", street.path), pk=twin.pk).exists()
