"""The station head blows the whistle and the department reports in; the leader urges.

Real Chromium on a desk-sized screen, through the case page, the whistle board, the
supervision queue and the notification bell.
"""

import pytest

from civicgrid.cases import workflow
from civicgrid.cases.tests.helpers import new_case
from civicgrid.cases.tests.test_browser_dispatcher import act, shot
from civicgrid.lib.tests.browser import signed_in
from civicgrid.notify.outbox import deliver_pending

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_station_head_whistles_and_the_department_reports_in(
    browser,  # noqa: F811
    live_server,
    city,
    people,
):
    case = new_case(city, description="小区围墙外违章搭建棚子，影响通行")
    head = signed_in(browser, live_server, people.station_head.username)
    head.goto(f"{live_server.url}/cases/{case.code}/")
    head.click("#action-whistle summary")
    head.locator("#action-whistle form").get_by_label("环卫所", exact=False).first.check()
    head.locator("#action-whistle form button[type=submit]").click()
    head.wait_for_load_state()
    assert "已吹哨" in head.locator(".messages").inner_text()

    head.goto(f"{live_server.url}/cases/whistles/")
    board = head.locator("main").inner_text()
    assert case.code in board and "剩余" in board
    shot(head, "persona-head-whistles")

    deliver_pending()
    handler = signed_in(browser, live_server, people.handler.username)
    assert handler.locator(".bell .badge").inner_text() == "1"
    handler.click(".bell")
    handler.click(f"text={case.code}")
    handler.wait_for_url(f"**/cases/{case.code}/")
    act(handler, "report_in", {"textarea": "已到场，正在协调处理"})
    handler.goto(f"{live_server.url}/cases/whistles/")
    assert "已报到" in handler.locator("main").inner_text()
    shot(handler, "persona-handler-reported-in")


def test_leader_urges_an_overdue_case_from_the_supervision_queue(
    browser,  # noqa: F811
    live_server,
    city,
    people,
):
    case = new_case(city, description="人行道上长期堆放建筑垃圾")
    workflow.accept(case=case, actor=people.dispatcher)
    workflow.dispatch(case=case, actor=people.dispatcher)
    workflow.request_extension(
        case=case,
        actor=people.handler,
        until=case.handle_due + (case.handle_due - case.dispatched_at),
        reason="需协调产权单位",
    )
    leader = signed_in(browser, live_server, people.leader.username)
    leader.goto(f"{live_server.url}/cases/supervision/")
    assert case.code in leader.locator("main").inner_text()
    leader.click(f"text={case.code}")
    leader.wait_for_url(f"**/cases/{case.code}/")
    act(leader, "approve_extension")
    act(leader, "urge", {"textarea": "请在延期时限内办结"})
    case.refresh_from_db()
    assert case.urge_count == 1 and case.extension_until is None
    shot(leader, "persona-leader-urged")
