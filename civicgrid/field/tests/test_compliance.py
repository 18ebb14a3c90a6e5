"""Compliance across month boundaries and holidays (frozen clock), scope, export, reminders."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from civicgrid.cases.tests.test_export import sheet_text
from civicgrid.field import compliance
from civicgrid.field.models import CheckIn, Patrol, Reminder, Requirement
from civicgrid.field.models.requirement import Activity, Period
from civicgrid.field.reminders import send_reminders
from civicgrid.field.tests.helpers import staff_of
from civicgrid.notify.models import Notification
from civicgrid.people.models import Role, Workstation

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def at(d: date, hour=9) -> datetime:
    return datetime(d.year, d.month, d.day, hour, tzinfo=TZ)


def patrol_on(user, community, d):
    Patrol.objects.create(user=user, area=community, area_path=community.path,
                          started_at=at(d), ended_at=at(d, 10))  # fmt: skip


def visit_on(user, community, d):
    ws = Workstation.objects.get(community=community)
    CheckIn.objects.create(user=user, at=at(d, 15), area=community, area_path=community.path,
                           workstation=ws, lng=0, lat=0, accuracy_m=5, distance_m=5,
                           photo="checkins/x.jpg")  # fmt: skip


def rule(code, activity, period, count=1):
    return Requirement.objects.create(
        name=f"{code} {activity}", role=Role.objects.get(code=code), activity=activity,
        period=period, count=count,
    )  # fmt: skip


def line_of(rows, user, req):
    return next(r for r in rows if r.subject.user_id == user.pk and r.requirement == req)


def test_it_counts_working_days_only_across_the_national_day_holiday(city, people):
    """October 2026: 1-7 are the holiday, Saturday the 10th is a working day (调休): 18 days."""
    req = rule("grid_worker", Activity.PATROL_DAY, Period.DAY)
    worker, community = people.grid_worker, city.communities[0]
    days = [s.start for s in compliance.spans(Period.DAY, 2026, 10)]
    assert len(days) == 18 and date(2026, 10, 10) in days and date(2026, 10, 5) not in days
    for d in days:
        if d != date(2026, 10, 20):
            patrol_on(worker, community, d)
    patrol_on(worker, community, date(2026, 10, 3))  # a holiday patrol: welcome, not required
    patrol_on(worker, community, date(2026, 9, 30))  # September's, not October's
    with time_machine.travel(at(date(2026, 11, 2)), tick=False):
        rows = compliance.lines(viewer=people.leader, year=2026, month=10)
    line = line_of(rows, worker, req)
    assert (line.required, line.done, line.missing) == (18, 17, ["10月20日"])
    assert line.percent == 94 and not line.met


def test_it_does_not_count_today_as_missed_before_the_day_is_over(city, people):
    req = rule("grid_worker", Activity.PATROL_DAY, Period.DAY)
    worker = people.grid_worker
    patrol_on(worker, city.communities[0], date(2026, 10, 14))
    with time_machine.travel(at(date(2026, 10, 15), 8), tick=False):
        line = line_of(compliance.lines(viewer=people.leader, year=2026, month=10), worker, req)
    # 8, 9, 10, 12, 13 missed; the 14th done; the 15th (today) not yet due.
    assert (line.required, line.done) == (6, 1)
    assert "10月15日" not in line.missing


def test_it_counts_a_week_in_the_month_of_its_sunday(city, people):
    """Week 28 Sep - 4 Oct 2026 is October's; its visit on 29 September counts there. Week
    26 Oct - 1 Nov is November's."""
    req = rule("station_head", Activity.VISIT, Period.WEEK)
    head, community = people.station_head, city.communities[0]
    weeks = compliance.spans(Period.WEEK, 2026, 10)
    assert [w.start for w in weeks] == [date(2026, 9, 28), date(2026, 10, 5),
                                        date(2026, 10, 12), date(2026, 10, 19)]  # fmt: skip
    visit_on(head, community, date(2026, 9, 29))
    visit_on(head, community, date(2026, 10, 13))
    visit_on(head, community, date(2026, 10, 27))  # November's week
    with time_machine.travel(at(date(2026, 11, 10)), tick=False):
        october = line_of(compliance.lines(viewer=people.leader, year=2026, month=10), head, req)
        november = line_of(compliance.lines(viewer=people.leader, year=2026, month=11), head, req)
    assert (october.required, october.done) == (4, 2)
    assert october.missing == ["10月5日–10月11日", "10月19日–10月25日"]
    assert november.done == 1 and november.missing == ["11月2日–11月8日"]


