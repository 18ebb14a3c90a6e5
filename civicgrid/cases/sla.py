"""Stage clocks of a case: deadlines when a stage starts, warnings and overdue marks later."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from civicgrid.cases import events
from civicgrid.cases.choices import Clock
from civicgrid.cases.errors import InvalidInput
from civicgrid.cases.models import Case
from civicgrid.catalog.choices import Stage, Unit
from civicgrid.catalog.timelimits import calendar, limit_for
from civicgrid.catalog.worktime import NoCalendarData

DUE_FIELD: dict[str, str] = {
    Stage.ACCEPT: "accept_due",
    Stage.DISPATCH: "dispatch_due",
    Stage.HANDLE: "handle_due",
    Stage.VERIFY: "verify_due",
}


def stage_window(start: datetime, category, urgency: str, stage: str):
    """(deadline, warning time) of a stage starting at `start`; (None, None) without a limit."""
    found = limit_for(category, urgency, stage)
    if not found:
        return None, None
    amount, unit = found
    share = settings.CIVICGRID_WARN_SHARE
    if unit in (Unit.WORK_HOUR, Unit.WORK_DAY):
        cal = calendar.get()
        minutes = amount * (60 if unit == Unit.WORK_HOUR else cal.hours.minutes_per_day)
        local = timezone.localtime(start, timezone.get_default_timezone())  # no lookup of the
        # current zone (a context-local read on every call): the city keeps one zone
        return cal.add(local, minutes), cal.add(local, int(minutes * share))
    steps: dict[str, timedelta] = {Unit.HOUR: timedelta(hours=1), Unit.DAY: timedelta(days=1)}
    step = steps.get(unit, timedelta(minutes=1))
    return start + step * amount, start + step * amount * share


def start_stage(case: Case, stage: str, now: datetime) -> None:
    """Set the deadline of the stage the case enters now and restart its clock."""
    try:
        due, warn = stage_window(now, case.category, case.urgency, stage)
    except NoCalendarData as exc:
        # Refuse the action with the calendar's own message instead of guessing a deadline.
        raise InvalidInput(str(exc)) from exc
    setattr(case, DUE_FIELD[stage], due)
    case.due_at, case.warn_at, case.clock = due, warn, Clock.ON_TIME


def sweep(now: datetime | None = None) -> dict[str, int]:
    """Mark open cases whose clock moved to warned or overdue, one event each."""
    now = now or timezone.now()
    counts: dict[str, int] = {Clock.WARNED: 0, Clock.OVERDUE: 0}
    open_cases = Case.objects.open()
    batches = (
        (Clock.OVERDUE, open_cases.filter(due_at__lte=now).exclude(clock=Clock.OVERDUE)),
        (Clock.WARNED, open_cases.filter(warn_at__lte=now, due_at__gt=now, clock=Clock.ON_TIME)),
    )
    for clock, qs in batches:
        for pk, version, status, due in qs.values_list("pk", "version", "status", "due_at"):
            with transaction.atomic():
                overdue = clock == Clock.OVERDUE
                extra = {"overdue_count": F("overdue_count") + 1} if overdue else {}
                # Conditional UPDATE: a user acting on the case meanwhile wins; we retry next sweep.
                # The version stays: a clock mark must not make an open page look stale.
                changed = Case.objects.filter(pk=pk, version=version).update(clock=clock, **extra)
                if changed:
                    events.record(
                        Case(pk=pk, status=status),
                        clock,
                        actor=events.SYSTEM,
                        at=now,
                        from_status=status,
                        public=False,
                        data={"due": due.isoformat() if due else None},
                    )
                    counts[clock] += 1
    return counts
