"""The whistle board and the supervision queue: frozen-clock colours and scope."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from civicgrid.cases import workflow as wf
from civicgrid.cases.choices import Clock
from civicgrid.cases.tests.helpers import new_case
from civicgrid.demo.photos import photo

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2025, 6, 10, 9, 0, tzinfo=SHANGHAI)  # a Tuesday morning, office hours


def summons_item(page: str, department_code: str) -> str:
    """The <li> of one summoned department on the board."""
    start = page.index(f'data-department="{department_code}"')
    head = page.rindex("<li", 0, start)
    return page[head : page.index("</li>", start)]


def whistled(city, people):
    case = new_case(city, at=T0)
    wf.accept(case=case, actor=people.dispatcher, at=T0)
    water, sanitation = city.departments["water"], city.departments["sanitation"]
    wf.whistle(case=case, actor=people.station_head, departments=[water, sanitation], at=T0)
    return case


def test_it_colours_each_response_clock_from_a_frozen_clock(client, city, people):
    case = whistled(city, people)
    client.force_login(people.station_head)
    url = reverse("cases:whistle-board")
    with time_machine.travel(T0 + timedelta(minutes=10), tick=False):
        page = client.get(url).content.decode()
    water = summons_item(page, "water")
    assert case.code in page and 'class="whistle-waiting"' in water and "剩余 20 分" in water
    assert "row-overdue" not in page

    with time_machine.travel(T0 + timedelta(minutes=20), tick=False):
        wf.report_in(case=case, actor=people.other_handler, note="已到场")  # the water company
    with time_machine.travel(T0 + timedelta(minutes=45), tick=False):
        page = client.get(url).content.decode()
    water, sanitation = summons_item(page, "water"), summons_item(page, "sanitation")
    assert 'class="whistle-responded"' in water and "已报到 09:20" in water
    assert 'class="whistle-overdue"' in sanitation and "已超时 15 分" in sanitation
    assert "row-overdue" in page

    with time_machine.travel(T0 + timedelta(hours=2), tick=False):
        wf.report_in(case=case, actor=people.handler)
        page = client.get(url).content.decode()
    assert "已报到 11:00（超时报到）" in summons_item(page, "sanitation")
    with time_machine.travel(T0 + timedelta(days=2), tick=False):
        page = client.get(url).content.decode()
    assert case.code not in page and "当前没有待报到的吹哨" in page


def test_it_colours_case_clocks_on_time_warned_and_overdue(client, city, people):
    case = new_case(city, at=T0)
    assert case.warn_at and case.due_at and case.warn_at < case.due_at
    client.force_login(people.dispatcher)
    expected = [
        (T0 + timedelta(minutes=1), Clock.ON_TIME),
        (case.warn_at + timedelta(minutes=1), Clock.WARNED),
        (case.due_at + timedelta(minutes=1), Clock.OVERDUE),
    ]
    for moment, clock in expected:
        with time_machine.travel(moment, tick=False):
            assert case.clock_at() == clock
            page = client.get(reverse("cases:case-list")).content.decode()
        row = page[page.index(case.code) :]
        row = row[: row.index("</tr>")]
        assert f"clock-{clock}" in row
        for other in {Clock.ON_TIME, Clock.WARNED, Clock.OVERDUE} - {clock}:
            assert f'class="clock-{other}"' not in row


@pytest.mark.parametrize("persona", ["outsider", "neighbour", "other_handler"])
def test_it_shows_no_whistle_outside_the_scope(client, city, people, persona):
    case = new_case(city)
    wf.accept(case=case, actor=people.dispatcher)
    wf.whistle(case=case, actor=people.station_head, departments=[city.departments["gas"]])
    client.force_login(getattr(people, persona))
    assert case.code not in client.get(reverse("cases:whistle-board")).content.decode()


def test_it_shows_a_whistle_to_the_summoned_department(client, city, people):
    case = whistled(city, people)
    client.force_login(people.other_handler)  # water company, summoned
    assert case.code in client.get(reverse("cases:whistle-board")).content.decode()


def supervised(city, people, **kwargs):
    case = new_case(city, **kwargs)
    wf.accept(case=case, actor=people.dispatcher)
    wf.dispatch(case=case, actor=people.dispatcher)
    return case


def test_it_queues_urged_escalated_and_extension_cases(client, city, people):
    urged = supervised(city, people)
    wf.urge(case=urged, actor=people.leader, note="请尽快处理")
    escalated = supervised(city, people)
    wf.escalate(case=escalated, actor=people.station_head, reason="网格无法协调")
    waiting = supervised(city, people)
    wf.start(case=waiting, actor=people.handler)
    until = waiting.handle_due + timedelta(days=2)
    wf.request_extension(case=waiting, actor=people.handler, until=until, reason="需协调物业")
    quiet = supervised(city, people)

    client.force_login(people.dispatcher)
    page = client.get(reverse("cases:supervision-queue")).content.decode()
    sections = {
        key: page[page.index(f'id="section-{key}"') :].split("</section>")[0]
        for key in ("urged", "escalated", "extensions")
    }
    assert urged.code in sections["urged"] and "1 次" in sections["urged"]
    assert escalated.code in sections["escalated"] and urged.code not in sections["escalated"]
    assert waiting.code in sections["extensions"] and escalated.code not in sections["extensions"]
    assert quiet.code not in page
    assert f'href="{reverse("cases:case-detail", args=[urged.code])}"' in page

    wf.approve_extension(case=waiting, actor=people.leader)
    page = client.get(reverse("cases:supervision-queue")).content.decode()
    assert waiting.code not in page


@pytest.mark.parametrize("persona", ["outsider", "neighbour"])
def test_it_keeps_the_supervision_queue_inside_the_scope(client, city, people, persona):
    urged = supervised(city, people)
    wf.urge(case=urged, actor=people.leader, note="请尽快处理")
    client.force_login(getattr(people, persona))
    assert urged.code not in client.get(reverse("cases:supervision-queue")).content.decode()


def test_it_shows_only_the_sections_a_persona_may_act_on(client, city, people):
    client.force_login(people.grid_worker)
    page = client.get(reverse("cases:supervision-queue")).content.decode()
    assert "section-" not in page and "没有督办" in page
    client.force_login(people.station_head)  # urges and escalates, approves no extension
    page = client.get(reverse("cases:supervision-queue")).content.decode()
    assert 'id="section-urged"' in page and 'id="section-extensions"' not in page


def test_it_drops_a_finished_case_from_the_urged_section(client, city, people):
    case = supervised(city, people)
    wf.urge(case=case, actor=people.leader, note="请尽快处理")
    wf.start(case=case, actor=people.handler)
    wf.finish(case=case, actor=people.handler, note="已清运", photos=[photo("after")])
    wf.verify(case=case, actor=people.grid_worker)
    wf.close(case=case, actor=people.dispatcher)
    client.force_login(people.leader)
    assert case.code not in client.get(reverse("cases:supervision-queue")).content.decode()


def test_it_keeps_both_pages_within_a_query_budget(
    client, city, people, django_assert_max_num_queries
):
    for _ in range(5):
        case = whistled(city, people)
        wf.dispatch(case=case, actor=people.dispatcher)
        wf.urge(case=case, actor=people.leader, note="请尽快处理")
    client.force_login(people.dispatcher)
    for name in ("cases:whistle-board", "cases:supervision-queue"):
        with django_assert_max_num_queries(8):
            assert client.get(reverse(name)).status_code == 200