def test_it_counts_visits_per_month_with_the_count_shown(city, people):
    req = rule("station_head", Activity.VISIT, Period.MONTH, count=2)
    visit_on(people.station_head, city.communities[0], date(2026, 10, 30))
    visit_on(people.station_head, city.communities[0], date(2026, 11, 1))  # next month
    with time_machine.travel(at(date(2026, 11, 2)), tick=False):
        line = line_of(
            compliance.lines(viewer=people.leader, year=2026, month=10), people.station_head, req
        )
    assert (line.required, line.done, line.missing) == (2, 1, ["10月（1/2）"])


def test_it_shows_a_head_only_their_own_people(client, city, people):
    rule("grid_worker", Activity.PATROL_DAY, Period.DAY)
    with time_machine.travel(at(date(2026, 10, 20)), tick=False):
        client.force_login(people.station_head)
        page = client.get(reverse("field:compliance") + "?month=2026-10").content.decode()
        assert (
            staff_of(people.grid_worker).name in page
            and staff_of(people.neighbour).name not in page
        )
        client.force_login(people.leader)
        page = client.get(reverse("field:compliance") + "?month=nonsense").content.decode()
        assert staff_of(people.neighbour).name in page and "履职统计" in page
        for persona in ("grid_worker", "outsider", "handler"):
            client.force_login(getattr(people, persona))
            assert client.get(reverse("field:compliance")).status_code == 403


def test_it_exports_the_table_with_chinese_headers(client, city, people):
    rule("grid_worker", Activity.PATROL_DAY, Period.DAY)
    client.force_login(people.station_head)
    with time_machine.travel(at(date(2026, 11, 2)), tick=False):
        answer = client.get(reverse("field:compliance") + "?month=2026-10&format=xlsx")
    text = sheet_text(answer)
    for header in ("姓名", "岗位", "单位", "履职要求", "应完成", "已完成", "完成率%", "未完成"):
        assert header in text
    assert staff_of(people.grid_worker).name in text and "<v>18</v>" in text
    assert staff_of(people.neighbour).name not in text


def test_it_reminds_people_behind_once_near_the_end_of_the_month(city, people):
    req = rule("grid_worker", Activity.VISIT, Period.MONTH, count=2)
    visit_on(people.grid_worker, city.communities[0], date(2026, 10, 9))
    visit_on(people.grid_worker, city.communities[0], date(2026, 10, 12))
    with time_machine.travel(at(date(2026, 10, 20)), tick=False):
        assert send_reminders() == 0  # too early
    with time_machine.travel(at(date(2026, 10, 28)), tick=False):  # 28, 29, 30 remain
        made = send_reminders()
        assert send_reminders() == 0  # idempotent
    reminded = set(Reminder.objects.filter(requirement=req).values_list("user_id", flat=True))
    assert made == len(reminded) > 0
    assert people.grid_worker.pk not in reminded and people.neighbour.pk in reminded
    assert (
        "目前0次，请在10月31日前完成" in Reminder.objects.filter(user=people.neighbour).first().text
    )
    bell = Notification.objects.get(user=people.neighbour)  # once, though sent twice
    assert "请在10月31日前完成" in bell.text and bell.link == "/field/patrol/"
    assert not Notification.objects.filter(user=people.grid_worker).exists()


def test_it_applies_a_rule_by_post_and_needs_a_role_or_a_post(city, people):
    from django.core.exceptions import ValidationError

    staff = staff_of(people.grid_worker)  # a stored copy: the session's user object stays as it is
    staff.title = "业务指导员"
    staff.save()
    req = Requirement.objects.create(
        name="指导员每周", post="业务指导员", activity=Activity.VISIT, period=Period.WEEK
    )
    assert [s.user_id for s in compliance.subjects(req)] == [people.grid_worker.pk]
    with pytest.raises(ValidationError):
        Requirement(name="谁都不是", activity=Activity.VISIT, period=Period.WEEK).clean()


def test_a_departments_compliance_grant_sees_its_own_staff_and_nobody_without_one(city, people):
    from django.contrib.auth import get_user_model

    from civicgrid.people.models import Department, RoleAssignment

    squad = Department.objects.get(code="enforcement1")
    rule("officer", Activity.VISIT, Period.MONTH, count=2)
    rule("grid_worker", Activity.PATROL_DAY, Period.DAY)
    role = Role.objects.create(code="squad_chief", name="中队长", actions=["field.compliance"])
    chief = get_user_model().objects.create(username="squad_chief")
    RoleAssignment.objects.create(user=chief, role=role, department=squad)
    rows = compliance.lines(viewer=chief, year=2026, month=10)
    seen = {r.subject.department_id for r in rows}
    assert rows and seen == {squad.pk}  # the squad's officers; no grid worker of no department
