"""Evaluation periods: a calendar month ("2026-11") or a quarter ("2026-Q4"), local time."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


@dataclass(frozen=True)
class Period:
    year: int
    first_month: int
    months: int  # 1 or 3

    @property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        """The first day after the period."""
        month = self.first_month - 1 + self.months
        return date(self.year + month // 12, month % 12 + 1, 1)

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def key(self) -> str:
        if self.months == 3:
            return f"{self.year}-Q{(self.first_month - 1) // 3 + 1}"
        return f"{self.year}-{self.first_month:02d}"

    @property
    def label(self) -> str:
        if self.months == 3:
            quarter = (self.first_month - 1) // 3 + 1
            return _("%(y)s年第%(q)s季度") % {"y": self.year, "q": quarter}
        return _("%(y)s年%(m)s月") % {"y": self.year, "m": self.first_month}

    def span(self) -> tuple[datetime, datetime]:
        """[first moment, first moment after) as aware local datetimes."""
        return (
            timezone.make_aware(datetime.combine(self.start, time.min)),
            timezone.make_aware(datetime.combine(self.end, time.min)),
        )

    def previous(self) -> "Period":
        before = self.start - timedelta(days=1)
        first = before.month - self.months + 1
        return Period(before.year, first, self.months)

    def following(self) -> "Period":
        return Period(self.end.year, self.end.month, self.months)

    def month_keys(self) -> list[str]:
        months = range(self.first_month, self.first_month + self.months)
        return [f"{self.year}-{m:02d}" for m in months]


def last_complete_month(today: date | None = None) -> Period:
    today = today or timezone.localdate()
    before = today.replace(day=1) - timedelta(days=1)
    return Period(before.year, before.month, 1)


def parse(text: str | None, today: date | None = None) -> Period:
    """The period a query string names; the last complete month for anything else."""
    text = (text or "").strip()
    if (found := QUARTER.match(text)) and int(found[1]) >= 2000:
        quarter = int(found[2])
        return Period(int(found[1]), 3 * quarter - 2, 3)
    if (found := MONTH.match(text)) and 1 <= int(found[2]) <= 12 and int(found[1]) >= 2000:
        return Period(int(found[1]), int(found[2]), 1)
    return last_complete_month(today)


def as_quarter(period: Period) -> Period:
    return Period(period.year, (period.first_month - 1) // 3 * 3 + 1, 3)


def as_month(period: Period) -> Period:
    return Period(period.year, period.first_month + period.months - 1, 1)
