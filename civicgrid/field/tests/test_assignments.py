"""Tasks 任务: sending within scope, each assignee's steps, the immutable log."""

from datetime import datetime, timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from civicgrid.audit.models import ImmutableError
from civicgrid.demo.photos import photo
from civicgrid.field import assignments
from civicgrid.field.choices import TargetStatus
from civicgrid.field.models import Assignment, AssignmentLog
from civicgrid.field.tests.assign_helpers import send, target_of
from civicgrid.people.models import Workstation

pytestmark = pytest.mark.django_db


def test_it_walks_a_task_from_sending_to_accepted_feedback(city, people):
    task = send(people, photos=[photo("before")])
    row = target_of(task, people.grid_worker)
    assert row.status == TargetStatus.SENT
    assignments.act(target=row, actor=people.grid_worker, action="accept")
    assignments.act(
        target=row,
        actor=people.grid_worker,
        action="progress",
        note="已检查 12 户",
        lng=114.91,
        lat=25.87,
    )
    assignments.act(
        target=row,
        actor=people.grid_worker,
        action="finish",
        note="28 户全部检查完毕，3 户已整改",
        photos=[photo("after")],
        lng=114.91,
        lat=25.87,
    )
    assert row.status == TargetStatus.DONE and row.done_at is not None
    assignments.act(
        target=row, actor=people.station_head, action="return", note="缺少 5 号店铺照片"
    )
    assert row.status == TargetStatus.RETURNED
    assignments.act(target=row, actor=people.grid_worker, action="finish", note="已补拍 5 号店铺")
    assignments.act(target=row, actor=people.station_head, action="approve")
    assert row.status == TargetStatus.APPROVED and row.approved_at is not None
    log = list(task.log.values_list("action", "from_status", "to_status"))
    assert log == [
        ("send", "", "sent"),
        ("accept", "sent", "accepted"),
        ("progress", "accepted", "accepted"),
        ("finish", "accepted", "done"),
        ("return", "done", "returned"),
        ("finish", "returned", "done"),
        ("approve", "done", "approved"),
    ]
    feedback = task.log.get(action="finish", to_status="done", from_status="accepted")
    assert (feedback.lng, feedback.lat) == (114.91, 25.87)
    assert feedback.photos.count() == 1 and task.photos.count() == 2


def test_the_log_cannot_be_changed_or_deleted(city, people):
    task = send(people)
    entry = task.log.get()
    entry.note = "改过"
    with pytest.raises(ImmutableError):
        entry.save()
    with pytest.raises(IntegrityError):
        AssignmentLog.objects.filter(pk=entry.pk).update(note="改过")


def test_an_assignee_outside_the_senders_scope_is_refused(city, people):
    with pytest.raises(assignments.NotAllowed, match="管辖范围以外"):
        send(people, assignees=[people.grid_worker, people.neighbour])
    assert not Assignment.objects.exists() and not AssignmentLog.objects.exists()


def test_a_workstation_outside_scope_is_refused_and_its_own_reaches_everyone(city, people):
    other = Workstation.objects.get(community=city.communities[-1])
    with pytest.raises(assignments.NotAllowed, match="工作站不在"):
        send(people, assignees=[], workstation=other)
    own = Workstation.objects.get(community=city.communities[0])
    task = send(people, assignees=[], workstation=own)
    # Everyone on the station's roster, the head included.
    assert set(task.targets.values_list("assignee", flat=True)) == {
        people.grid_worker.pk,
        people.station_head.pk,
    }
    assert task.area == city.communities[0]


def test_the_leader_may_send_to_anyone_of_the_county(city, people):
    task = send(people, actor=people.leader, assignees=[people.neighbour, people.handler])
    assert task.targets.count() == 2


def test_only_holders_of_task_assign_send(city, people):
    with pytest.raises(assignments.NotAllowed, match="没有下派任务的权限"):
        send(people, actor=people.grid_worker, assignees=[people.station_head])


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "  "}, "请填写任务名称"),
        ({"details": ""}, "请填写任务要求"),
        ({"days": -1}, "完成时限必须晚于现在"),
        ({"assignees": []}, "请选择承办人员或工作站"),
    ],
)
def test_bad_input_gets_a_chinese_message(city, people, fields, message):
    with pytest.raises(assignments.InvalidInput, match=message):
        send(people, **fields)


def test_steps_follow_the_table(city, people):
    task = send(people)
    row = target_of(task, people.grid_worker)
    with pytest.raises(assignments.InvalidInput, match="不能反馈完成"):
        assignments.act(target=row, actor=people.grid_worker, action="finish", note="完成")
    with pytest.raises(assignments.NotAllowed):
        assignments.act(target=row, actor=people.station_head, action="accept")
    assignments.act(target=row, actor=people.grid_worker, action="accept")
    with pytest.raises(assignments.InvalidInput, match="请填写情况说明"):
        assignments.act(target=row, actor=people.grid_worker, action="finish", note=" ")
    assignments.act(target=row, actor=people.grid_worker, action="finish", note="完成")
    with pytest.raises(assignments.NotAllowed):
        assignments.act(target=row, actor=people.grid_worker, action="approve")
    with pytest.raises(assignments.InvalidInput, match="请填写退回原因"):
        assignments.act(target=row, actor=people.station_head, action="return")
    assert [r.action for r in assignments.allowed_actions(row, people.station_head)] == [
        "approve",
        "return",
    ]


def test_it_flags_overdue_with_a_frozen_clock(city, people):
    start = timezone.make_aware(datetime(2026, 12, 1, 9, 0))
    task = send(people, deadline=start + timedelta(days=2), now=start)
    row = target_of(task, people.grid_worker)
    assert not row.is_overdue(start + timedelta(days=1))
    assert row.is_overdue(start + timedelta(days=2))
    assignments.act(
        target=row, actor=people.grid_worker, action="accept", now=start + timedelta(hours=1)
    )
    assignments.act(
        target=row,
        actor=people.grid_worker,
        action="finish",
        note="完成",
        now=start + timedelta(days=3),
    )
    # Done after the deadline stays flagged, even once nothing is left to do.
    assert row.is_overdue(start + timedelta(days=10))


def test_a_deadline_in_working_days_skips_the_weekend_and_holidays(city):
    # Thursday 2026-12-03 + 2 working days: Friday, then Monday 12-07.
    due = assignments.deadline_after_workdays(2, start=datetime(2026, 12, 3).date())
    assert timezone.localtime(due).date() == datetime(2026, 12, 7).date()
    # 2026-09-30 + 1: the National Day week is off; the first working day is 10-09 (or so).
    after_holiday = assignments.deadline_after_workdays(1, start=datetime(2026, 9, 30).date())
    assert timezone.localtime(after_holiday).date() > datetime(2026, 10, 7).date()
