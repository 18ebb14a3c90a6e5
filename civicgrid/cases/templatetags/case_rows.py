"""`{% case_row case batch %}`: one row of the case list, rendered once per distinct content.

A list page shows 30 rows and staff reload it every minute (htmx), mostly the same rows: each
row's template costs about 0.3 ms, most of the page's time. The row is a pure function of the
values in the key below (the case's shown fields, its clock now, the language and time zone),
so a process keeps the HTML per key and a changed value is simply a new key.
"""

import threading

from django import template
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

register = template.Library()

MAX_ROWS = 5000  # per process; then the memo starts again (a few MB at most)
_rows: dict[tuple, str] = {}
_lock = threading.Lock()


def _key(case, batch, clock, mark) -> tuple:
    category, grid, department = case.category, case.grid, case.department
    return (
        translation.get_language(),
        timezone.get_current_timezone_name(),
        bool(batch),
        case.code,
        case.channel,
        case.request_type,
        case.reported_at,
        category.name if category else None,
        case.description,
        grid.name if grid else None,
        case.status,
        department.name if department else None,
        case.urge_count,
        case.due_at,
        clock,
        mark,
    )


@register.simple_tag
def case_row(case, batch, supervised=()):
    clock = case.clock_at()
    # Reported from a social supervisor's phone (volunteers/marks.py): the 监督员 mark.
    mark = case.reporter_phone_digest in supervised
    key = _key(case, batch, clock, mark)
    html = _rows.get(key)
    if html is None:
        context = {"case": case, "batch": batch, "clock": clock, "supervisor": mark}
        html = get_template("cases/partials/_case_row.html").render(context)
        with _lock:
            if len(_rows) >= MAX_ROWS:
                _rows.clear()
            _rows[key] = html
    return mark_safe(html)
