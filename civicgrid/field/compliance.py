"""Compliance 履职统计: a requirement's periods in a month, what each person did, what is missing.

Periods: a "day" rule has one period per working day (catalog calendar: holidays and 调休
count as they are declared); a "week" rule one per Monday-Sunday week that ends in the month
(a week is counted once, in the month of its Sunday, with everything done in its seven days);
a "month" rule one. A period counts once it is over, or earlier if already met, so a table
seen mid-month does not show today's patrol as missed in the morning.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area, path_codes
from civicgrid.catalog.timelimits import calendar
from civicgrid.field.models import CheckIn, DutySlot, Patrol, Requirement
from civicgrid.field.models.requirement import Activity, Period
from civicgrid.people import actions
from civicgrid.people.models import RoleAssignment, StaffProfile
from civicgrid.people.scopes import can, under


@dataclass(frozen=True)
class Span:
    """One period of a requirement: its days, label and how many are required in it."""

    start: date
    end: date
    label: str


def month_bounds(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def spans(period: str, year: int, month: int) -> list[Span]:
    """The periods of a rule that belong to this month."""
    first, last = month_bounds(year, month)
    if period == Period.MONTH:
        return [Span(first, last, _("%(m)s月") % {"m": month})]
    if period == Period.WEEK:
        sunday = first + timedelta(days=(6 - first.weekday()) % 7)
        weeks = []
        while sunday <= last:
            monday = sunday - timedelta(days=6)
            label = f"{monday.month}月{monday.day}日–{sunday.month}月{sunday.day}日"
            weeks.append(Span(monday, sunday, label))
            sunday += timedelta(days=7)
        return weeks
    work = calendar.get()
    days, day = [], first
    while day <= last:
        if work.is_workday(day):
            days.append(Span(day, day, f"{day.month}月{day.day}日"))
        day += timedelta(days=1)
    return days


@dataclass
class Subject:
    """A person a requirement applies to, with where they belong."""

    user_id: int
    name: str
    title: str
    home_path: str
    unit: str  # workstation or department
    department_id: int | None

    @property
    def scope_area_path(self) -> str:  # people/scopes.can(): where the person belongs
        return self.home_path

    def scope_department_ids(self, action: str) -> frozenset[int]:
        # Empty, not None, for staff of no department: a department's grant reaches its own.
        return frozenset({self.department_id}) if self.department_id else frozenset()


def subjects(req: Requirement) -> list[Subject]:
    """The active people a rule applies to: holders of its role, or staff of its post, within
    its area."""
    found: dict[int, Subject] = {}
    if req.role_id:
        rows = RoleAssignment.objects.filter(role_id=req.role_id, user__is_active=True)
        for ra in rows.select_related(
            "area", "department__area", "user__staff__workstation", "user__staff__department"
        ):
            path = (
                ra.area.path
                if ra.area
                else (ra.department.area.path if ra.department and ra.department.area else "")
            )
            found.setdefault(ra.user_id, _subject(ra.user, path, ra.area.name if ra.area else ""))
    if req.post:
        staff = StaffProfile.objects.filter(title=req.post, user__is_active=True)
        for s in staff.select_related("user", "workstation__community", "department__area"):
            path = (
                s.workstation.community.path
                if s.workstation
                else (s.department.area.path if s.department and s.department.area else "")
            )
            found.setdefault(s.user_id, _subject(s.user, path, ""))
    if req.area is not None:
        within = req.area.path
        found = {k: v for k, v in found.items() if v.home_path.startswith(within)}
    return sorted(found.values(), key=lambda s: (s.home_path, s.name))


def _subject(user, path: str, area_name: str) -> Subject:
    staff = getattr(user, "staff", None)
    unit = area_name
    if staff is not None:
        if staff.workstation:
            unit = staff.workstation.name
        elif staff.department:
            unit = staff.department.name
    return Subject(
        user_id=user.pk,
        name=staff.name if staff else user.get_username(),
        title=staff.title if staff else "",
        home_path=path,
        unit=unit,
        department_id=staff.department_id if staff else None,
    )


def visible(viewer, subject: Subject) -> bool:
    """Whether the viewer's compliance grants reach this person."""
    return can(viewer, actions.FIELD_COMPLIANCE, subject)


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def activity_days(req: Requirement, user_ids: list[int], start: date, end: date) -> dict:
    """user id -> the days (one per visit, patrol day or half-day on duty) of the requirement's
    activity between start and end."""
    since = timezone.make_aware(datetime.combine(start, datetime.min.time()))
    until = timezone.make_aware(datetime.combine(end + timedelta(days=1), datetime.min.time()))
    where = under("area_path", req.area.path) if req.area is not None else Q()
    done: dict[int, list] = defaultdict(list)
    if req.activity == Activity.PATROL_DAY:
        patrols = Patrol.objects.filter(
            where, user_id__in=user_ids, started_at__gte=since, started_at__lt=until
        )
        seen = {
            (p.user_id, _local_day(p.started_at)) for p in patrols.only("user_id", "started_at")
        }
        for user_id, day in seen:
            done[user_id].append(day)
        return done
    checkins = CheckIn.objects.filter(where, user_id__in=user_ids, at__gte=since, at__lt=until)
    rows = list(checkins.values_list("user_id", "at", "area_id", "workstation_id"))
    if req.activity == Activity.VISIT:
        for user_id, day, _area in {(u, _local_day(at), a) for u, at, a, _w in rows}:
            done[user_id].append(day)
    elif req.activity == Activity.FIXED_DAY:
        work = calendar.get()
        for user_id, day in {(u, _local_day(at)) for u, at, _a, _w in rows}:
            if work.is_workday(day):
                done[user_id].append(day)
    elif req.activity == Activity.DUTY:
        present = {(u, _local_day(at), w) for u, at, _a, w in rows if w}
        slots = DutySlot.objects.filter(user_id__in=user_ids, date__range=(start, end))
        for s in slots:
            if (s.user_id, s.date, s.workstation_id) in present:
                done[s.user_id].append(s.date)
    return done


