"""The demo city's duty lists, stations' three lists and the bureau's decomposed plan, with
two months of progress reports; a few tasks are overdue."""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from civicgrid.duties import lists, plans
from civicgrid.duties.choices import ListKind
from civicgrid.duties.demo_data import (
    BUREAU_TASKS,
    DEFAULT_DUTIES,
    DEPARTMENT_DUTIES,
    OFFICE_DUTIES,
    PROGRESS,
    STATION_DUTIES,
    STATION_POWERS,
    STATION_TASKS,
)
from civicgrid.duties.models import ListVersion, PlanTask, Unit, WorkPlan
from civicgrid.duties.units import sync_units, unit_for
from civicgrid.people import actions
from civicgrid.people.scopes import can

PLAN = "城管执法进社区工作任务分解表"
# The plan's dates are written for a table seen on 4 December; a demo built on another day
# moves them by as much, so that the same tasks are done, running or overdue.
WRITTEN_FOR = date(2026, 12, 4)
STALLED = {5, 8, 14, 22}  # numbers of the tasks that stall past their deadline


def _publish(unit, kind, rows, actor, *, at: datetime, note="") -> None:
    draft = lists.start_draft(unit=unit, kind=kind, actor=actor)
    lists.replace_items(
        version=draft, actor=actor, rows=[{"content": c, "basis": b, "kind": k} for c, b, k in rows]
    )
    lists.publish(version=draft, actor=actor, note=note)
    ListVersion.objects.filter(pk=draft.pk).update(created_at=at, published_at=at)


def _lists(city, start: datetime) -> None:
    leader = city.users["leader"]
    for dept in city.departments.values():
        rows = DEPARTMENT_DUTIES.get(dept.kind, DEFAULT_DUTIES)
        _publish(unit_for(dept), ListKind.DUTIES, rows, leader, at=start)
    for street in city.streets:
        _publish(unit_for(street), ListKind.DUTIES, OFFICE_DUTIES, leader, at=start)
    for i, community in enumerate(city.communities):
        head = city.heads[community.pk]
        unit = Unit.objects.get(workstation__community=community)
        for kind, rows in (
            (ListKind.DUTIES, STATION_DUTIES),
            (ListKind.POWERS, STATION_POWERS),
            (ListKind.TASKS, STATION_TASKS),
        ):
            _publish(unit, kind, rows, head, at=start + timedelta(days=i % 5))
        if i % 2 == 0:  # a revised duty list: version 1 stays readable
            extra = [("每周二、周四上午执法队员到站坐班，现场受理咨询投诉", "", "坐班接待")]
            _publish(
                unit,
                ListKind.DUTIES,
                STATION_DUTIES[:-1] + extra + STATION_DUTIES[-1:],
                head,
                at=start + timedelta(days=30 + i),
                note="增加执法队员坐班接待",
            )


def _unit(city, ref: str) -> list[Unit]:
    if ref == "stations":
        return [Unit.objects.get(workstation__community=c) for c in city.communities[:3]]
    if ref.startswith("street:"):
        return [unit_for(city.streets[int(ref[7:]) % len(city.streets)])]
    return [unit_for(city.departments[ref])]


def _reporter(city, unit: Unit):
    """Who reports for a unit: its own staff (a squad's officers report through the
    district's command centre, which holds duty.report over every unit)."""
    if unit.workstation is not None:
        return city.heads[unit.workstation.community_id]
    if unit.area_id:
        return city.dispatchers.get(unit.area_id, city.users["dispatcher"])
    staff = [u for code, users in city.handlers.items() for u in users
             if city.departments[code].pk == unit.department_id]  # fmt: skip
    return next((u for u in staff if can(u, actions.DUTY_REPORT, unit)), city.users["dispatcher"])


def _moment(day: date, hour: int) -> datetime:
    return min(
        timezone.make_aware(datetime.combine(day, time(hour))), timezone.now() - timedelta(hours=1)
    )


def _history(city, task: PlanTask, rng: random.Random, today: date, start: date) -> None:
    """Reports every week or two since the start; late tasks stall, early ones finish."""
    due = task.deadline
    if due > today + timedelta(days=14) and rng.random() < 0.3:
        return  # late in the year: not started yet
    if due < start:  # finished before the window: reported done on its deadline
        steps = [(2, due - timedelta(days=20)), (4, due - timedelta(days=rng.randint(0, 3)))]
    else:
        stall = due < today and task.number in STALLED  # a few overdue
        n = rng.randint(2, 4)
        span = max((min(due, today) - start).days, 7)
        top = 2 if stall else 3  # still open: at most 80% before the deadline
        steps = [
            (min(k + 1, top), start + timedelta(days=span * (k + 1) // (n + 1))) for k in range(n)
        ]
        if not stall and due <= today:
            steps.append((4, due))
    co = list(task.co_units.all())
    for stage, day in steps:
        if day > today:
            continue
        percent = [10, 30, 55, 80, 100][stage]
        plans.report(
            task=task,
            unit=task.lead,
            actor=_reporter(city, task.lead),
            percent=percent,
            text=PROGRESS[stage],
            at=_moment(day, 10),
        )
        if co and rng.random() < 0.5:
            unit = rng.choice(co)
            plans.report(
                task=task,
                unit=unit,
                actor=_reporter(city, unit),
                percent=percent,
                text="配合单位：" + PROGRESS[min(stage, 3)],
                at=_moment(day, 15),
            )


def seed(city, *, now: datetime | None = None) -> None:
    """Duty lists and the bureau's plan of the demo district; does nothing if a plan exists."""
    if WorkPlan.objects.exists():
        return
    now = now or timezone.now()
    today = timezone.localdate(now)
    start = today - timedelta(days=60)
    rng = random.Random(16)
    sync_units()
    _lists(city, timezone.make_aware(datetime.combine(start - timedelta(days=30), time(9))))
    leader = city.users["leader"]
    plan = plans.create_plan(
        actor=leader,
        title=f"{today.year}年{PLAN}",
        year=today.year,
        area=city.county,
        note="依据《关于深化城管执法进社区工作的实施意见》分解",
    )
    WorkPlan.objects.filter(pk=plan.pk).update(
        created_at=timezone.make_aware(datetime.combine(start - timedelta(days=90), time(9)))
    )
    for title, content, month, day, lead, co in BUREAU_TASKS:
        co_units = [u for ref in co for u in _unit(city, ref)]
        task = plans.add_task(
            plan=plan,
            actor=leader,
            title=title,
            content=content,
            deadline=today + (date(WRITTEN_FOR.year, month, day) - WRITTEN_FOR),
            lead=_unit(city, lead)[0],
            co_units=co_units,
        )
        _history(city, task, rng, today, start)
