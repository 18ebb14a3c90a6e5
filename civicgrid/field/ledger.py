"""The monthly ledger 台账 of a workstation: what its people did in its community that month.

One section per kind of record (desk duty, visits and check-ins, patrols, tasks, community
events, cases, enforcement measures), each a title, columns and rows, so the page and the
Excel workbook show the same thing. Council meetings join when the community app records them.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.cases.choices import Status, Tier
from civicgrid.cases.enforcement.services import measures_for
from civicgrid.cases.models import Case
from civicgrid.catalog.choices import Measure
from civicgrid.community.models import Event
from civicgrid.field.models import Assignment, CheckIn, DutySlot, Patrol
from civicgrid.field.models.duty import HalfDay
from civicgrid.people.models import Workstation
from civicgrid.people.scopes import under
from civicgrid.volunteers.ledger import sections as training_sections


@dataclass
class Section:
    title: str
    columns: list[tuple[str, int]]  # (header, width in the workbook)
    rows: list[list] = field(default_factory=list)
    tally: bool = False  # rows are counts (cases, measures), not records: no "n 条"

    def labelled(self) -> list[list[tuple[str, object]]]:
        """Each row as (header, value) pairs: a phone shows a row as a card of labelled cells."""
        headers = [header for header, _width in self.columns]
        return [list(zip(headers, row, strict=True)) for row in self.rows]


@dataclass
class Ledger:
    workstation: Workstation
    year: int
    month: int
    sections: list[Section]

    @property
    def label(self) -> str:
        return _("%(y)s年%(m)s月") % {"y": self.year, "m": self.month}


def _local(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _name(user) -> str:
    profile = getattr(user, "staff", None)
    return profile.name if profile else user.get_username()


def month_span(year: int, month: int) -> tuple[datetime, datetime]:
    """[first moment, first moment of the next month) of a local calendar month."""
    first = date(year, month, 1)
    following = (first + timedelta(days=32)).replace(day=1)
    aware = [timezone.make_aware(datetime.combine(d, time.min)) for d in (first, following)]
    return aware[0], aware[1]


def ledger(*, workstation: Workstation, year: int, month: int) -> Ledger:
    """The workstation's ledger of one month, every section read with one query."""
    start, end = month_span(year, month)
    community = workstation.community
    inside = under("area_path", community.path)
    halves = dict(HalfDay.choices)
    duty = Section(_("坐班"), [(_("日期"), 12), (_("时段"), 8), (_("值班人员"), 12)])
    for slot in (
        DutySlot.objects.filter(
            workstation=workstation, date__gte=start.date(), date__lt=end.date()
        )
        .select_related("user__staff")
        .order_by("date", "half")
    ):
        duty.rows.append([slot.date.isoformat(), str(halves[slot.half]), _name(slot.user)])

    visits = Section(
        _("走访签到"),
        [(_("时间"), 17), (_("人员"), 12), (_("地点"), 24), (_("距离（米）"), 10), (_("存疑"), 30)],
    )
    checkins = CheckIn.objects.filter(Q(workstation=workstation) | inside, at__gte=start)
    for c in checkins.filter(at__lt=end).select_related("user__staff", "area").order_by("at"):
        place = c.workstation.name if c.workstation_id else c.area.name  # type: ignore[union-attr]
        visits.rows.append([_local(c.at), _name(c.user), place, c.distance_m, c.flag_reason])

    patrols = Section(
        _("巡查"),
        [
            (_("开始"), 17),
            (_("结束"), 17),
            (_("人员"), 12),
            (_("里程（米）"), 10),
            (_("发现问题"), 9),
        ],
    )
    found = Patrol.objects.filter(inside, started_at__gte=start, started_at__lt=end)
    for p in (
        found.select_related("user__staff").annotate(cases=Count("findings")).order_by("started_at")
    ):
        patrols.rows.append(
            [_local(p.started_at), _local(p.ended_at), _name(p.user), p.distance_m, p.cases]
        )

    tasks = Section(
        _("任务"), [(_("下派时间"), 17), (_("任务"), 30), (_("完成时限"), 17), (_("完成情况"), 12)]
    )
    sent = Assignment.objects.filter(
        Q(workstation=workstation) | under("area__path", community.path),
        created_at__gte=start,
        created_at__lt=end,
    ).annotate(
        assignees=Count("targets"), approved=Count("targets", filter=Q(targets__status="approved"))
    )
    for a in sent.order_by("created_at"):
        done = _("%(done)s/%(all)s 已验收") % {"done": a.approved, "all": a.assignees}
        tasks.rows.append([_local(a.created_at), a.title, _local(a.deadline), done])

    events = Section(
        _("社区活动"),
        [(_("时间"), 17), (_("活动"), 30), (_("地点"), 24), (_("类型"), 10), (_("参与人数"), 10)],
    )
    held = Event.objects.published().filter(
        community=community, starts_at__gte=start, starts_at__lt=end
    )
    for e in held.annotate(came=Count("signups", filter=Q(signups__attended_at__isnull=False))):
        came = e.participants if e.participants is not None else e.came
        events.rows.append([_local(e.starts_at), e.title, e.place, e.get_kind_display(), came])

    return Ledger(
        workstation,
        year,
        month,
        [duty, visits, patrols, tasks, events, _cases(inside, start, end)]
        + [_measures(inside, start, end)]
        + training_sections(Section, community, start, end),
    )


def _cases(inside: Q, start: datetime, end: datetime) -> Section:
    """The community's cases of the month: reported, self-handled, closed and on time."""
    cases = Case.objects.filter(inside)
    reported = cases.filter(reported_at__gte=start, reported_at__lt=end)
    closed = cases.filter(status=Status.CLOSED, closed_at__gte=start, closed_at__lt=end)
    counts = reported.aggregate(
        all=Count("id"), self_handled=Count("id", filter=Q(tier=Tier.SELF))
    ) | closed.aggregate(closed=Count("id"), on_time=Count("id", filter=Q(overdue_count=0)))
    section = Section(_("案件"), [(_("项目"), 20), (_("件数"), 10)], tally=True)
    section.rows = [
        [_("本月上报"), counts["all"]],
        [_("其中随手办"), counts["self_handled"]],
        [_("本月结案"), counts["closed"]],
        [_("其中按期结案"), counts["on_time"]],
    ]
    return section


def _measures(inside: Q, start: datetime, end: datetime) -> Section:
    """Enforcement measures taken on the community's cases this month, by measure."""
    measured = Case.objects.filter(
        inside, enforcement__measured_at__gte=start, enforcement__measured_at__lt=end
    )
    labels = dict(Measure.choices)
    section = Section(_("执法处置"), [(_("措施"), 20), (_("件数"), 10)], tally=True)
    section.rows = [[str(labels[m]), n] for m, n in measures_for(measured).items()]
    return section
