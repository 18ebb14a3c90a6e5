"""随手拍 on a 390 px phone: photo, position, class and "已现场处置" make a self-handled case."""

import pytest
from playwright.sync_api import expect

from civicgrid.cases.choices import Status, Tier
from civicgrid.cases.models import Case
from civicgrid.field.tests.test_browser_phone import jpeg, phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_self_handles_a_small_problem_from_the_phone_in_one_step(
    browser,  # noqa: F811
    live_server,
    city,
    people,
):
    grid = next(g for g in city.grids if g.parent_id == city.communities[0].pk)
    grid.refresh_from_db()
    page = phone(
        browser, live_server, people.grid_worker.username, grid.centroid_lng, grid.centroid_lat
    )
    page.goto(f"{live_server.url}/field/")
    page.click("#snap-button")
    page.wait_for_url("**/field/report/")
    assert page.get_attribute("#id_photos", "capture") == "environment"
    assert not page.is_visible("#id_after_photos")  # shown once "已现场处置" is ticked
    page.set_input_files("#id_photos", [jpeg(3)])
    # Waits by locator, not wait_for_function: that evals in the page, which the CSP forbids.
    expect(page.locator("#photo-status")).to_contain_text("已选")
    page.click("#geo-button")
    expect(page.locator("#id_lng")).not_to_have_value("")
    page.locator("#cats .cat[data-terms] span").first.click()
    page.fill("#id_description", "人行道上有人乱扔的纸箱")
    page.locator("label.check", has_text="已现场处置").click()
    assert page.is_visible("#id_after_photos")
    page.set_input_files("#id_after_photos", [jpeg(4)])
    page.fill("#id_note", "已清理纸箱")
    page.screenshot(path="/tmp/shots/field-snap.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the phone
    page.click("#submit-button")
    page.wait_for_url("**/field/")
    assert "已随手办结" in page.inner_text(".messages")
    page.screenshot(path="/tmp/shots/field-snap-done.png", full_page=True)
    case = Case.objects.get(description="人行道上有人乱扔的纸箱")
    assert case.status == Status.HANDLED and case.tier == Tier.SELF
    assert case.grid_id == grid.pk and case.category_id is not None
    assert case.attachments.filter(kind="after").count() == 1
