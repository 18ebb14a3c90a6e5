"""The staff header in a real browser: a menu opens over the page on the desk and a phone."""

import pytest

from civicgrid.lib.tests.browser import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "/tmp/shots-nav"


@pytest.mark.parametrize(
    "viewport", [{"width": 1366, "height": 768}, {"width": 390, "height": 844}]
)
def test_a_menu_opens_and_its_link_leads_to_its_page(browser, live_server, people, viewport):
    page = signed_in(browser, live_server, people.dispatcher.username, viewport)
    page.click("summary:has-text('受理渠道')")
    link = page.locator("details.menu[open] a:has-text('12345 工单')")
    assert link.is_visible()
    box = link.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]  # on screen
    page.screenshot(path=f"{SHOTS}/dispatcher-{viewport['width']}.png")
    link.click()
    page.wait_for_url("**/hotline/**")
    assert "12345" in page.title() + page.locator("h1").inner_text()
