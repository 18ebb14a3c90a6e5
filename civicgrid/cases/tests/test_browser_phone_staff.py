"""Staff on a 390 px phone in real Chromium: field workers land on their tasks, nothing scrolls
sideways, and the case list is read as cards rather than a squeezed table."""

import pytest

from civicgrid.cases.choices import Status
from civicgrid.cases.tests.helpers import new_case, walk_to
from civicgrid.demo.city import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def sign_in_on_phone(browser, live_server, user):  # noqa: F811
    """Sign in through the login form as a person would, on an iPhone-sized screen."""
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, user_agent=IPHONE, locale="zh-CN"
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    return page


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_it_lands_a_grid_worker_on_the_field_tasks_on_a_phone(
    browser,  # noqa: F811
    live_server,
    city,
    people,
):
    page = sign_in_on_phone(browser, live_server, people.grid_worker)
    assert page.url.startswith(f"{live_server.url}/field/")
    assert "我的任务" in page.inner_text("h1")


def test_it_fits_staff_pages_on_a_390_px_phone(
    browser,  # noqa: F811
    live_server,
    city,
    people,
):
    long = "小区门口有一堆生活垃圾没人清理，已经好几天了，气味很大，请尽快派人处理"
    cases = [
        walk_to(new_case(city, grid=i % 2, description=long), people, status)
        for i, status in enumerate([Status.REPORTED, Status.DISPATCHED, Status.HANDLED])
    ]
    # One browser session per persona; a single test so the city is built once.
    for user in (people.dispatcher, people.grid_worker, people.handler, people.leader):
        page = sign_in_on_phone(browser, live_server, user)
        page.goto(f"{live_server.url}/cases/?inbox=open")
        rows = page.locator("#case-area tbody tr")
        assert rows.count() >= 1, user.username
        assert scroll_width(page) <= 390, user.username
        grid = rows.first.locator("td.grid-name")
        # The grid name reads on one line, not one character per line.
        assert grid.bounding_box()["height"] < 40 and "网格" in grid.inner_text()
        for path in (f"/cases/{cases[-1].code}/", "/field/", "/cases/supervision/"):
            page.goto(live_server.url + path)
            page.wait_for_load_state()
            assert scroll_width(page) <= 390, (user.username, path)
        page.context.close()
