"""Deadlines: the time limit of a stage, counted on the workday calendar or in natural time."""

from django.conf import settings

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
