"""Reminders before a period ends: people behind a weekly or monthly requirement are told,
a few working days before its end, once per period (running again sends nothing new), on the
patrol page and by the bell."""

from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.catalog.timelimits import calendar
from civicgrid.field.compliance import activity_days, spans, subjects
from civicgrid.field.models import Reminder, Requirement
from civicgrid.field.models.requirement import Period
from civicgrid.notify.models import Notification


def working_days_left(today: date, end: date) -> int:
    """Working days from today to end, both included."""
    work, n, day = calendar.get(), 0, today
    while day <= end:
        n += work.is_workday(day)
        day += timedelta(days=1)
    return n


def send_reminders(*, today: date | None = None) -> int:
    """Write one reminder per person behind each weekly/monthly rule near its period's end."""
    today = today or timezone.localdate()
    made = 0
    rules = Requirement.objects.filter(active=True, remind_days__gt=0).exclude(period=Period.DAY)
    for req in rules.select_related("area"):
        span = _current(req.period, today)
        if span is None or working_days_left(today, span.end) > req.remind_days:
            continue
        people = subjects(req)
        done = activity_days(req, [s.user_id for s in people], span.start, span.end)
        for person in people:
            got = sum(span.start <= d <= span.end for d in done.get(person.user_id, []))
            if got >= req.count:
                continue
            text = _("“%(rule)s”：%(span)s需完成%(need)s次，目前%(got)s次，请在%(end)s前完成。") % {
                "rule": req.name,
                "span": span.label,
                "need": req.count,
                "got": got,
                "end": f"{span.end.month}月{span.end.day}日",
            }
            with transaction.atomic():
                _row, created = Reminder.objects.get_or_create(
                    requirement=req,
                    user_id=person.user_id,
                    period_start=span.start,
                    defaults={"period_end": span.end, "text": text},
                )
                if created:  # the bell too, once, with the reminder
                    Notification.objects.create(
                        user_id=person.user_id, link=reverse("field:patrol"), text=text[:300]
                    )
            made += created
    return made


def _current(period: str, today: date):
    for month in (today.month, today.month % 12 + 1):
        year = today.year + (month < today.month)
        for span in spans(period, year, month):
            if span.start <= today <= span.end:
                return span
    return None


def unread(user) -> list[Reminder]:
    return list(
        Reminder.objects.filter(
            user=user, read_at__isnull=True, period_end__gte=timezone.localdate()
        )[:5]
    )
