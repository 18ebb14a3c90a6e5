"""Shared helpers for case tests."""

from civicgrid.cases import services
from civicgrid.catalog.models import Category


def category(code="06010", kind="matter"):
    return Category.objects.get(kind=kind, code=code)


def new_case(city, *, community=0, grid=0, at=None, **kwargs):
    """A resident's QR report at the centre of one grid of the small city."""
    grids = [g for g in city.grids if g.parent_id == city.communities[community].pk]
    target = grids[grid]
    target.refresh_from_db()
    defaults = dict(
        channel="qr",
        description="小区门口有一堆生活垃圾没人清理",
        category=category(),
        lng=target.centroid_lng,
        lat=target.centroid_lat,
        reporter_phone="13812345678",
        at=at,
    )
    defaults.update(kwargs)
    return services.report(**defaults)
