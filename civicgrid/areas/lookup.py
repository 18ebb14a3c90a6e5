"""Point -> grid lookup over the grid polygons, cached in-process and rebuilt on change."""

from civicgrid.areas.geo import GridIndex
from civicgrid.lib.cached import Versioned


def _build() -> GridIndex:
    from civicgrid.areas.models import Area

    rows = Area.objects.grids().exclude(boundary=None).order_by("pk")
    return GridIndex(rows.values_list("pk", "boundary"))


index = Versioned("grid-index", _build)


def locate_grid(lng: float, lat: float):
    """The grid (Area) containing a WGS-84 point, or None."""
    from civicgrid.areas.models import Area

    pk = index.get().locate(lng, lat)
    return Area.objects.filter(pk=pk).first() if pk else None
