"""Duty lists and the board in a real browser: a station head publishes a new version, a
handler reports progress, residents read the three lists on a phone."""

import os

import pytest

from civicgrid.duties.demo import seed
from civicgrid.duties.models import ListVersion, ProgressReport
from civicgrid.duties.tests.helpers import station
from civicgrid.lib.tests.browser import DESK, PHONE, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "/tmp/shots-duties"


def test_a_station_head_publishes_a_new_version(browser, live_server, city, people):
    seed(city)
    os.makedirs(SHOTS, exist_ok=True)
    page = signed_in(browser, live_server, people.station_head.username, DESK)
    page.goto(f"{live_server.url}/duties/units/{station(city).pk}/")
    page.click("#start-draft button")
    page.fill("#new-content", "每月第一个周六开展城管开放日")
    page.fill("#new-kind", "便民服务")
    page.click("#add-item button")
    page.wait_for_selector("text=每月第一个周六开展城管开放日")
    page.screenshot(path=f"{SHOTS}/desk-draft-1366.png", full_page=True)
    page.fill("#id_note", "增加开放日")
    page.click("#publish button")
    page.wait_for_selector("text=已发布第 3 版")
    assert ListVersion.objects.filter(duty_list__unit=station(city), number=3).exists()
    page.goto(f"{live_server.url}/duties/board/")
    page.screenshot(path=f"{SHOTS}/board-head-1366.png", full_page=True)


def test_a_handler_reports_and_residents_read_the_lists(browser, live_server, city, people):
    seed(city)
    os.makedirs(SHOTS, exist_ok=True)
    page = signed_in(browser, live_server, people.handler.username, PHONE)
    page.goto(f"{live_server.url}/duties/board/")
    page.screenshot(path=f"{SHOTS}/board-handler-390.png", full_page=True)
    page.click("#tasks a >> nth=0")
    before = ProgressReport.objects.count()
    page.fill("#id_percent", "60")
    page.fill("#id_text", "已完成 8 个社区的桶边督导")
    page.click("#report-form button")
    page.wait_for_selector("text=已填报进展")
    assert ProgressReport.objects.count() == before + 1
    page.screenshot(path=f"{SHOTS}/task-390.png", full_page=True)
    leader = signed_in(browser, live_server, people.leader.username, DESK)
    leader.goto(f"{live_server.url}/duties/board/")
    leader.screenshot(path=f"{SHOTS}/board-leader-1366.png", full_page=True)
    leader.goto(f"{live_server.url}/duties/")
    leader.screenshot(path=f"{SHOTS}/units-leader-1366.png", full_page=True)
    leader.goto(f"{live_server.url}/duties/plans/")
    leader.click("#plans a >> nth=0")
    leader.screenshot(path=f"{SHOTS}/plan-leader-1366.png", full_page=True)
    resident = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    resident.goto(f"{live_server.url}/duties/c/{city.communities[0].code}/")
    assert resident.locator("#list-powers li").count() > 3
    resident.screenshot(path=f"{SHOTS}/station-public-390.png", full_page=True)
