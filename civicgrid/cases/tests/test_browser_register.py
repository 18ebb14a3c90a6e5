"""The desk at 1366 px: register a caller's complaint with a point picked on the map."""

import pytest

from civicgrid.cases.choices import Channel, RequestType, Status
from civicgrid.cases.models import Case
from civicgrid.cases.tests.helpers import new_case
from civicgrid.cases.tests.test_browser_dispatcher import shot
from civicgrid.lib.tests.browser import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_registers_a_call_with_a_map_point_and_accepts_it(
    browser,  # noqa: F811
    live_server,
    city,
    people,
):
    new_case(city, request_type=RequestType.CONSULT, description="请问垃圾分类投放时间是几点")
    page = signed_in(browser, live_server, people.dispatcher.username)
    page.goto(f"{live_server.url}/cases/?inbox=to_accept")
    assert page.locator(".badge.rt-consult").count() == 1
    shot(page, "desk-list")
    page.click("#register-link")
    page.wait_for_url("**/cases/new/")
    page.wait_for_selector("#pick-map path.leaflet-interactive")  # the grid outlines
    page.check("input[name=request_type][value=help]")
    page.fill("#id_reporter_name", "赵女士")
    page.fill("#id_reporter_phone", "13912345678")
    page.fill("#id_description", "楼道里的路灯坏了好几天，晚上很黑")
    # The middle of the first grid outline: a click there picks the place.
    box = page.locator("#pick-map path.leaflet-interactive").first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert page.input_value("#id_lng") != ""
    shot(page, "desk-register")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.click("#register-button")
    page.wait_for_url("**/cases/*/")
    assert "已登记并受理" in page.inner_text(".messages")
    shot(page, "desk-registered")
    case = Case.objects.get(description="楼道里的路灯坏了好几天，晚上很黑")
    assert case.status == Status.ACCEPTED and case.request_type == RequestType.HELP
    assert case.channel == Channel.PHONE and case.grid_id is not None
