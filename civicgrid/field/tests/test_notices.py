"""Task notifications: new task, feedback, due soon and overdue, through the tasks' outbox."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from civicgrid.field import assignments, notices
from civicgrid.field.tests.assign_helpers import send, target_of
from civicgrid.notify.models import Notification

pytestmark = pytest.mark.django_db


def told(user):
    return list(Notification.objects.filter(user=user).values_list("text", flat=True))


def test_a_new_task_and_its_feedback_reach_the_bell(client, city, people):
    task = send(people)
    assert notices.deliver() == 1
    assert told(people.grid_worker) == [
        f"新任务：{task.title}（时限 {timezone.localtime(task.deadline):%m-%d %H:%M}）"
    ]
    assert notices.deliver() == 0  # delivered once
    row = target_of(task, people.grid_worker)
    assignments.act(target=row, actor=people.grid_worker, action="accept")
    assignments.act(target=row, actor=people.grid_worker, action="finish", note="完成")
    notices.deliver()
    assert told(people.station_head) == [f"任务已反馈完成，待您验收：{task.title}"]
    client.force_login(people.station_head)
    notice = Notification.objects.get(user=people.station_head)
    response = client.get(reverse("notify:notification-open", args=[notice.pk]))
    assert response["Location"] == reverse("field:assignment-detail", args=[task.pk])
    assert client.get(reverse("notify:notification-list")).status_code == 200


def test_due_soon_and_overdue_are_told_once_with_a_frozen_clock(city, people):
    start = timezone.make_aware(datetime(2026, 12, 1, 9, 0))
    task = send(people, deadline=start + timedelta(days=2), now=start)
    assert notices.remind(start + timedelta(hours=12)) == {"due_soon": 0, "overdue": 0}
    assert notices.remind(start + timedelta(days=1, hours=12)) == {"due_soon": 1, "overdue": 0}
    assert notices.remind(start + timedelta(days=1, hours=13)) == {"due_soon": 0, "overdue": 0}
    assert notices.remind(start + timedelta(days=2)) == {"due_soon": 0, "overdue": 1}
    assert notices.remind(start + timedelta(days=3)) == {"due_soon": 0, "overdue": 0}
    actions = list(task.log.values_list("action", flat=True))
    assert actions == ["send", "due_soon", "overdue"]
    overdue = task.log.get(action="overdue")
    assert notices.recipients(overdue) == [people.grid_worker.pk, people.station_head.pk]
    name = people.grid_worker.staff.name
    assert notices.text(overdue) == f"任务已超期：{task.title}（承办人：{name}）"


def test_a_done_task_is_not_reminded(city, people):
    start = timezone.now()
    task = send(people, deadline=start + timedelta(hours=5))
    row = target_of(task, people.grid_worker)
    assignments.act(target=row, actor=people.grid_worker, action="accept")
    assignments.act(target=row, actor=people.grid_worker, action="finish", note="完成")
    assert notices.remind(start + timedelta(hours=6)) == {"due_soon": 0, "overdue": 0}
