"""The grid worker on a phone: find the handled case nearby, verify it on site with a photo."""

import re

import pytest

from civicgrid.cases.choices import Status
from civicgrid.cases.models import CaseEvent
from civicgrid.demo.city import DEMO_PASSWORD
from civicgrid.demo.photos import photo
from civicgrid.field.tests.helpers import handled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def jpeg(seed):
    upload = photo("after", seed=seed)
    return {"name": upload.name, "mimeType": "image/jpeg", "buffer": upload.read()}


def phone(browser, live_server, username, lng, lat):  # noqa: F811
    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        geolocation={"longitude": lng, "latitude": lat},
        permissions=["geolocation"],
        locale="zh-CN",
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/cases/**")
    return page


def verify_on_site(page, live_server, case):
    page.goto(f"{live_server.url}/field/{case.code}/")
    page.wait_for_url("**/field/*/?lng=*")  # field.js reloads with the phone's position
    form = page.locator("#action-verify form")
    assert form.locator("input[name=lng]").input_value() != ""
    form.locator("input[type=file]").set_input_files([jpeg(7)])
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/field/?lng=*")
    return page


def test_it_lets_the_grid_worker_verify_on_site_from_a_phone(
    browser,  # noqa: F811
    live_server,
    city,
    people,
):
    case = handled(city, people)
    page = phone(browser, live_server, people.grid_worker.username, case.lng, case.lat + 0.0002)
    page.goto(f"{live_server.url}/field/")
    page.wait_for_url("**/field/?lng=*")
    card = page.locator(".task", has_text="待核查")
    assert card.count() == 1
    assert re.search(r"距您约 2\d 米", card.inner_text())
    assert card.locator("a[href^='geo:']").count() == 1
    assert card.locator("a[href^='https://uri.amap.com/marker']").count() == 1
    page.screenshot(path="/tmp/shots/field-list.png", full_page=True)

    card.locator("a.task-link").click()
    page.wait_for_url(f"**/field/{case.code}/?lng=*")
    assert re.search(r"距案件位置约 2\d 米", page.inner_text("#distance"))
    assert page.locator("#radius-warning").count() == 0
    assert page.get_attribute("#action-verify input[type=file]", "capture") == "environment"
    page.screenshot(path="/tmp/shots/field-task.png", full_page=True)

    verify_on_site(page, live_server, case)
    assert "已核查通过（距案件位置约 2" in page.inner_text(".messages")
    assert "当前没有需要您现场处置或核查的任务" in page.inner_text("main")
    page.screenshot(path="/tmp/shots/field-verified.png", full_page=True)
    case.refresh_from_db()
    assert case.status == Status.VERIFIED
    event = CaseEvent.objects.get(case=case, action="verify")
    assert 15 <= event.data["distance_m"] <= 30 and event.data["beyond_radius"] is False
    assert event.attachments.count() == 1


def test_it_warns_the_grid_worker_who_verifies_far_from_the_case(
    browser,  # noqa: F811
    live_server,
    city,
    people,
):
    case = handled(city, people)
    page = phone(browser, live_server, people.grid_worker.username, case.lng, case.lat + 0.01)
    page.goto(f"{live_server.url}/field/{case.code}/")
    page.wait_for_url("**/field/*/?lng=*")
    assert "超出 100 米核查范围" in page.inner_text("#radius-warning")
    page.screenshot(path="/tmp/shots/field-far.png", full_page=True)
    verify_on_site(page, live_server, case)
    assert "已记录在案" in page.inner_text(".messages .warning")
    case.refresh_from_db()
    assert case.status == Status.VERIFIED
    event = CaseEvent.objects.get(case=case, action="verify")
    assert event.data["beyond_radius"] is True and event.data["distance_m"] > 1000
