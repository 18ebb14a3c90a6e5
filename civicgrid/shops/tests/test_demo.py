import pytest

from civicgrid.shops import demo, ledger
from civicgrid.shops.choices import Standing
from civicgrid.shops.models import Shop

pytestmark = pytest.mark.django_db


def test_it_seeds_shops_with_lists_chiefs_and_history(city):
    made = demo.seed(city)
    assert len(made) == Shop.objects.count() >= 30  # the small city has two of the roads
    standings = set(Shop.objects.values_list("standing", flat=True))
    assert {Standing.RED, Standing.BLACK} <= standings
    for shop in made[:5]:
        assert ledger.balance_of(shop, shop.points_year) == shop.points
    assert all(s.street_chief_id for s in made)
    assert demo.seed(city) == []
