"""One case from a resident's phone report to the resident's rating, in real Chromium."""

import pytest

from civicgrid.cases.models import Case
from civicgrid.demo.city import DEMO_PASSWORD
from civicgrid.demo.photos import photo
from civicgrid.lib.browser import browser  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def jpeg(kind, seed):
    upload = photo(kind, seed=seed)
    return {"name": upload.name, "mimeType": "image/jpeg", "buffer": upload.read()}


def staff_page(browser, live_server, username):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/cases/**")
    return page


def act(page, live_server, code, action, fill=None):
    page.goto(f"{live_server.url}/cases/{code}/")
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


def test_it_walks_a_case_from_phone_report_to_rating(browser, live_server, city, people):  # noqa: F811
    grid = city.grids[0]
    grid.refresh_from_db()
    community = grid.parent
    resident = browser.new_context(
        viewport=PHONE,
        geolocation={"longitude": grid.centroid_lng, "latitude": grid.centroid_lat},
        permissions=["geolocation"],
        locale="zh-CN",
    ).new_page()
    resident.goto(f"{live_server.url}/c/{community.code}/report/")
    resident.select_option("#id_category", label="🚮 垃圾站（箱）满溢")
    resident.fill("#id_description", "小区门口垃圾桶满了，垃圾溢到地上")
    resident.click("#geo-button")
    resident.wait_for_function("document.getElementById('id_lng').value !== ''")
    resident.set_input_files("#id_photos", [jpeg("before", 1)])
    resident.fill("#id_reporter_phone", "13812345678")
    resident.check("#id_privacy")
    resident.screenshot(path="/tmp/civicgrid-report.png", full_page=True)
    resident.click("button[type=submit]")
    resident.wait_for_url("**/t/**")
    assert "反映成功" in resident.inner_text(".messages")
    case = Case.objects.get()
    assert case.grid == grid and case.attachments.count() == 1
    track_url = resident.url

    dispatcher = staff_page(browser, live_server, people.dispatcher.username)
    act(dispatcher, live_server, case.code, "accept")
    act(dispatcher, live_server, case.code, "dispatch")
    handler = staff_page(browser, live_server, people.handler.username)
    act(handler, live_server, case.code, "start")
    act(
        handler,
        live_server,
        case.code,
        "finish",
        {"textarea": "已清运满溢垃圾", "file:input[type=file]": [jpeg("after", 2)]},
    )
    worker = staff_page(browser, live_server, people.grid_worker.username)
    act(worker, live_server, case.code, "verify")
    act(dispatcher, live_server, case.code, "close")
    dispatcher.screenshot(path="/tmp/civicgrid-case.png", full_page=True)
    assert "已结案" in dispatcher.inner_text("h1")

    resident.goto(track_url)
    assert resident.locator(".photos img").count() == 2  # before beside after
    resident.check("#rate-form input[value='5']")
    resident.fill("#rate-form textarea", "很及时，谢谢")
    resident.click("#rate-form button[type=submit]")
    resident.wait_for_load_state()
    assert "感谢您的评价" in resident.inner_text(".messages")
    resident.screenshot(path="/tmp/civicgrid-track.png", full_page=True)
    case.refresh_from_db()
    assert case.status == "closed" and case.rating == 5
    assert list(case.events.values_list("action", flat=True)) == [
        "report",
        "accept",
        "dispatch",
        "start",
        "finish",
        "verify",
        "close",
        "rate",
    ]
