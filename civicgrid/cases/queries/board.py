"""Queries for the whistle board (吹哨报到) and the supervision queue (督办、上报、延期审批)."""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from civicgrid.cases.choices import HANDLING_STATUSES, EscalationLevel
from civicgrid.cases.models import BY_DEADLINE, Case, WhistleSummons
from civicgrid.people import actions
from civicgrid.people.scopes import can

RECENT = timedelta(hours=24)  # responded summons stay on the board this long
MAX_ROWS = 200
# Only what the rows show: whole cases brought each grid's outline and decrypted contact data.
BOARD_FIELDS = (
    *("code", "reported_at", "description", "status", "due_at", "warn_at"),
    *("category__name", "grid__name", "department__name"),
)
SUPERVISION_FIELDS = (*("urge_count", "escalation_level", "extension_until", "escalated_to__name"),)


@dataclass(frozen=True)
class SummonsClock:
    """A summoned department's response clock as the board shows it."""

    summons: WhistleSummons
    state: str  # "waiting" (green), "overdue" (red) or "responded" (grey)
    text: str


def summons_clock(summons: WhistleSummons, now: datetime) -> SummonsClock:
    """Minutes left, minutes over, or the time the department reported in."""
    if summons.responded_at is not None:
        at = timezone.localtime(summons.responded_at)
        late = _("（超时报到）") if summons.responded_at > summons.respond_due else ""
        return SummonsClock(
            summons,
            "responded",
            _("已报到 %(time)s%(late)s") % {"time": f"{at:%H:%M}", "late": late},
        )
    seconds = (summons.respond_due - now).total_seconds()
    if seconds > 0:
        return SummonsClock(
            summons, "waiting", _("剩余 %(minutes)s 分") % {"minutes": math.ceil(seconds / 60)}
        )
    return SummonsClock(
        summons, "overdue", _("已超时 %(minutes)s 分") % {"minutes": int(-seconds // 60)}
    )


@dataclass(frozen=True)
class WhistleRow:
    case: Case
    clocks: list[SummonsClock]

    @property
    def overdue(self) -> bool:
        return any(c.state == "overdue" for c in self.clocks)


def whistle_board(*, user, now: datetime | None = None) -> list[WhistleRow]:
    """Cases with summons still waiting (or answered lately), overdue ones first."""
    now = now or timezone.now()
    # Start from the summons (a few hundred at most, by the summons_active index): walking
    # every case newest first and testing each for a summons read the whole case table.
    active = WhistleSummons.objects.filter(
        Q(responded_at=None) | Q(responded_at__gte=now - RECENT)
    ).values_list("case_id", flat=True)
    cases = list(
        Case.objects.visible_to(user)
        .filter(pk__in=list(set(active)))
        .select_related("category", "grid", "department")
        .only(*BOARD_FIELDS)
        .order_by("-reported_at")[:MAX_ROWS]
    )
    by_case: dict[int, list[WhistleSummons]] = {c.pk: [] for c in cases}
    for s in (
        WhistleSummons.objects.filter(case_id__in=by_case)
        .select_related("department")
        .order_by("summoned_at", "pk")
    ):
        if s.responded_at is None or s.responded_at >= now - RECENT:
            by_case[s.case_id].append(s)
    rows = [WhistleRow(c, [summons_clock(s, now) for s in by_case[c.pk]]) for c in cases]

    def urgency(row: WhistleRow):
        waiting = [c.summons.respond_due for c in row.clocks if c.state != "responded"]
        return (not row.overdue, not waiting, min(waiting) if waiting else now)

    rows.sort(key=urgency)
    return rows


@dataclass(frozen=True)
class Section:
    key: str
    title: StrOrPromise
    cases: list[Case]


def supervision_queue(*, user) -> list[Section]:
    """Urged, escalated and extension-pending cases, one section per action the user holds."""
    visible = (
        Case.objects.visible_to(user)
        .select_related("category", "grid", "department", "escalated_to")
        .only(*BOARD_FIELDS, *SUPERVISION_FIELDS)
    )
    ordered = BY_DEADLINE
    wanted = [
        (
            "urged",
            actions.CASE_URGE,
            _("督办中"),
            visible.open().filter(urge_count__gt=0).order_by("-urge_count", *ordered),
        ),
        (
            "escalated",
            actions.CASE_ESCALATE,
            _("已上报上级"),
            visible.open()
            .filter(Q(escalation_level__gt=EscalationLevel.GRID) | Q(escalated_to__isnull=False))
            .order_by("-escalation_level", *ordered),
        ),
        (
            "extensions",
            actions.CASE_EXTENSION,
            _("待审批延期"),
            visible.filter(extension_until__isnull=False, status__in=HANDLING_STATUSES).order_by(
                "extension_until"
            ),
        ),
    ]
    return [
        Section(key, title, list(qs[:MAX_ROWS]))
        for key, action, title, qs in wanted
        if can(user, action)
    ]
