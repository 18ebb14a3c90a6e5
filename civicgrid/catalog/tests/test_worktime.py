"""Working-time arithmetic across the 2025 National Day holiday; expected values worked by hand."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from civicgrid.catalog.worktime import (
    NoCalendarData,
    OfficeHours,
    WorkCalendar,
    chinese_calendar_days,
)

SH = ZoneInfo("Asia/Shanghai")
HOURS = OfficeHours.parse("08:30-12:00,14:00-17:30")  # 210 + 210 = 420 minutes a day


def workdays(cal, start, days):
    """`days` full working days later, as the time limits count them (sla.stage_window)."""
    return cal.add(start, days * cal.hours.minutes_per_day)


def at(month, day, hour, minute=0):
    """An Asia/Shanghai moment in 2025."""
    return datetime(2025, month, day, hour, minute, tzinfo=SH)


def calendar_2025(hours=HOURS):
    """2025 written out by hand: Mon-Fri work, weekends off, plus the National Day changes.

    10-01..10-08 are holidays; Sun 09-28 and Sat 10-11 are adjusted working days (调休).
    Other 2025 holidays are left out; no test below touches them.
    """
    days, d = {}, date(2025, 1, 1)
    while d.year == 2025:
        days[d] = d.weekday() < 5
        d += timedelta(days=1)
    for n in range(1, 9):
        days[date(2025, 10, n)] = False
    days[date(2025, 9, 28)] = days[date(2025, 10, 11)] = True
    return WorkCalendar(days, hours)


def test_it_parses_office_hours_and_totals_a_day():
    assert HOURS.periods == ((510, 720), (840, 1050))
    assert HOURS.minutes_per_day == 420
    assert str(HOURS) == "08:30-12:00,14:00-17:30"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "8:30-12",
        "12:00-08:30",
        "08:30-08:30",
        "25:00-26:00",
        "08:30-12:60",
        "14:00-17:30,08:30-12:00",
        "08:30-12:00,11:00-13:00",
        "08:30-12:00,",
    ],
)
def test_it_rejects_bad_office_hours_text(text):
    with pytest.raises(ValueError):
        OfficeHours.parse(text)


def test_it_reports_bad_office_hours_in_chinese():
    with pytest.raises(ValueError, match="办公时间格式不正确"):
        OfficeHours.parse("早上八点")


def test_it_adds_one_workday_across_national_day():
    # Tue 09-30 16:00-17:30 = 90; 10-01..10-08 off; Thu 10-09 morning 210 (300 total),
    # remaining 120 from 14:00 -> 16:00.
    result = workdays(calendar_2025(), at(9, 30, 16), 1)
    assert result == at(10, 9, 16)
    assert result.tzinfo is SH


def test_it_starts_counting_on_the_adjusted_sunday_when_started_on_saturday():
    # Sat 09-27 is off; Sun 09-28 is a 调休 workday, so counting starts 09-28 08:30; +60 -> 09:30.
    assert calendar_2025().add(at(9, 27, 10), 60) == at(9, 28, 9, 30)


def test_it_counts_the_adjusted_saturday_after_the_holiday():
    # Fri 10-10 17:00-17:30 = 30; Sat 10-11 is a 调休 workday: 08:30 + 30 -> 09:00.
    assert calendar_2025().add(at(10, 10, 17), 60) == at(10, 11, 9)


def test_it_adds_workhours_across_the_lunch_break():
    # Mon 09-29 11:00-12:00 = 60; lunch 12:00-14:00 skipped; 14:00 + 60 -> 15:00.
    assert calendar_2025().add(at(9, 29, 11), 2 * 60) == at(9, 29, 15)


def test_it_stops_at_the_end_of_a_period_when_the_target_lands_exactly_there():
    # 11:00 + 60 = 12:00 exactly (not 14:00); 16:00 + 90 = 17:30 exactly (not next morning).
    cal = calendar_2025()
    assert cal.add(at(9, 29, 11), 60) == at(9, 29, 12)
    assert cal.add(at(9, 30, 16), 90) == at(9, 30, 17, 30)


def test_it_returns_start_unchanged_when_adding_zero():
    start = at(9, 27, 23, 15)  # a Saturday night, outside office hours
    assert calendar_2025().add(start, 0) is start


def test_it_starts_counting_at_the_next_period_from_outside_office_hours():
    # 07:00 before opening -> 08:30 + 30 = 09:00; 12:30 at lunch -> 14:00 + 30 = 14:30.
    cal = calendar_2025()
    assert cal.add(at(9, 29, 7), 30) == at(9, 29, 9)
    assert cal.add(at(9, 29, 12, 30), 30) == at(9, 29, 14, 30)


def test_it_keeps_seconds_of_the_start():
    start = datetime(2025, 9, 29, 9, 0, 30, tzinfo=SH)
    assert calendar_2025().add(start, 60) == datetime(2025, 9, 29, 10, 0, 30, tzinfo=SH)


def test_it_adds_fifteen_workdays_in_an_ordinary_month():
    # Mon 11-03 09:00 (no holidays in Nov): 15 working days later is Mon 11-24 at the same clock
    # time (11-04..07 = 4, 10..14 = 9, 17..21 = 14, 24 = 15).
    assert workdays(calendar_2025(), at(11, 3, 9), 15) == at(11, 24, 9)


def test_it_raises_no_calendar_data_for_a_year_without_data():
    # Wed 12-31 16:00 has 90 minutes left, so the remainder needs 2026, which is not loaded.
    cal = calendar_2025()
    with pytest.raises(NoCalendarData, match="2026 年的工作日历尚未维护"):
        workdays(cal, at(12, 31, 16), 1)
    with pytest.raises(NoCalendarData, match="2030 年的工作日历尚未维护") as info:
        cal.is_workday(date(2030, 1, 1))
    assert info.value.year == 2030


def test_it_raises_no_calendar_data_for_a_missing_date_in_a_covered_year():
    cal = calendar_2025()
    days = dict(cal.days)
    del days[date(2025, 10, 9)]
    with pytest.raises(NoCalendarData, match="缺少 2025-10-09"):
        workdays(WorkCalendar(days, HOURS), at(9, 30, 16), 1)


def test_it_rejects_naive_datetimes_and_negative_minutes():
    cal = calendar_2025()
    with pytest.raises(ValueError):
        cal.add(datetime(2025, 9, 29, 9), 60)
    with pytest.raises(ValueError):
        cal.add(at(9, 29, 9), -1)


def test_it_builds_2025_from_chinese_calendar():
    days = chinese_calendar_days(2025)
    assert len(days) == 365
    assert days[date(2025, 10, 1)] is False
    assert days[date(2025, 10, 8)] is False
    assert days[date(2025, 9, 28)] is True
    assert days[date(2025, 10, 11)] is True
    assert days[date(2025, 9, 27)] is False


def test_it_agrees_with_the_hand_written_calendar_around_national_day():
    hand, built = calendar_2025(), chinese_calendar_days(2025)
    for n in range(20):
        d = date(2025, 9, 25) + timedelta(days=n)
        assert built[d] == hand.is_workday(d), d


def test_it_raises_no_calendar_data_when_chinese_calendar_lacks_the_year():
    with pytest.raises(NoCalendarData, match="2030 年的工作日历尚未维护"):
        chinese_calendar_days(2030)
