"""Deadlines of decomposed tasks on the working-days calendar: a deadline on a rest day
moves to the next working day, and lateness is counted in working days."""

from datetime import date, timedelta

from django.utils import timezone

from civicgrid.catalog.timelimits import calendar
from civicgrid.catalog.worktime import NoCalendarData
from civicgrid.duties.choices import TaskStatus
from civicgrid.field.reminders import working_days_left

SOON_WORKING_DAYS = 3  # told by the bell, and flagged on the board, this close to a deadline
MAX_SHIFT = 30  # the longest run of rest days looked past (the Spring Festival is ~9)


def _is_workday(day: date) -> bool:
    try:
        return calendar.get().is_workday(day)
    except NoCalendarData:
        return day.weekday() < 5  # a year not loaded yet: Monday to Friday


def effective(deadline: date) -> date:
    """The deadline, or the first working day after it when it falls on a rest day."""
    day = deadline
    for _ in range(MAX_SHIFT):
        if _is_workday(day):
            return day
        day += timedelta(days=1)
    return deadline


def working_days_between(start: date, end: date) -> int:
    """Working days after start up to and including end (0 when end <= start)."""
    n, day = 0, start + timedelta(days=1)
    while day <= end:
        n += _is_workday(day)
        day += timedelta(days=1)
    return n


def status_of(task, today: date) -> str:
    if task.percent >= 100:
        return TaskStatus.DONE
    if today > effective(task.deadline):
        return TaskStatus.LATE
    if task.percent > 0 or task.reported_at is not None:
        return TaskStatus.DOING
    return TaskStatus.TODO


def late_days(task, today: date) -> int:
    """Working days past the deadline: to today while open, to the finish once done."""
    end = today
    if task.done_at is not None:
        end = timezone.localtime(task.done_at).date()
    return working_days_between(effective(task.deadline), end)


def days_left(task, today: date) -> int | None:
    """Working days from today to the deadline, today and the deadline included; None if
    done or past it."""
    due = effective(task.deadline)
    if task.percent >= 100 or today > due:
        return None
    try:
        return working_days_left(today, due)
    except NoCalendarData:
        return None
