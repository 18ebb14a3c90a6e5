"""Shops for tests, in the small city's communities."""

import itertools

from shapely.geometry import shape

from civicgrid.shops import licence
from civicgrid.shops.models import PointRule, Shop
from civicgrid.shops.rules import ensure_rules

_numbers = itertools.count(1)


def licence_no() -> str:
    body = f"91360702MA{next(_numbers):07d}"
    return body + licence.credit_code_check(body)


def new_shop(city, community: int = 0, **fields) -> Shop:
    """A shop at the centre of one of the city's communities, with an owner's phone."""
    ensure_rules()
    area = city.communities[community]
    centre = shape(area.boundary).centroid
    values = {
        "name": "测试便利店",
        "licence_no": licence_no(),
        "owner_name": "王小明",
        "owner_phone": "13912345678",
        "address": "测试路 1 号",
        "lng": centre.x,
        "lat": centre.y,
        "community": area,
        **fields,
    }
    return Shop.objects.create(**values)


def rule(code: str) -> PointRule:
    ensure_rules()
    return PointRule.objects.get(code=code)
