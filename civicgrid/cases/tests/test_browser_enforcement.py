"""The officer on a phone takes a case into enforcement and orders a correction; the same
form at the desk; the public violation guide on a phone. Screenshots go to /tmp/shots-enforce."""

from pathlib import Path

import pytest

from civicgrid.cases import workflow as wf
from civicgrid.cases.choices import Status
from civicgrid.cases.tests.enforcement_helpers import dispatched_to_squad, enforced, officer
from civicgrid.lib.tests.browser import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}
SHOTS = Path("/tmp/shots-enforce")


def test_it_lets_the_officer_enforce_and_order_a_correction_on_a_phone(
    browser,  # noqa: F811
    live_server,
    city,
    people,
):
    SHOTS.mkdir(exist_ok=True)
    case = dispatched_to_squad(city, people)
    user = officer(city)
    page = signed_in(browser, live_server, user.username, PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{live_server.url}/field/{case.code}/")
    form = page.locator("#action-enforce")
    form.locator("summary").click()
    form.locator("select[name=violation_type]").select_option(label="占道经营")
    form.locator("input[name=party_name]").fill("老王水果店")
    form.locator("input[name=party_id_number]").fill("92360702MA35XYZ12K")
    form.locator("input[name=party_phone]").fill("13912345678")
    page.screenshot(path=str(SHOTS / "phone-enforce.png"), full_page=True)
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/field/")
    assert "已转入执法处置" in page.inner_text(".messages")

    page.goto(f"{live_server.url}/field/{case.code}/")
    assert "老王***" in page.inner_text("#party")
    measure = page.locator("#action-measure")
    if not measure.evaluate("d => d.open"):
        measure.locator("summary").click()
    measure.locator("input[value=order_correct]").check()
    page.screenshot(path=str(SHOTS / "phone-measure.png"), full_page=True)
    measure.locator("button[type=submit]").click()
    page.wait_for_url("**/field/")
    assert "已责令改正" in page.inner_text(".messages")
    card = page.locator(".task-recheck")
    assert card.count() == 1 and "复查期限" in card.inner_text()
    page.screenshot(path=str(SHOTS / "phone-tasks.png"), full_page=True)
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS and case.enforcement.recheck_pending


def test_it_shows_the_enforcement_form_and_record_at_the_desk(
    browser,  # noqa: F811
    live_server,
    city,
    people,
):
    SHOTS.mkdir(exist_ok=True)
    earlier = enforced(city, people, grid=1)
    wf.measure(case=earlier, actor=officer(city), measure="first_offence", corrected=True)
    case = enforced(city, people)
    page = signed_in(browser, live_server, officer(city).username, DESK)
    page.goto(f"{live_server.url}/cases/{case.code}/")
    page.locator("#action-measure summary").click()
    assert page.locator("#enforcement").is_visible()
    assert earlier.code in page.inner_text("#action-measure .refused")
    assert page.locator("#action-measure input[value=first_offence]").count() == 0
    page.screenshot(path=str(SHOTS / "desk-case.png"), full_page=True)
    page.locator("#action-measure input[value=educate]").check()
    page.locator("#action-measure button[type=submit]").click()
    page.wait_for_url(f"**/cases/{case.code}/")
    assert "教育劝导" in page.inner_text("#enforcement-measure")
    page.locator("#reveal-party button").click()
    page.wait_for_url(f"**/cases/{case.code}/")
    assert "老王水果店" in page.inner_text(".messages")
    page.screenshot(path=str(SHOTS / "desk-revealed.png"), full_page=True)


def test_it_shows_the_public_guide_on_a_phone(browser, live_server, city):  # noqa: F811
    SHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/guide/")
    assert page.locator(".guide-types > li").count() == 11
    page.screenshot(path=str(SHOTS / "phone-guide.png"), full_page=True)
    page.fill("input[name=q]", "烧烤")
    page.locator("#guide-search button").click()
    assert page.locator(".guide-types > li").count() == 1
    page.locator(".guide-types a").first.click()
    page.wait_for_url("**/guide/V06029/")
    assert "第一百一十八条" in page.inner_text("#legal-basis")
    page.screenshot(path=str(SHOTS / "phone-guide-type.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