@dataclass
class Line:
    """One person against one requirement in one month."""

    subject: Subject
    requirement: Requirement
    required: int = 0
    done: int = 0
    missing: list[str] = field(default_factory=list)
    under_way: str = ""  # the current period, not over and not met yet: "12月（1/2）"

    @property
    def percent(self) -> int | None:
        return round(100 * self.done / self.required) if self.required else None

    @property
    def met(self) -> bool:
        return self.done >= self.required


def lines(*, viewer, year: int, month: int, today: date | None = None) -> list[Line]:
    """Every visible person against every active requirement, for one month."""
    today = today or timezone.localdate()
    out = []
    for req in Requirement.objects.filter(active=True).select_related("area", "role"):
        people = [s for s in subjects(req) if visible(viewer, s)]
        periods = spans(req.period, year, month)
        if not people or not periods:
            continue
        done = activity_days(req, [s.user_id for s in people], periods[0].start, periods[-1].end)
        for subject in people:
            days = done.get(subject.user_id, [])
            line = Line(subject, req)
            for span in periods:
                got = min(req.count, sum(span.start <= d <= span.end for d in days))
                if span.end >= today and got < req.count:
                    # Not over yet and not met yet: neither done nor missed.
                    line.under_way = f"{span.label}（{got}/{req.count}）"
                    continue
                line.required += req.count
                line.done += got
                if got < req.count:
                    line.missing.append(
                        span.label if req.count == 1 else f"{span.label}（{got}/{req.count}）"
                    )
            out.append(line)
    return out


@dataclass
class UnitLine:
    """A unit's (workstation, department or street) totals."""

    name: str
    people: int = 0
    required: int = 0
    done: int = 0
    short: int = 0  # people-requirements not met

    @property
    def percent(self) -> int | None:
        return round(100 * self.done / self.required) if self.required else None


def by_unit(rows: list[Line], *, level: str) -> list[UnitLine]:
    """Totals per workstation/department ("unit") or per street ("street")."""
    streets = dict(Area.objects.filter(level=Level.STREET).values_list("code", "name"))
    units: dict[str, UnitLine] = {}
    people: dict[str, set] = defaultdict(set)
    for row in rows:
        if level == "street":
            code = next((c for c in path_codes(row.subject.home_path) if c in streets), "")
            name = streets.get(code, _("区直部门"))
        else:
            name = row.subject.unit or _("未分配单位")
        unit = units.setdefault(name, UnitLine(name))
        people[name].add(row.subject.user_id)
        unit.required += row.required
        unit.done += row.done
        unit.short += not row.met
    for name, unit in units.items():
        unit.people = len(people[name])
    return sorted(units.values(), key=lambda u: (u.percent is None, u.percent or 0, u.name))
