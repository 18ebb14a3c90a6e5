from datetime import date

import pytest

from civicgrid.duties import deadlines, plans
from civicgrid.duties.choices import TaskStatus
from civicgrid.duties.errors import DutyError, NotAllowed
from civicgrid.duties.models import ProgressReport
from civicgrid.duties.reminders import send_reminders
from civicgrid.duties.tests.helpers import department, plan_with_task, station
from civicgrid.notify.models import Notification

pytestmark = pytest.mark.django_db


def test_the_lead_units_report_is_the_tasks_progress(city, people):
    _plan, task = plan_with_task(city, people)
    plans.report(task=task, unit=task.lead, actor=people.handler, percent=40, text="已部署")
    plans.report(
        task=task, unit=department(city, "water"), actor=people.other_handler, percent=90,
        text="配合完成",
    )  # fmt: skip
    task.refresh_from_db()
    assert task.percent == 40 and task.done_at is None
    plans.report(task=task, unit=task.lead, actor=people.handler, percent=100, text="完成")
    task.refresh_from_db()
    assert task.percent == 100 and task.done_at is not None
    assert task.reports.count() == 3


def test_progress_by_the_wrong_unit_is_refused(city, people):
    _plan, task = plan_with_task(city, people)
    water = department(city, "water")
    with pytest.raises(NotAllowed, match="只能为本单位填报"):  # water's handler for sanitation
        plans.report(task=task, unit=task.lead, actor=people.other_handler, percent=10, text="x")
    with pytest.raises(NotAllowed, match="只能为本单位填报"):  # a station head for a department
        plans.report(task=task, unit=water, actor=people.station_head, percent=10, text="x")
    with pytest.raises(NotAllowed, match="不是这项任务"):  # a unit not on the task
        plans.report(task=task, unit=station(city), actor=people.station_head, percent=5, text="x")
    assert plans.reporting_units(people.handler, task) == [task.lead]
    assert plans.reporting_units(people.neighbour, task) == []
    assert not ProgressReport.objects.filter(task=task).exists()


def test_bad_progress_is_refused_in_chinese(city, people):
    _plan, task = plan_with_task(city, people)
    with pytest.raises(DutyError, match="0 到 100"):
        plans.report(task=task, unit=task.lead, actor=people.handler, percent=120, text="x")
    with pytest.raises(DutyError, match="请填写进展情况"):
        plans.report(task=task, unit=task.lead, actor=people.handler, percent=10, text=" ")


def test_reports_are_append_only(city, people):
    _plan, task = plan_with_task(city, people)
    entry = plans.report(task=task, unit=task.lead, actor=people.handler, percent=10, text="x")
    from civicgrid.audit.models import ImmutableError

    with pytest.raises(ImmutableError):
        entry.save()
    with pytest.raises(Exception, match="只能追加"):
        ProgressReport.objects.filter(pk=entry.pk).update(percent=99)


def test_overdue_counts_working_days_and_a_rest_day_deadline_moves_on(city, people):
    # Saturday 2026-12-12: due on Monday the 14th.
    _plan, task = plan_with_task(city, people, deadline=date(2026, 12, 12))
    assert deadlines.effective(task.deadline) == date(2026, 12, 14)
    assert deadlines.status_of(task, date(2026, 12, 14)) == TaskStatus.TODO
    assert deadlines.status_of(task, date(2026, 12, 15)) == TaskStatus.LATE
    assert deadlines.late_days(task, date(2026, 12, 21)) == 5  # Tue-Fri, then Monday
    assert deadlines.days_left(task, date(2026, 12, 10)) == 3  # Thu, Fri, Mon
    plans.report(task=task, unit=task.lead, actor=people.handler, percent=30, text="推进")
    assert deadlines.status_of(task, date(2026, 12, 10)) == TaskStatus.DOING


def test_a_national_holiday_is_not_a_working_day(city, people):
    _plan, task = plan_with_task(city, people, deadline=date(2026, 10, 1))
    assert deadlines.effective(task.deadline) > date(2026, 10, 7)


def test_units_outside_the_plans_area_are_refused(city, people):
    street = city.streets[0]
    plan = plans.create_plan(actor=people.dispatcher, title="街道方案", year=2026, area=street)
    far = station(city, 3)  # in the second street
    with pytest.raises(DutyError, match="不在本方案的范围内"):
        plans.add_task(plan=plan, actor=people.dispatcher, title="t", content="c",
                       deadline=date(2026, 12, 1), lead=far)  # fmt: skip
    with pytest.raises(NotAllowed):  # the street's dispatcher cannot draw up the district's
        plans.create_plan(actor=people.dispatcher, title="区方案", year=2026, area=city.county)


def test_the_lead_unit_is_reminded_once_before_the_deadline(city, people):
    _plan, task = plan_with_task(city, people, deadline=date(2026, 12, 14))
    assert send_reminders(today=date(2026, 12, 7)) == 0  # six working days ahead
    assert send_reminders(today=date(2026, 12, 10)) == 1
    assert send_reminders(today=date(2026, 12, 11)) == 0
    told = set(Notification.objects.filter(link__contains=f"/tasks/{task.pk}/").values_list(
        "user_id", flat=True))  # fmt: skip
    assert people.handler.pk in told and people.other_handler.pk not in told
    assert city.users["dispatcher"].pk not in told  # the district's desk is not the department
