"""`perform()`, the one way every channel runs an action, and the rows it can and cannot reach."""

from datetime import timedelta

import pytest
from django.urls import reverse

from civicgrid.cases import services, sla
from civicgrid.cases import workflow as wf
from civicgrid.cases.choices import Clock, Status
from civicgrid.cases.models import CaseEvent
from civicgrid.cases.tests.helpers import category, new_case, walk_to
from civicgrid.demo.photos import photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def whistled(city, people):
    """A case dispatched to sanitation; the water department is summoned to it by a whistle."""
    case = walk_to(new_case(city), people, Status.IN_PROGRESS)
    wf.whistle(case=case, actor=people.station_head, departments=[city.departments["water"]])
    case.refresh_from_db()
    return case


def offered(case, user) -> set[str]:
    return {rule.action for rule in wf.allowed_actions(case, user)}


def test_it_lets_a_summoned_department_view_report_in_and_comment_only(whistled, people):
    water = people.other_handler
    assert offered(whistled, water) == {"report_in", "comment"}
    assert {"finish", "send_back", "request_extension"} <= offered(whistled, people.handler)


@pytest.mark.parametrize(
    "action, data",
    [
        ("finish", {"note": "已处理", "photos": [photo()]}),
        ("send_back", {"reason": "不归我们管"}),
        ("request_extension", {"reason": "要采购", "until": None}),
    ],
)
def test_it_refuses_handling_by_a_summoned_department(whistled, people, action, data):
    if "until" in data:
        data["until"] = whistled.handle_due.replace(year=whistled.handle_due.year + 1)
    before = whistled.version
    with pytest.raises(wf.NotAllowed):
        wf.perform(case=whistled, action=action, actor=people.other_handler, data=data)
    whistled.refresh_from_db()
    assert whistled.version == before and whistled.status == Status.IN_PROGRESS
    assert not whistled.events.filter(action=action).exists()


def test_it_shows_a_summoned_handler_no_handling_buttons(client, whistled, people):
    client.force_login(people.other_handler)
    page = client.get(reverse("cases:case-detail", args=[whistled.code])).content.decode()
    assert "吹哨报到" in page
    for action in ("finish", "send_back", "request_extension"):
        assert reverse("cases:case-act", args=[whistled.code, action]) not in page
    response = client.post(
        reverse("cases:case-act", args=[whistled.code, "finish"]),
        {"version": whistled.version, "note": "已处理", "photos": [photo()]},
        follow=True,
    )
    assert "没有权限" in response.content.decode()
    whistled.refresh_from_db()
    assert whistled.status == Status.IN_PROGRESS


def test_it_records_the_report_in_of_the_summoned_department(whistled, people):
    wf.perform(case=whistled, action="report_in", actor=people.other_handler, data={})
    summons = whistled.summons.get()
    assert summons.responded_by == people.other_handler
    assert "report_in" not in offered(whistled, people.other_handler)


def test_it_refuses_a_stale_version_before_anything_is_written(city, people):
    case = new_case(city)
    seen = case.version
    wf.accept(case=case, actor=people.dispatcher)
    with pytest.raises(wf.CaseChanged):
        wf.perform(case=case, action="dispatch", actor=people.dispatcher, version=seen)
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED


@pytest.mark.parametrize("action", ["report", "reroute", "overdue", "warned", "delete", ""])
def test_it_refuses_actions_that_are_not_buttons(city, people, action):
    case = new_case(city)
    with pytest.raises(wf.UnknownAction):
        wf.perform(case=case, action=action, actor=people.dispatcher)


def test_it_leaves_the_callers_case_untouched_when_an_action_is_refused(city, people):
    case = walk_to(new_case(city), people, Status.DISPATCHED)
    other = type(case).objects.get(pk=case.pk)
    wf.start(case=other, actor=people.handler)  # somebody else acts first
    with pytest.raises(wf.CaseChanged):
        wf.send_back(case=case, actor=people.handler, reason="不归我们管")
    assert case.status == Status.DISPATCHED and case.department is not None


def test_it_writes_a_reroute_as_its_own_row_of_the_table(city, people):
    case = walk_to(new_case(city), people, Status.IN_PROGRESS)
    event = wf.recategorize(
        case=case, actor=people.dispatcher, category=category("01001", "component")
    )
    assert event.action == "reroute" and event.label == "改类改派"
    assert (event.from_status, event.to_status) == (Status.IN_PROGRESS, Status.DISPATCHED)
    assert case.department.code == "water" and case.handler is None


def test_it_keeps_the_department_when_the_new_class_is_its_own(city, people):
    case = walk_to(new_case(city), people, Status.DISPATCHED)
    event = wf.recategorize(case=case, actor=people.dispatcher, category=category("06011"))
    assert event.action == "recategorize" and case.status == Status.DISPATCHED


def test_it_classifies_an_unclassified_report_in_the_service(city):
    case = new_case(city, category=None, description="小区门口垃圾桶满了，垃圾溢出来了")
    assert case.category is not None and case.category.name
    assert CaseEvent.objects.get(case=case, action="report").data["suggested"] >= 0.5


def test_it_leaves_a_vague_report_for_the_dispatcher_to_classify(city):
    case = new_case(city, category=None, description="这里有点问题请来看看")
    assert case.category is None


def test_it_labels_every_event_by_the_one_writer(city, people):
    staff_report = new_case(city, actor=people.grid_worker, channel="grid")
    resident_report = new_case(city)
    label = CaseEvent.objects.get(case=staff_report, action="report").actor_label
    assert label == people.grid_worker.staff.title
    assert CaseEvent.objects.get(case=resident_report, action="report").actor_label == "市民"


def test_it_returns_the_first_case_for_the_same_report_under_a_repeated_key(city):
    first = new_case(city, client_key="k" * 32)
    again = new_case(city, client_key="k" * 32)
    assert again.pk == first.pk
    grid = city.grids[0]
    grid.refresh_from_db()
    sent = dict(
        channel="qr",
        description="小区门口有一堆生活垃圾没人清理",
        category=category(),
        lng=grid.centroid_lng,
        lat=grid.centroid_lat,
        reporter_phone="13812345678",
    )
    assert services.reported_with("k" * 32, **sent) == first
    assert (
        services.reported_with("k" * 32, **{**sent, "description": "另一个问题：路灯不亮"}) is None
    )
    assert services.reported_with("", **sent) is None
    # Another report under the used key is a case of its own.
    other = new_case(city, client_key="k" * 32, description="另一个问题：路灯不亮")
    assert other.pk != first.pk


def test_it_restarts_the_clock_even_when_the_sweep_marked_the_row_after_the_page_loaded(
    city, people
):
    case = walk_to(new_case(city), people, Status.IN_PROGRESS)
    page = type(case).objects.get(pk=case.pk)  # the handler's page, loaded on time
    late = case.handle_due + timedelta(minutes=5)
    assert sla.sweep(now=late)[Clock.OVERDUE] >= 1  # the sweep keeps the version
    wf.finish(case=page, actor=people.handler, note="已清理", photos=[photo()], at=late)
    stored = type(case).objects.get(pk=case.pk)
    assert stored.status == Status.HANDLED and stored.clock == Clock.ON_TIME
    assert stored.overdue_count == 1
