"""The staff case page: stage clocks, suggestions, response templates, notes, duplicates."""

from datetime import timedelta

import pytest
import time_machine

from civicgrid.cases import workflow
from civicgrid.cases.queries import case_page
from civicgrid.cases.tests.helpers import new_case

pytestmark = pytest.mark.django_db


def test_stage_clocks_run_warn_overdue_and_finish(city, people):
    case = new_case(city)
    due = case.accept_due
    [clock] = case_page.stage_clocks(case, now=case.reported_at)
    assert (clock.label, clock.state) == ("受理", "on_time") and clock.text.startswith("剩余")
    [clock] = case_page.stage_clocks(case, now=case.warn_at + timedelta(seconds=1))
    assert clock.state == "warned"
    [clock] = case_page.stage_clocks(case, now=due + timedelta(hours=2, minutes=5))
    assert (clock.state, clock.text) == ("overdue", "已超期 2 小时 5 分")

    with time_machine.travel(due + timedelta(days=1, hours=3), tick=False):
        workflow.accept(case=case, actor=people.dispatcher)
    accept, dispatch = case_page.stage_clocks(case, now=due + timedelta(days=1, hours=3))
    assert (accept.state, accept.text) == ("done_late", "超时 1 天 3 小时 完成")
    assert dispatch.label == "派遣" and dispatch.state == "on_time"


def test_page_shows_clocks_suggestion_and_templates(client, city, people):
    case = new_case(city, category=None, description="小区门口的垃圾桶满了，垃圾堆在地上没人清运")
    client.force_login(people.dispatcher)
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert "办理时限" in page and "剩余" in page
    assert "可能的分类" in page and "%" in page
    assert "责任部门" in page
    assert "常用回复" in page and "非城管职责" in page  # templates of the reject action


def test_internal_note_stays_inside_and_public_note_reaches_the_resident(client, city, people):
    case = new_case(city)
    client.force_login(people.station_head)
    client.post(
        f"/cases/{case.code}/act/comment/",
        {"version": case.version, "note": "反映人情绪激动，注意沟通方式"},
    )
    case.refresh_from_db()
    client.post(
        f"/cases/{case.code}/act/comment/",
        {"version": case.version, "note": "已安排网格员明天上午到场查看", "public": "on"},
    )
    staff_page = client.get(f"/cases/{case.code}/").content.decode()
    assert "反映人情绪激动" in staff_page and "内部" in staff_page
    client.logout()
    resident_page = client.get(f"/t/{case.code}/").content.decode()
    assert "已安排网格员明天上午到场查看" in resident_page
    assert "反映人情绪激动" not in resident_page


def test_an_empty_note_is_refused_in_chinese(client, city, people):
    case = new_case(city)
    client.force_login(people.station_head)
    response = client.post(
        f"/cases/{case.code}/act/comment/", {"version": case.version, "note": "  "}, follow=True
    )
    assert "备注：这个字段是必填项" in response.content.decode()
    assert not case.events.filter(action="comment").exists()


def test_outsider_cannot_comment(client, city, people):
    case = new_case(city)
    client.force_login(people.outsider)
    response = client.post(f"/cases/{case.code}/act/comment/", {"version": 0, "note": "x"})
    assert response.status_code == 404


def test_clock_now_defaults_to_the_current_time(city):
    case = new_case(city)
    with time_machine.travel(case.accept_due + timedelta(minutes=30), tick=False):
        [clock] = case_page.stage_clocks(case)
    assert clock.state == "overdue"


def test_nearby_duplicate_is_offered_and_merged(client, city, people):
    first = new_case(city)
    second = new_case(city, description="门口垃圾很多，好几天没有人来收")
    client.force_login(people.station_head)
    page = client.get(f"/cases/{second.code}/").content.decode()
    assert "附近可能重复的案件" in page and first.code in page
    client.post(f"/cases/{second.code}/act/merge/", {"version": second.version, "into": first.code})
    second.refresh_from_db()
    assert second.status == "merged" and second.duplicate_of == first


def test_duplicates_outside_scope_are_not_shown(client, city, people):
    from civicgrid.cases.queries.case_page import possible_duplicates

    first = new_case(city)
    second = new_case(city)
    assert [c.pk for c in possible_duplicates(second, people.station_head)] == [first.pk]
    assert possible_duplicates(second, people.neighbour) == []
