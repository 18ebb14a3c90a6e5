"""An order to correct becomes a re-check task on the officer's phone, with its deadline."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from civicgrid.cases import workflow as wf
from civicgrid.cases.choices import Status
from civicgrid.cases.tests.enforcement_helpers import enforced, officer
from civicgrid.demo.photos import photo
from civicgrid.field.services import my_tasks

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 6, 1, 10, 0, tzinfo=TZ)


def ordered(city, people):
    with time_machine.travel(MONDAY, tick=False):
        case = enforced(city, people, vt="V07003")  # up to 15 days to correct
        deadline = MONDAY + timedelta(days=3)
        wf.measure(case=case, actor=officer(city), measure="order_correct", deadline=deadline)
    return case


def test_it_lists_the_recheck_with_its_deadline_and_flags_it_overdue(client, city, people):
    case = ordered(city, people)
    client.force_login(officer(city))
    with time_machine.travel(MONDAY + timedelta(days=1), tick=False):
        [task] = [t for t in my_tasks(user=officer(city)) if t.case.pk == case.pk]
        assert task.kind == "recheck" and task.clock == "on_time"
        page = client.get(reverse("field:task-list")).content.decode()
        assert "待复查（责令改正）" in page and "复查期限 06-04 10:00" in page
        assert "已超期" not in page
    with time_machine.travel(MONDAY + timedelta(days=3, hours=1), tick=False):
        [task] = [t for t in my_tasks(user=officer(city)) if t.case.pk == case.pk]
        assert task.clock == "overdue"
        page = client.get(reverse("field:task-list")).content.decode()
        assert "复查期限 06-04 10:00 已超期" in page


def test_it_rechecks_from_the_phone_and_drops_the_task(client, city, people):
    case = ordered(city, people)
    client.force_login(officer(city))
    page = client.get(reverse("field:task-detail", args=[case.code])).content.decode()
    assert 'id="action-recheck"' in page and "改正期限" in page
    url = reverse("field:task-act", kwargs={"code": case.code, "action": "recheck"})
    form = {"version": case.version, "corrected": "1", "photos": photo("after")}
    client.post(url, form, follow=True)
    case.refresh_from_db()
    assert case.status == Status.HANDLED and case.enforcement.corrected is True
    assert case.pk not in [t.case.pk for t in my_tasks(user=officer(city))]


def test_it_shows_no_recheck_to_an_officer_of_another_squad(city, people):
    case = ordered(city, people)
    assert case.pk not in [t.case.pk for t in my_tasks(user=officer(city, squad=2))]


def test_it_asks_for_the_recheck_result_in_chinese(client, city, people):
    case = ordered(city, people)
    client.force_login(officer(city))
    url = reverse("field:task-act", kwargs={"code": case.code, "action": "recheck"})
    page = client.post(url, {"version": case.version}, follow=True).content.decode()
    assert "复查结果" in page and "这个字段是必填项" in page
    page = client.post(url, {"version": case.version, "corrected": "0"}, follow=True)
    assert "复查未改正时请写明现场情况" in page.content.decode()
