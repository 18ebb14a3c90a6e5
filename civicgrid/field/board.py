"""The desk board of tasks: per task its assignees x status, overdue flagged; per sender totals."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from civicgrid.field.assignments import visible_assignments
from civicgrid.field.choices import OPEN_TARGET, TargetStatus
from civicgrid.field.models import Assignment, AssignmentTarget

MAX_ROWS = 300


@dataclass
class Row:
    """One task on the board, with its assignees' rows."""

    task: Assignment
    targets: list[AssignmentTarget]
    overdue: int = 0
    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def done(self) -> int:
        return self.by_status.get(TargetStatus.APPROVED, 0)

    @property
    def finished(self) -> bool:
        return bool(self.targets) and self.done == len(self.targets)


@dataclass
class SenderTotal:
    name: str
    sender_id: int
    tasks: int = 0
    people: int = 0
    approved: int = 0
    overdue: int = 0


def board_tasks(user, *, sender_id: int | None = None, state: str = "") -> QuerySet[Assignment]:
    tasks = visible_assignments(user)
    if sender_id:
        tasks = tasks.filter(sender_id=sender_id)
    if state == "open":
        tasks = tasks.filter(targets__status__in=OPEN_TARGET | {TargetStatus.DONE}).distinct()
    targets = AssignmentTarget.objects.select_related("assignee__staff").order_by("pk")
    return tasks.prefetch_related(Prefetch("targets", queryset=targets)).order_by(
        "-created_at", "-pk"
    )


def board(
    user, *, sender_id: int | None = None, state: str = "", now: datetime | None = None
) -> tuple[list[Row], list[SenderTotal]]:
    """The rows of the board and the totals per sender, from the same tasks."""
    now = now or timezone.now()
    rows: list[Row] = []
    senders: dict[int, SenderTotal] = {}
    for task in board_tasks(user, sender_id=sender_id, state=state)[:MAX_ROWS]:
        targets = list(task.targets.all())
        row = Row(task=task, targets=targets)
        for t in targets:
            t.late = t.is_overdue(now)
            row.overdue += t.late
            row.by_status[t.status] = row.by_status.get(t.status, 0) + 1
        rows.append(row)
        profile = getattr(task.sender, "staff", None)
        total = senders.setdefault(
            task.sender_id,
            SenderTotal(
                name=profile.name if profile else task.sender.username, sender_id=task.sender_id
            ),
        )
        total.tasks += 1
        total.people += len(targets)
        total.approved += row.done
        total.overdue += row.overdue
    return rows, sorted(senders.values(), key=lambda s: (-s.tasks, s.name))
