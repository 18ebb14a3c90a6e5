"""A failed submit on a phone: the summary on top takes the focus and the photos are re-asked."""

import pytest
from playwright.sync_api import expect

from civicgrid.intake.tests.helpers import gps_jpeg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_puts_the_errors_on_top_of_a_failed_submit(browser, live_server, city, tmp_path):  # noqa: F811
    page = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="en-US"
    ).new_page()
    page.goto(f"{live_server.url}/c/{city.communities[0].code}/report/")
    page.fill("#id_description", "路灯")  # too short, and the privacy box left unticked
    photo = tmp_path / "IMG_0002.jpg"
    photo.write_bytes(gps_jpeg((800, 600)))
    page.set_input_files("#id_photos", str(photo))
    expect(page.locator("#photo-status")).to_contain_text("已选 1 张")  # no eval: CSP
    page.click("#submit-button")
    page.wait_for_selector("#error-summary")

    summary = page.locator("#error-summary")
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate("document.activeElement.id") == "error-summary"
    box = summary.bounding_box()
    assert box["y"] >= -1 and box["y"] + box["height"] <= 844  # in view without scrolling
    text = summary.inner_text()
    assert "请用至少 4 个字描述问题" in text and "请先阅读并同意个人信息保护说明" in text
    assert "照片需要重新选择" in text
    assert page.locator("#photos-again").is_visible()
    assert "1 张照片没有提交成功" in page.inner_text("#photos-again")

    page.click("#error-summary a[href='#id_privacy']")
    assert page.evaluate("document.activeElement.id") == "id_privacy"
