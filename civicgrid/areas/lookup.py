"""Point -> grid lookup over the grid polygons, cached in-process and rebuilt on change."""

from dataclasses import dataclass

from shapely import Point
from shapely.geometry import shape

from civicgrid.areas.geo import GridIndex
from civicgrid.lib.cached import Versioned


@dataclass(frozen=True)
class Grids:
    """The spatial index and each grid's materialised path, so a lookup needs no query."""

    index: GridIndex
    paths: dict[int, str]


def _build() -> Grids:
    from civicgrid.areas.models import Area

    rows = list(
        Area.objects.grids()
        .exclude(boundary=None)
        .order_by("pk")
        .values_list("pk", "boundary", "path")
    )
    return Grids(GridIndex((pk, boundary) for pk, boundary, _ in rows), {r[0]: r[2] for r in rows})


index = Versioned("grid-index", _build)


def locate(lng: float, lat: float) -> tuple[int, str] | None:
    """(grid id, grid path) of the grid containing a WGS-84 point, or None; no query."""
    grids = index.get()
    pk = grids.index.locate(lng, lat)
    return (pk, grids.paths[pk]) if pk is not None else None


def locate_grid(lng: float, lat: float):
    """The grid (Area) containing a WGS-84 point, or None."""
    from civicgrid.areas.models import Area

    found = locate(lng, lat)
    return Area.objects.filter(pk=found[0]).first() if found else None


def outside(area, lng: float, lat: float) -> bool:
    """Whether a WGS-84 point is known to lie outside an area: by its own boundary, else by
    the grids drawn in it. An area with neither has no known extent: never outside."""
    if area.boundary:
        return not shape(area.boundary).intersects(Point(lng, lat))
    grids = index.get()
    inner = [pk for pk, path in grids.paths.items() if path.startswith(area.path)]
    return bool(inner) and grids.index.locate(lng, lat) not in inner
