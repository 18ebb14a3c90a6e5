"""The public red and black lists 红黑榜 of an area: shop names and points, no owner data."""

from civicgrid.shops.choices import ShopStatus, Standing
from civicgrid.shops.models import Shop, StreetChief


def lists_for(area, *, limit: int = 30) -> dict:
    """The area's red list (best first) and black list (lowest first), in one query."""
    shops = Shop.objects.filter(
        area_path__startswith=area.path,
        status=ShopStatus.OPEN,
        standing__in=[Standing.RED, Standing.BLACK],
    )
    listed = list(shops.only("name", "points", "address", "standing").order_by("-points", "name"))
    black = [s for s in listed if s.standing == Standing.BLACK]
    black.reverse()
    return {
        "red": [s for s in listed if s.standing == Standing.RED][:limit],
        "black": black[:limit],
    }


def chiefs_in(area) -> list[StreetChief]:
    return list(StreetChief.objects.filter(area_path__startswith=area.path, active=True))
