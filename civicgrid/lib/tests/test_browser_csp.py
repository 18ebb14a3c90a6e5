"""The Content-Security-Policy in real Chromium: the pages work without breaking it."""

import pytest

from civicgrid.cases.tests.helpers import new_case
from civicgrid.intake.tests.test_browser_loop import fill_report, phone
from civicgrid.lib.tests.browser import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Chromium reports each blocked script, style or image as a `securitypolicyviolation` event
# and a console error; both are collected, on every page the test opens. Playwright's init
# scripts and bindings are not subject to the page's policy.
WATCH = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.cspViolation(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile);
});
"""


def watched(page) -> list[str]:
    """The policy violations on this page from now on, as they happen."""
    found: list[str] = []

    def console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            found.append(message.text)

    page.on("console", console)
    page.expose_function("cspViolation", lambda text: found.append(text))
    page.add_init_script(WATCH)
    return found


def test_the_resident_report_and_tracking_pages_break_no_rule(
    browser,  # noqa: F811
    live_server,
    city,
    tmp_path,
):
    grid = city.grids[0]
    page = phone(browser, grid)
    found = watched(page)
    page.goto(f"{live_server.url}/c/{grid.parent.code}/report/")
    fill_report(page, tmp_path)  # the class picker, the location and a photo preview
    assert found == []
    page.click("#submit-button")
    page.wait_for_url("**/t/**")
    assert "反映成功" in page.inner_text(".messages")
    assert found == []

    # The policy is in force: an injected inline style is refused and reported.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<b style=\"color:red\">x</b>')")
    for _ in range(50):  # reported a moment later; wait_for_function would eval, refused too
        if found:
            break
        page.wait_for_timeout(100)
    assert any("style-src" in v for v in found)


def test_the_staff_case_list_case_page_and_map_break_no_rule(
    browser,  # noqa: F811
    live_server,
    city,
    people,
):
    case = new_case(city, description="文清路口垃圾桶满溢")
    page = signed_in(browser, live_server, people.dispatcher.username)
    found = watched(page)
    page.goto(f"{live_server.url}/cases/")
    page.select_option("#id_status", index=1)  # htmx swaps the list in
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/cases/{case.code}/")
    page.click("#action-accept summary")
    assert page.locator(".badge.st-reported").is_visible()
    page.goto(f"{live_server.url}/cases/map/")
    page.wait_for_selector("#map[data-ready]")
    assert page.locator(".case-marker span").count() >= 1
    assert found == []
