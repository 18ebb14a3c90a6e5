"""The status board of decomposed tasks: each task's status from its progress and deadline,
totals by status and by unit, the filters shared by the page and the export."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from civicgrid.duties import deadlines
from civicgrid.duties.choices import STATUS_ORDER, TaskStatus
from civicgrid.duties.models import PlanTask, ProgressReport, Unit
from civicgrid.duties.plans import visible_tasks

MAX_ROWS = 500


@dataclass
class Row:
    """One task as the board shows it."""

    task: PlanTask
    status: str
    late_days: int
    days_left: int | None
    latest: ProgressReport | None
    co_units: list[Unit]

    @property
    def status_label(self) -> str:
        return str(TaskStatus(self.status).label)

    @property
    def soon(self) -> bool:
        return self.days_left is not None and self.days_left <= deadlines.SOON_WORKING_DAYS


@dataclass
class UnitTotal:
    unit: Unit
    lead: Counter = field(default_factory=Counter)
    co: int = 0

    @property
    def cells(self) -> list[int]:
        return [self.lead[s] for s in STATUS_ORDER]


@dataclass
class Filters:
    plan_id: int | None = None
    unit_id: int | None = None
    status: str = ""

    @classmethod
    def of(cls, query) -> "Filters":
        def number(name):
            text = query.get(name, "")
            return int(text) if text.isdigit() and len(text) < 10 else None

        status = query.get("status", "")
        return cls(number("plan"), number("unit"), status if status in TaskStatus.values else "")


def rows(user, filters: Filters, today: date | None = None) -> list[Row]:
    """The visible tasks that pass the filters, with their status and latest report."""
    today = today or timezone.localdate()
    tasks = visible_tasks(user).select_related("plan__area", "lead")
    if filters.plan_id:
        tasks = tasks.filter(plan_id=filters.plan_id)
    if filters.unit_id:
        by_unit = tasks.filter(co_units=filters.unit_id).values("pk")
        tasks = tasks.filter(lead_id=filters.unit_id) | tasks.filter(pk__in=by_unit)
    latest = ProgressReport.objects.select_related("unit", "author__staff").order_by("-at", "-pk")
    tasks = tasks.prefetch_related("co_units", Prefetch("reports", queryset=latest))
    out = []
    for task in tasks.order_by("plan__year", "plan_id", "number", "pk")[:MAX_ROWS]:
        status = deadlines.status_of(task, today)
        if filters.status and status != filters.status:
            continue
        reports = list(task.reports.all())
        out.append(
            Row(
                task=task,
                status=status,
                late_days=deadlines.late_days(task, today),
                days_left=deadlines.days_left(task, today),
                latest=reports[0] if reports else None,
                co_units=list(task.co_units.all()),
            )
        )
    return out


def by_status(found: list[Row]) -> list[tuple[str, str, int]]:
    counts = Counter(r.status for r in found)
    return [(s, str(TaskStatus(s).label), counts[s]) for s in STATUS_ORDER]


def by_unit(found: list[Row]) -> list[UnitTotal]:
    """Per unit: the tasks it leads by status, and how many it co-leads."""
    totals: dict[int, UnitTotal] = {}
    for row in found:
        totals.setdefault(row.task.lead_id, UnitTotal(row.task.lead)).lead[row.status] += 1
        for unit in row.co_units:
            totals.setdefault(unit.pk, UnitTotal(unit)).co += 1
    return sorted(totals.values(), key=lambda t: (-t.lead[TaskStatus.LATE], t.unit.name))
