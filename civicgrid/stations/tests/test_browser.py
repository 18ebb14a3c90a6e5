"""Stations in a real browser: a head publishes a typical case, a resident reads it on a
phone, the leader reads coverage and the ranking at the desk."""

from pathlib import Path

import pytest
from django.utils import timezone

from civicgrid.lib.tests.browser import DESK, PHONE, open_menu_link, signed_in
from civicgrid.people.models import Workstation
from civicgrid.stations.models import Showcase
from civicgrid.stations.tests.helpers import closed_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots-stations")


def test_a_head_publishes_a_typical_case_and_a_resident_reads_it(
    browser,  # noqa: F811
    live_server,
    city,
    people,
):
    SHOTS.mkdir(exist_ok=True)
    case = closed_case(city, people, timezone.now(), rating=5)
    page = signed_in(browser, live_server, people.station_head.username, DESK)
    open_menu_link(page, "典型案例")
    page.locator("#candidates a.button", has_text="编写").first.click()
    page.fill("#id_title", "小区门口垃圾当天清运")
    page.fill("#id_problem", "居民扫码反映小区门口堆放生活垃圾，气味很大。")
    page.fill("#id_solution", "工作站当天受理，派环卫所清运，网格员复查。")
    page.fill("#id_result", "垃圾当天清完，居民回访评价非常满意。")
    page.screenshot(path=str(SHOTS / "desk-showcase-edit.png"), full_page=True)
    page.click("#publish")
    page.wait_for_selector(".messages")
    assert "已发布" in page.inner_text(".messages")
    assert Showcase.objects.get(case=case).published_at is not None

    phone = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True).new_page()
    phone.goto(f"{live_server.url}/showcase/")
    card = phone.locator("article.typical").first
    assert "小区门口垃圾当天清运" in card.inner_text()
    assert card.locator("img").count() == 2
    phone.wait_for_function(
        "[...document.querySelectorAll('article.typical img')].every(i => i.naturalWidth > 0)"
    )
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    phone.screenshot(path=str(SHOTS / "phone-showcase.png"), full_page=True)
    phone.goto(f"{live_server.url}/c/{city.communities[0].code}/")
    assert "小区门口垃圾当天清运" in phone.inner_text("#typical")


def test_the_leader_reads_coverage_and_the_ranking(browser, live_server, city, people):  # noqa: F811
    SHOTS.mkdir(exist_ok=True)
    Workstation.objects.filter(community=city.communities[0]).update(is_model=True)
    page = signed_in(browser, live_server, "leader", DESK)
    open_menu_link(page, "工作站覆盖")
    assert "225" in page.inner_text("#coverage-figures")
    page.locator("#coverage-streets a").first.click()
    page.wait_for_selector("#coverage-communities")
    assert "示范点" in page.inner_text("#coverage-communities")
    page.screenshot(path=str(SHOTS / "desk-coverage.png"), full_page=True)
    open_menu_link(page, "工作站考评")
    page.wait_for_selector("#evaluation")
    assert "计分方法" in page.inner_text("#footnote")
    assert page.locator("#evaluation tbody tr").count() == 4
    page.screenshot(path=str(SHOTS / "desk-evaluation.png"), full_page=True)
    phone = signed_in(browser, live_server, "leader", PHONE, is_mobile=True)
    phone.goto(f"{live_server.url}/stations/evaluation/")
    phone.screenshot(path=str(SHOTS / "phone-evaluation.png"), full_page=True)
