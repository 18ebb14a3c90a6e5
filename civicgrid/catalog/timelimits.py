"""Deadlines: the time limit of a stage, counted on the workday calendar or in natural time."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from civicgrid.catalog.choices import Unit
from civicgrid.catalog.models import CalendarDay, Category, TimeLimit
from civicgrid.catalog.worktime import OfficeHours, WorkCalendar
from civicgrid.lib.cached import Versioned


def _build_calendar() -> WorkCalendar:
    days = dict(CalendarDay.objects.values_list("date", "is_workday"))
    return WorkCalendar(days, OfficeHours.parse(settings.CIVICGRID_OFFICE_HOURS))


def _build_limits() -> dict:
    rows = TimeLimit.objects.values_list("category_id", "urgency", "stage", "amount", "unit")
    return {(c, u, s): (a, unit) for c, u, s, a, unit in rows}


calendar = Versioned("work-calendar", _build_calendar)
limits = Versioned("time-limits", _build_limits)
for _model, _cache in ((CalendarDay, calendar), (TimeLimit, limits)):
    post_save.connect(_cache.invalidate, sender=_model, dispatch_uid=f"{_model.__name__}-save")
    post_delete.connect(_cache.invalidate, sender=_model, dispatch_uid=f"{_model.__name__}-delete")


def limit_for(category: Category | None, urgency: str, stage: str) -> tuple[int, str] | None:
    """The most specific limit: minor class, then its major class, then the default row."""
    table = limits.get()
    keys = []
    if category is not None:
        keys += [category.pk, category.parent_id]
    keys.append(None)
    for key in keys:
        if (key, urgency, stage) in table:
            return table[(key, urgency, stage)]
    return None


def add_limit(start: datetime, amount: int, unit: str) -> datetime:
    """The moment a limit of `amount unit` that starts at `start` runs out."""
    if unit == Unit.WORK_HOUR:
        local = timezone.localtime(start)
        return calendar.get().add_workhours(local, amount)
    if unit == Unit.WORK_DAY:
        return calendar.get().add_workdays(timezone.localtime(start), amount)
    step = {
        Unit.HOUR: timedelta(hours=1),
        Unit.DAY: timedelta(days=1),
        Unit.MINUTE: timedelta(minutes=1),
    }
    return start + step[unit] * amount


def deadline(
    start: datetime, category: Category | None, urgency: str, stage: str
) -> datetime | None:
    """The deadline of a stage that starts now, or None when no limit is configured."""
    found = limit_for(category, urgency, stage)
    return add_limit(start, *found) if found else None
