"""Staff inboxes in real Chromium: the dispatcher at a desk, the department handler, the head."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from civicgrid.cases.choices import Status
from civicgrid.cases.models import Case
from civicgrid.cases.tests.helpers import new_case
from civicgrid.demo.photos import photo
from civicgrid.lib.tests.browser import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"width": 1366, "height": 900}
SHOTS = Path("/tmp/shots")


def shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def act(page, action, fill=None):
    page.click(f"#action-{action} summary")
    form = page.locator(f"#action-{action} form")
    for selector, value in (fill or {}).items():
        if selector.startswith("file:"):
            form.locator(selector[5:]).set_input_files(value)
        else:
            form.locator(selector).fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".messages .success").count() == 1, page.locator(".messages").inner_text()


def test_it_takes_a_case_through_the_dispatcher_and_handler_inboxes(
    browser,  # noqa: F811
    live_server,
    city,
    people,
):
    case = new_case(city, description="文清路口垃圾桶满溢，气味很大")
    other = new_case(city, community=3, description="别的街道的案件")

    dispatcher = signed_in(browser, live_server, people.dispatcher.username)
    dispatcher.click("#inbox-to_accept")
    dispatcher.wait_for_url("**inbox=to_accept**")
    row = dispatcher.locator("tr", has_text=case.code)
    assert "文清路口垃圾桶满溢" in row.inner_text()
    assert other.code not in dispatcher.inner_text("#case-area")
    assert dispatcher.inner_text("#inbox-to_accept .count") == "1"
    # A filter change swaps the list in place (htmx) and keeps the address bookmarkable.
    dispatcher.select_option("#id_channel", "hotline")
    dispatcher.wait_for_url("**channel=hotline**")
    assert "没有符合条件的案件" in dispatcher.inner_text("#case-area")
    dispatcher.select_option("#id_channel", "")
    expect(dispatcher.locator("#case-area")).to_contain_text(case.code)  # no eval: CSP
    shot(dispatcher, "dispatcher-inbox")
    dispatcher.check(f"input[name=codes][value='{case.code}']")
    dispatcher.click("#batch-accept")
    dispatcher.wait_for_load_state()
    assert "已受理 1 件" in dispatcher.inner_text(".messages")
    assert dispatcher.inner_text("#inbox-to_dispatch .count") == "1"
    dispatcher.click("#inbox-to_dispatch")
    dispatcher.click(f"a.code:text('{case.code}')")
    dispatcher.wait_for_url(f"**/cases/{case.code}/")
    act(dispatcher, "dispatch")
    shot(dispatcher, "dispatcher-case")
    case.refresh_from_db()
    assert case.status == Status.DISPATCHED and case.department == city.departments["sanitation"]

    handler = signed_in(browser, live_server, people.handler.username)
    assert handler.locator("#inbox-to_handle").get_attribute("aria-current") == "page"
    shot(handler, "handler-inbox")
    handler.click(f"a.code:text('{case.code}')")
    act(handler, "start")
    upload = photo("after", seed=3)
    act(
        handler,
        "finish",
        {
            "textarea": "已清运满溢垃圾并冲洗地面",
            "file:input[type=file]": [
                {"name": upload.name, "mimeType": "image/jpeg", "buffer": upload.read()}
            ],
        },
    )
    shot(handler, "handler-case")
    handler.goto(f"{live_server.url}/cases/?inbox=in_progress")
    assert case.code not in handler.inner_text("#case-area")

    head = signed_in(browser, live_server, people.station_head.username)
    head.click("#inbox-open")
    head.wait_for_url("**inbox=open**")
    row = head.locator("tr", has_text=case.code)
    assert "已处置" in row.inner_text()
    shot(head, "station-head-inbox")
    case.refresh_from_db()
    assert case.status == Status.HANDLED
    assert list(case.events.values_list("action", flat=True)) == [
        "report",
        "accept",
        "dispatch",
        "start",
        "finish",
    ]
    assert Case.objects.get(pk=other.pk).status == Status.REPORTED
