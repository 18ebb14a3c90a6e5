"""Working-time arithmetic for government time limits (时限): workday calendars and office hours."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import chinese_calendar
from django.utils.translation import gettext as _

ONE_DAY = timedelta(days=1)
ONE_MINUTE = timedelta(minutes=1)
_PERIOD = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


class NoCalendarData(Exception):
    """A computation needed a date that the workday calendar does not cover."""

    def __init__(self, year: int, day: date | None = None):
        self.year, self.day = year, day
        if day is None:
            message = _(
                "%(year)s 年的工作日历尚未维护，无法计算工作日时限，请在后台导入该年日历。"
            ) % {"year": year}
        else:
            message = _(
                "%(year)s 年的工作日历缺少 %(day)s 的记录，无法计算工作日时限，"
                "请在后台补全该年日历。"
            ) % {"year": year, "day": f"{day:%Y-%m-%d}"}
        super().__init__(message)


def _minutes(hour: str, minute: str) -> int:
    """Minutes since midnight for an HH:MM pair, rejecting impossible clock times."""
    h, m = int(hour), int(minute)
    if h > 23 or m > 59:
        raise ValueError(f"无效的时间：{hour}:{minute}")
    return h * 60 + m


@dataclass(frozen=True)
class OfficeHours:
    """Daily office periods as sorted, non-overlapping (start, end) minutes since midnight."""

    periods: tuple[tuple[int, int], ...]

    @classmethod
    def parse(cls, text: str) -> "OfficeHours":
        """Parse text such as "08:30-12:00,14:00-17:30"."""
        periods: list[tuple[int, int]] = []
        for part in (text or "").replace("，", ",").split(","):
            match = _PERIOD.match(part)
            if not match:
                raise ValueError(
                    f"办公时间格式不正确：“{part.strip()}”，应形如 08:30-12:00,14:00-17:30"
                )
            start, end = _minutes(*match.groups()[:2]), _minutes(*match.groups()[2:])
            if start >= end:
                raise ValueError(f"办公时段的开始时间必须早于结束时间：“{part.strip()}”")
            if periods and start < periods[-1][1]:
                raise ValueError("办公时段必须按时间先后排列且互不重叠。")
            periods.append((start, end))
        return cls(tuple(periods))

    @property
    def minutes_per_day(self) -> int:
        """Total office minutes in one workday."""
        return sum(end - start for start, end in self.periods)

    def __str__(self) -> str:
        return ",".join(f"{_hhmm(s)}-{_hhmm(e)}" for s, e in self.periods)


def _hhmm(minutes: int) -> str:
    """Format minutes since midnight as HH:MM."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _clock(moment: datetime) -> timedelta:
    """Wall-clock time of day of a datetime, as an offset from midnight."""
    return moment - datetime.combine(moment.date(), time.min, moment.tzinfo)


def _require_aware(moment: datetime) -> None:
    """Reject naive datetimes, which have no defined local time zone."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("时限计算需要带时区的时间。")


class WorkCalendar:
    """A {date: is_workday} calendar plus office hours, counting only working minutes."""

    def __init__(self, days: Mapping[date, bool], hours: OfficeHours):
        self.days = dict(days)
        self.years = frozenset(d.year for d in self.days)
        self.hours = hours
        self._periods = [(s * ONE_MINUTE, e * ONE_MINUTE) for s, e in hours.periods]

    def is_workday(self, d: date) -> bool:
        """Whether d is a working day; raises NoCalendarData if d is not covered."""
        try:
            return self.days[d]
        except KeyError:
            raise NoCalendarData(d.year, None if d.year not in self.years else d) from None

    def add(self, start: datetime, minutes: int) -> datetime:
        """The moment `minutes` working minutes after start, in start's own time zone."""
        _require_aware(start)
        if minutes < 0:
            raise ValueError("工作时长不能为负数。")
        if minutes == 0:
            return start
        remaining = timedelta(minutes=minutes)
        day, pos = start.date(), _clock(start)
        while True:
            if self.is_workday(day):
                for p_start, p_end in self._periods:
                    if pos >= p_end:
                        continue
                    begin = max(pos, p_start)
                    if remaining <= p_end - begin:
                        return datetime.combine(day, time.min, start.tzinfo) + begin + remaining
                    remaining -= p_end - begin
            day, pos = day + ONE_DAY, timedelta(0)


def chinese_calendar_days(year: int) -> dict[date, bool]:
    """A full year of {date: is_workday} from the chinese_calendar package."""
    days, day = {}, date(year, 1, 1)
    try:
        while day.year == year:
            days[day] = chinese_calendar.is_workday(day)
            day += ONE_DAY
    except NotImplementedError:
        raise NoCalendarData(year) from None
    return days
