import pytest

from civicgrid.areas.places import index as places
from civicgrid.open311.mapping import catalogue


@pytest.fixture(autouse=True)
def _fresh_catalogue():
    """A test's attributes are rolled back with it: so is the catalogue built from them."""
    catalogue._drop()
    places._drop()
    yield
    catalogue._drop()
    places._drop()
