"""Rollout coverage 工作站覆盖: which communities have a workstation, and a staffed one.

Staffed means: at least one active staff member is named on the workstation's public roster
(people.StaffProfile with this workstation and on_roster), the officers residents see on the
community page and the poster. A station with nobody on the roster is a sign on a door.
Counted over the communities the viewer holds station.evaluate on, in one grouped query.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.people import actions
from civicgrid.people.models import StaffProfile
from civicgrid.people.scopes import area_scope


@dataclass
class Line:
    """One street (or the total): communities, with a station, staffed, without."""

    code: str
    name: str
    communities: int = 0
    with_station: int = 0
    staffed: int = 0
    model: int = 0

    @property
    def without(self) -> int:
        return self.communities - self.with_station

    @property
    def unstaffed(self) -> int:
        return self.with_station - self.staffed

    @property
    def percent(self) -> int | None:
        """Share of communities with a staffed station."""
        return round(100 * self.staffed / self.communities) if self.communities else None


@dataclass
class Coverage:
    streets: list[Line]
    total: Line


def _staffed():
    on_roster = StaffProfile.objects.filter(
        workstation__community=OuterRef("pk"), on_roster=True, user__is_active=True
    )
    return Exists(on_roster)


def communities(user, street: Area | None = None):
    """The communities in the viewer's scope (of one street), annotated for coverage."""
    found = Area.objects.filter(area_scope(user, actions.STATION_EVALUATE), level=Level.COMMUNITY)
    if street is not None:
        found = found.filter(path__startswith=street.path)
    return found.annotate(staffed=_staffed())


def coverage(user, street: Area | None = None) -> Coverage:
    """Counts per street of the viewer's communities, and the communities still to cover."""
    base = communities(user, street)
    grouped = (
        base.order_by()
        .values("parent__code", "parent__name")
        .annotate(
            n=Count("pk"),
            stations=Count("workstation"),
            staffed_n=Count("pk", filter=Q(staffed=True)),
            model_n=Count("pk", filter=Q(workstation__is_model=True)),
        )
        .order_by("parent__code")
    )
    total = Line("", "")
    streets = []
    for row in grouped:
        line = Line(
            row["parent__code"] or "",
            row["parent__name"] or "",
            row["n"],
            row["stations"],
            row["staffed_n"],
            row["model_n"],
        )
        streets.append(line)
        for name in ("communities", "with_station", "staffed", "model"):
            setattr(total, name, getattr(total, name) + getattr(line, name))
    return Coverage(streets, total)


def gaps(user, street: Area | None = None) -> list[Area]:
    """Communities without a workstation or with nobody on its roster, by street and code;
    each carries `station` (its workstation name or "")."""
    rows = (
        communities(user, street)
        .filter(Q(workstation__isnull=True) | Q(staffed=False))
        .select_related("parent", "workstation")
        .order_by("path")
    )
    out = []
    for area in rows:
        ws = getattr(area, "workstation", None)
        area.station = ws.name if ws else ""
        out.append(area)
    return out


def roster_sizes(user, street: Area):
    """The communities of one street with their workstation and roster size (the drill-down)."""
    return (
        communities(user, street)
        .select_related("workstation")
        .annotate(
            roster=Count(
                "workstation__roster",
                filter=Q(
                    workstation__roster__on_roster=True,
                    workstation__roster__user__is_active=True,
                ),
            )
        )
        .order_by("code")
    )
