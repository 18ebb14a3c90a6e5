"""Task pages: the phone's list and steps, the desk's form, board and export; outsiders refused."""

import io
import zipfile
from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from civicgrid.demo.photos import photo
from civicgrid.field.choices import TargetStatus
from civicgrid.field.models import Assignment
from civicgrid.field.tests.assign_helpers import send, target_of

pytestmark = pytest.mark.django_db


def act_url(task, row, action):
    return reverse("field:assignment-act", args=[task.pk, row.pk, action])


def test_an_assignee_sees_the_task_on_the_phone_and_feeds_back(client, city, people):
    task = send(people)
    row = target_of(task, people.grid_worker)
    client.force_login(people.grid_worker)
    listing = client.get(reverse("field:task-list")).content.decode()
    assert 'id="my-assignments"' in listing and task.title in listing
    page = client.get(reverse("field:assignment-detail", args=[task.pk])).content.decode()
    assert "接收任务" in page and "验收通过" not in page
    client.post(act_url(task, row, "accept"))
    upload = photo("after")
    response = client.post(
        act_url(task, row, "finish"),
        {"note": "沿街 28 户已全部检查", "photos": [upload], "lng": "114.91", "lat": "25.87"},
        follow=True,
    )
    assert "已反馈完成" in response.content.decode()
    row.refresh_from_db()
    assert row.status == TargetStatus.DONE
    entry = task.log.get(action="finish")
    assert entry.lat == 25.87 and entry.photos.count() == 1
    # The photo is the task's people's to see, nobody else's.
    url = entry.photos.get().image.url
    assert client.get(url).status_code == 200
    client.force_login(people.neighbour)
    assert client.get(url).status_code == 404


def test_the_sender_accepts_or_returns_the_feedback(client, city, people):
    task = send(people)
    row = target_of(task, people.grid_worker)
    client.force_login(people.grid_worker)
    client.post(act_url(task, row, "accept"))
    client.post(act_url(task, row, "finish"), {"note": "完成"})
    assert client.post(act_url(task, row, "approve")).status_code == 403
    client.force_login(people.station_head)
    response = client.post(act_url(task, row, "return"), {"note": ""}, follow=True)
    assert "请填写退回原因" in response.content.decode()
    client.post(act_url(task, row, "approve"))
    row.refresh_from_db()
    assert row.status == TargetStatus.APPROVED


def test_outsiders_get_404_and_the_unentitled_403(client, city, people):
    task = send(people)
    row = target_of(task, people.grid_worker)
    for outsider in (people.neighbour, people.outsider):
        client.force_login(outsider)
        assert client.get(reverse("field:assignment-detail", args=[task.pk])).status_code == 404
        assert client.post(act_url(task, row, "accept")).status_code == 404
    client.force_login(people.grid_worker)
    for name in ("field:assignment-board", "field:assignment-new", "field:assignment-export"):
        assert client.get(reverse(name)).status_code == 403
    assert client.get(reverse("field:assignment-detail", args=[task.pk + 999])).status_code == 404
    client.force_login(people.leader)  # task.assign over the whole county: sees it
    assert client.get(reverse("field:assignment-detail", args=[task.pk])).status_code == 200


def test_the_desk_form_sends_a_task_and_refuses_bad_input_in_chinese(client, city, people):
    client.force_login(people.station_head)
    page = client.get(reverse("field:assignment-new")).content.decode()
    assert people.grid_worker.staff.name in page and people.neighbour.staff.name not in page
    bad = client.post(reverse("field:assignment-new"), {"title": "", "details": ""})
    text = bad.content.decode()
    assert bad.status_code == 400
    assert "请选择截止日期，或填写几个工作日内完成" in text and "请选择承办人员或工作站" in text
    outside = client.post(
        reverse("field:assignment-new"),
        {
            "title": "宣传",
            "details": "入户宣传",
            "workdays": "2",
            "assignees": [people.neighbour.pk],
            "area": city.communities[0].pk,
        },
    )
    assert outside.status_code == 400 and not Assignment.objects.exists()
    ok = client.post(
        reverse("field:assignment-new"),
        {
            "title": "垃圾分类入户宣传",
            "details": "每户发放宣传册并讲解分类要点",
            "workdays": "3",
            "assignees": [people.grid_worker.pk],
            "area": city.communities[0].pk,
        },
    )
    task = Assignment.objects.get()
    assert ok.status_code == 302 and ok["Location"] == reverse(
        "field:assignment-detail", args=[task.pk]
    )
    assert task.deadline > timezone.now() + timedelta(days=2)


def test_the_board_flags_overdue_and_exports(client, city, people):
    late = send(people, title="已超期的任务", deadline=timezone.now() + timedelta(minutes=1))
    Assignment.objects.filter(pk=late.pk).update(deadline=timezone.now() - timedelta(hours=2))
    send(people, title="按时的任务")
    client.force_login(people.station_head)
    page = client.get(reverse("field:assignment-board")).content.decode()
    row = page.split("已超期的任务")[1].split("</tr>")[0]
    assert "1 人超期" in row and "chip late" in row
    assert "1 人超期" not in page.split("按时的任务")[1].split("</tr>")[0]
    response = client.get(reverse("field:assignment-export"))
    assert response["X-Rows"] == "2"
    book = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    strings = book.read("xl/sharedStrings.xml").decode()
    assert "已超期的任务" in strings and "超期" in strings


def test_the_overdue_flag_follows_a_frozen_clock(client, city, people):
    start = timezone.make_aware(datetime(2026, 12, 1, 9, 0))
    with time_machine.travel(start, tick=False):
        task = send(people, days=2)
    for moment, late in (
        (start + timedelta(days=1), False),
        (start + timedelta(days=2, minutes=1), True),
    ):
        with time_machine.travel(moment, tick=False):
            client.force_login(people.station_head)
            board = client.get(reverse("field:assignment-board")).content.decode()
            assert ("1 人超期" in board) is late
            client.force_login(people.grid_worker)
            phone = client.get(reverse("field:task-list")).content.decode()
            card = phone.split('id="my-assignments"')[1]
            assert task.title in card and ("已超期" in card) is late


def test_the_board_keeps_a_query_budget(client, city, people, django_assert_max_num_queries):
    for i in range(8):
        send(people, title=f"任务{i}", assignees=[people.grid_worker, people.station_head])
    client.force_login(people.leader)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("field:assignment-board"))
    assert page.content.decode().count("chip late") == 0 and "任务7" in page.content.decode()
