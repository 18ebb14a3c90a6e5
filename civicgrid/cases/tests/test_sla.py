"""Stage deadlines on the real workday calendar, across the 2025 National Day holiday.

The session city loads the official 2025 calendar: 2025-10-01..08 are holidays, Sunday 09-28
and Saturday 10-11 are 调休 working days, Saturday 09-27 and Sunday 10-12 are off. Office hours
are 08:30-12:00 and 14:00-17:30: 210 + 210 = 420 working minutes in a working day, so a
work_day limit is 420 working minutes and a work_hour limit 60. The warning time is at 80% of
the working minutes (rounded down to the minute).

Workdays from the end of September on, for reading the comments below:

    Fri 09-26, (Sat 09-27 off), Sun 09-28 调休, Mon 09-29, Tue 09-30, (10-01..10-08 off),
    Thu 10-09 #1, Fri 10-10 #2, Sat 10-11 调休 #3, (Sun 10-12 off), 10-13 #4 .. 10-17 #8,
    10-20 #9 .. 10-24 #13, Mon 10-27 #14, Tue 10-28 #15
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from civicgrid.cases import sla
from civicgrid.cases import workflow as wf
from civicgrid.cases.choices import Clock, Status
from civicgrid.cases.errors import InvalidInput
from civicgrid.cases.models import Case, CaseEvent
from civicgrid.cases.tests.helpers import category, new_case
from civicgrid.catalog.choices import Stage, Urgency
from civicgrid.catalog.models import CalendarDay
from civicgrid.catalog.worktime import NoCalendarData
from civicgrid.demo.photos import photo

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")


def sh(month, day, hour=0, minute=0, year=2025):
    """An aware Asia/Shanghai moment."""
    return datetime(year, month, day, hour, minute, tzinfo=SH)


# --- deadlines through the real stack --------------------------------------------------------


def test_it_gives_illegal_building_fifteen_workdays_skipping_the_national_day_holiday(city):
    # 06001 私搭乱建, normal urgency, handle stage: 15 work_day = 15 x 420 = 6300 minutes.
    # Start Tue 09-30 16:00: 90 minutes left that day (16:00-17:30), 6210 to go.
    # 6210 = 14 x 420 + 330: fourteen whole workdays (#1 10-09 .. #14 10-27, counting the
    # 调休 Saturday 10-11 and skipping the holiday and Sunday 10-12), then 330 minutes of
    # #15 Tue 10-28: 210 in the morning + 120 after 14:00 -> 16:00.
    # Warning: int(6300 x 0.8) = 5040 = 90 + 11 x 420 + 330 -> 16:00 on #12, Thu 10-23.
    due, warn = sla.stage_window(sh(9, 30, 16), category("06001"), Urgency.NORMAL, Stage.HANDLE)
    assert due == sh(10, 28, 16)
    assert warn == sh(10, 23, 16)


def test_it_ends_the_default_three_workday_limit_on_the_makeup_saturday(city):
    # 06004 建筑物外立面污损 has no limit of its own, nor has its major class 06: the default
    # row gives 3 work_day = 1260 minutes. From Tue 09-30 16:00: 90 that day, then 10-09 (420)
    # and 10-10 (420) leave 330 for Saturday 10-11 (调休): 08:30 + 210 = 12:00, 14:00 + 120
    # -> 16:00. Warning: int(1260 x 0.8) = 1008 = 90 + 420 + 420 + 78 -> 10-11 08:30 + 78
    # minutes = 09:48. The holiday week and the Sunday before count for nothing.
    start = sh(9, 30, 16)
    expected = (sh(10, 11, 16), sh(10, 11, 9, 48))
    assert sla.stage_window(start, category("06004"), Urgency.NORMAL, Stage.HANDLE) == expected
    assert sla.stage_window(start, None, Urgency.NORMAL, Stage.HANDLE) == expected


def test_it_lands_a_two_work_hour_accept_limit_on_the_makeup_sunday(city):
    # Default accept limit: 2 work_hour = 120 minutes. Fri 09-26 17:00 leaves 30 minutes
    # (17:00-17:30); Saturday 09-27 is off; Sunday 09-28 is a 调休 working day, so the last
    # 90 minutes run from 08:30 to 10:00. Warning: int(120 x 0.8) = 96 = 30 + 66 -> 09:36.
    case = new_case(city, at=sh(9, 26, 17))
    case.refresh_from_db()
    assert case.accept_due == case.due_at == sh(9, 28, 10)
    assert case.warn_at == sh(9, 28, 9, 36)
    assert case.clock == Clock.ON_TIME
    assert case.due_at.astimezone(SH).weekday() == 6  # a Sunday, and still a working day


def test_it_carries_each_stage_deadline_through_the_loop(city, people):
    # Reported Fri 09-26 17:00 -> accept due Sun 09-28 10:00 (see the test above).
    case = new_case(city, at=sh(9, 26, 17), category=category("06001"))
    # Accepted Sun 09-28 09:00: dispatch limit 2 work_hour -> 11:00 the same (调休) Sunday.
    wf.accept(case=case, actor=people.dispatcher, at=sh(9, 28, 9))
    assert case.dispatch_due == case.due_at == sh(9, 28, 11)
    # Dispatched Tue 09-30 16:00: handle limit of 06001, 15 work_day -> Tue 10-28 16:00,
    # warning at Thu 10-23 16:00 (see the first test).
    wf.dispatch(case=case, actor=people.dispatcher, at=sh(9, 30, 16))
    case.refresh_from_db()
    assert case.department.code == "enforcement1"
    assert case.handle_due == case.due_at == sh(10, 28, 16)
    assert case.warn_at == sh(10, 23, 16)
    assert case.accept_due == sh(9, 28, 10)  # earlier stage deadlines are kept for the record


def test_it_crosses_the_lunch_break_in_working_hours(city):
    # 2 work_hour from Mon 09-29 10:10: 110 minutes to 12:00, the last 10 after 14:00 -> 14:10.
    # Warning: 96 minutes -> 11:46, still in the morning.
    due, warn = sla.stage_window(sh(9, 29, 10, 10), None, Urgency.NORMAL, Stage.DISPATCH)
    assert (due, warn) == (sh(9, 29, 14, 10), sh(9, 29, 11, 46))


def test_it_counts_urgent_natural_time_limits_straight_through_the_holiday(city):
    # Urgent accept limit: 30 natural minutes, holidays and office hours do not matter.
    # Reported on National Day itself at 22:00 -> due 22:30, warning at 24 minutes -> 22:24.
    case = new_case(city, urgency=Urgency.URGENT, at=sh(10, 1, 22))
    case.refresh_from_db()
    assert case.accept_due == case.due_at == sh(10, 1, 22, 30)
    assert case.warn_at == sh(10, 1, 22, 24)
    # Urgent handle limit: 4 natural hours. From Tue 09-30 16:00 -> 20:00 the same evening
    # (past office hours, into the holiday eve); warning at 3 h 12 min -> 19:12.
    due, warn = sla.stage_window(sh(9, 30, 16), None, Urgency.URGENT, Stage.HANDLE)
    assert (due, warn) == (sh(9, 30, 20), sh(9, 30, 19, 12))


def test_it_restarts_the_clock_when_a_stage_starts(city):
    case = Case(category=category("06001"), urgency=Urgency.NORMAL, clock=Clock.OVERDUE)
    sla.start_stage(case, Stage.HANDLE, sh(9, 30, 16))
    assert case.handle_due == case.due_at == sh(10, 28, 16)
    assert case.warn_at == sh(10, 23, 16)
    assert case.clock == Clock.ON_TIME


def test_it_refuses_to_guess_workday_limits_in_a_year_without_calendar(city):
    assert not CalendarDay.objects.filter(date__year=2031).exists()
    before = Case.objects.count()
    # The resident or staff member sees the calendar's own message, not a server error.
    with pytest.raises(InvalidInput) as refused:
        new_case(city, at=sh(3, 3, 10, year=2031))
    assert "2031 年的工作日历尚未维护" in str(refused.value)
    assert Case.objects.count() == before


def test_it_refuses_a_workday_limit_that_runs_past_the_last_loaded_year(city):
    # Start at 17:00 on the last working day of the calendar: 30 minutes that day, and the
    # other 90 minutes of the 2 work_hour accept limit fall in a year nobody loaded.
    last = CalendarDay.objects.filter(is_workday=True).latest("date").date
    start = datetime(last.year, last.month, last.day, 17, tzinfo=SH)
    with pytest.raises(NoCalendarData, match=f"{last.year + 1} 年的工作日历尚未维护"):
        sla.stage_window(start, None, Urgency.NORMAL, Stage.ACCEPT)


def test_it_still_opens_urgent_cases_without_calendar_since_natural_time_needs_none(city):
    case = new_case(city, urgency=Urgency.URGENT, at=sh(3, 3, 10, year=2031))
    assert case.due_at == sh(3, 3, 10, 30, year=2031)


# --- the sweep -------------------------------------------------------------------------------
# The case of these tests: reported Fri 09-26 17:00, accept due Sun 09-28 10:00, warn 09:36.


def clock_events(case):
    return list(
        CaseEvent.objects.filter(case=case, action__in=[Clock.WARNED, Clock.OVERDUE])
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_it_leaves_a_case_alone_before_its_warning_time(city):
    case = new_case(city, at=sh(9, 26, 17))
    assert sla.sweep(now=sh(9, 28, 9, 35)) == {Clock.WARNED: 0, Clock.OVERDUE: 0}
    case.refresh_from_db()
    assert case.clock == Clock.ON_TIME and clock_events(case) == []


def test_it_warns_a_case_past_its_warning_time_once(city):
    case = new_case(city, at=sh(9, 26, 17))
    counts = sla.sweep(now=sh(9, 28, 9, 36))
    case.refresh_from_db()
    assert counts[Clock.WARNED] == 1
    assert case.clock == Clock.WARNED and case.overdue_count == 0
    event = case.events.get(action=Clock.WARNED)
    assert event.at == sh(9, 28, 9, 36) and event.actor is None and not event.public
    assert event.from_status == event.to_status == Status.REPORTED
    sla.sweep(now=sh(9, 28, 9, 50))
    assert clock_events(case) == [Clock.WARNED]


def test_it_marks_a_case_overdue_at_its_deadline_once(city):
    case = new_case(city, at=sh(9, 26, 17))
    counts = sla.sweep(now=sh(9, 28, 10))
    case.refresh_from_db()
    assert counts == {Clock.WARNED: 0, Clock.OVERDUE: 1}
    assert case.clock == Clock.OVERDUE and case.overdue_count == 1
    assert case.clock_at(sh(9, 28, 10)) == Clock.OVERDUE
    # A second sweep, a minute or a week later, writes nothing more.
    assert sla.sweep(now=sh(9, 28, 10, 1)) == {Clock.WARNED: 0, Clock.OVERDUE: 0}
    sla.sweep(now=sh(10, 5, 12))
    case.refresh_from_db()
    assert case.overdue_count == 1
    assert clock_events(case) == [Clock.OVERDUE]


def test_it_goes_from_warned_to_overdue_with_one_event_each(city):
    case = new_case(city, at=sh(9, 26, 17))
    sla.sweep(now=sh(9, 28, 9, 40))
    sla.sweep(now=sh(9, 28, 9, 50))
    sla.sweep(now=sh(9, 28, 10, 5))
    sla.sweep(now=sh(9, 28, 10, 6))
    case.refresh_from_db()
    assert case.clock == Clock.OVERDUE and case.overdue_count == 1
    assert clock_events(case) == [Clock.WARNED, Clock.OVERDUE]


def test_it_sweeps_at_the_current_time_by_default(city):
    case = new_case(city, at=sh(9, 26, 17))
    with time_machine.travel(sh(9, 28, 9, 45), tick=False):
        sla.sweep()
    case.refresh_from_db()
    assert case.clock == Clock.WARNED
    with time_machine.travel(sh(9, 28, 10, 30), tick=False):
        sla.sweep()
    case.refresh_from_db()
    assert case.clock == Clock.OVERDUE and case.overdue_count == 1


def test_it_counts_a_second_overdue_stage(city, people):
    case = new_case(city, at=sh(9, 26, 17))
    sla.sweep(now=sh(9, 28, 10, 5))
    case.refresh_from_db()  # the sweep moved the case on; a stale copy would be refused
    # Accepted late, at 10:10: the dispatch stage starts on time again, due 14:10 (2 work_hour
    # across the lunch break: 110 minutes to 12:00, 10 after 14:00), warning at 11:46.
    wf.accept(case=case, actor=people.dispatcher, at=sh(9, 28, 10, 10))
    assert case.clock == Clock.ON_TIME and case.due_at == sh(9, 28, 14, 10)
    assert sla.sweep(now=sh(9, 28, 13)) == {Clock.WARNED: 1, Clock.OVERDUE: 0}
    sla.sweep(now=sh(9, 28, 14, 10))
    case.refresh_from_db()
    assert case.clock == Clock.OVERDUE and case.overdue_count == 2
    assert clock_events(case) == [Clock.OVERDUE, Clock.WARNED, Clock.OVERDUE]


def test_it_never_marks_a_closed_case(city, people):
    from civicgrid.cases.tests.helpers import walk_to

    case = walk_to(new_case(city, at=sh(9, 26, 17)), people, Status.CLOSED)
    assert case.due_at is None  # closing stops the clock
    # Even with stale deadlines left on the row, a closed case stays as it is.
    Case.objects.filter(pk=case.pk).update(due_at=sh(9, 28, 10), warn_at=sh(9, 28, 9, 36))
    assert sla.sweep(now=sh(12, 1, 10)) == {Clock.WARNED: 0, Clock.OVERDUE: 0}
    case.refresh_from_db()
    assert case.clock == Clock.ON_TIME and case.overdue_count == 0
    assert clock_events(case) == []


def test_it_enforces_the_new_deadline_after_an_extension_of_an_overdue_case(city, people):
    # Dispatched Mon 09-29 09:00 with 06010 (handle 4 work_hour = 240 minutes): 180 minutes
    # to 12:00, the last 60 after 14:00 -> due 15:00 the same day.
    case = new_case(city, at=sh(9, 29, 8, 30))
    wf.accept(case=case, actor=people.dispatcher, at=sh(9, 29, 8, 45))
    wf.dispatch(case=case, actor=people.dispatcher, at=sh(9, 29, 9))
    wf.start(case=case, actor=people.handler, at=sh(9, 29, 9, 5))
    assert case.due_at == sh(9, 29, 15)
    sla.sweep(now=sh(9, 29, 15, 30))
    case.refresh_from_db()
    assert case.clock == Clock.OVERDUE and case.overdue_count == 1
    wf.request_extension(
        case=case,
        actor=people.handler,
        until=sh(10, 9, 12),
        reason="需协调产权单位",
        at=sh(9, 29, 15, 40),
    )
    wf.approve_extension(case=case, actor=people.dispatcher, at=sh(9, 29, 16))
    case.refresh_from_db()
    # The deadline is now in the future: the case is no longer shown as overdue ...
    assert case.handle_due == case.due_at == sh(10, 9, 12)
    assert case.clock_at(sh(9, 29, 16)) == Clock.ON_TIME
    assert case.clock != Clock.OVERDUE
    # ... it is warned again before the new deadline (whether 80% is counted in working or
    # natural time, the warning falls before 10-09 11:00) ...
    sla.sweep(now=sh(10, 9, 11))
    case.refresh_from_db()
    assert case.clock == Clock.WARNED
    # ... and once the extended deadline passes too, the sweep marks it overdue again.
    sla.sweep(now=sh(10, 9, 12) + timedelta(minutes=1))
    case.refresh_from_db()
    assert case.clock == Clock.OVERDUE and case.overdue_count == 2
    assert clock_events(case) == [Clock.OVERDUE, Clock.WARNED, Clock.OVERDUE]


def test_it_gives_verification_one_workday_resuming_after_the_holiday(city, people):
    # A self-handled case enters verification: 1 work_day from Tue 09-30 17:00 = 30 minutes
    # that day, then 390 minutes of Thu 10-09 (the first day after the holiday): 210 in the
    # morning, 180 after 14:00 -> 17:00.
    case = new_case(city, channel="grid", at=sh(9, 30, 16, 50))
    wf.self_handle(
        case=case,
        actor=people.grid_worker,
        note="已清理",
        photos=[photo("after")],
        at=sh(9, 30, 17),
    )
    assert case.verify_due == case.due_at == sh(10, 9, 17)
