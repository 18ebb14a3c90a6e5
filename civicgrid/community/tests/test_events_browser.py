"""A resident signs up for an event on a phone; the station head takes attendance and
reads the desk; screenshots at 390 px and 1366 px go to /tmp/civicgrid-events-*.png."""

import pytest

from civicgrid.community import signups
from civicgrid.community.tests.helpers import life_event
from civicgrid.lib.tests.browser import DESK, PHONE, open_menu_link, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "/tmp/civicgrid-events-{}.png"


def test_a_resident_signs_up_on_a_phone_and_the_head_checks_them_in(
    browser, live_server, city, people
):
    community = city.communities[0]
    event = life_event(
        community, capacity=2, place="社区党群服务中心广场", description="宪法宣传、以案说法"
    )
    signups.sign_up(event=event, name="王秀英", phone="13900000001")
    resident = browser.new_page(viewport=PHONE, locale="zh-CN")
    resident.goto(f"{live_server.url}/c/{community.code}/")
    resident.click(f"#events a:has-text('{event.title}')")
    assert "还剩 1 个名额" in resident.inner_text("#signup-form")
    resident.click("#signup-submit")
    assert resident.locator("#error-summary").is_visible()
    resident.fill("#id_name", "李建国")
    resident.fill("#id_phone", "139 0000 0002")
    resident.check("#id_privacy")
    resident.screenshot(path=SHOTS.format("signup-390"), full_page=True)
    resident.click("#signup-submit")
    resident.wait_for_url("**/events/signup/**")
    assert "报名成功" in resident.inner_text("#state")
    assert "139****0002" in resident.inner_text("#my-signup")
    code = resident.inner_text("#code")
    resident.screenshot(path=SHOTS.format("mine-390"), full_page=True)
    resident.goto(f"{live_server.url}/c/{community.code}/events/{event.pk}/")
    assert resident.locator("#full").is_visible()  # the next one waits

    head = signed_in(browser, live_server, people.station_head.username, viewport=PHONE)
    head.goto(f"{live_server.url}/community/publish/events/{event.pk}/attendance/")
    head.fill("#code", code)
    head.click("#code-form button")
    head.wait_for_load_state()
    assert "已签到 1 人" in head.inner_text("#attended")
    head.screenshot(path=SHOTS.format("attendance-390"), full_page=True)

    desk = signed_in(browser, live_server, people.station_head.username, viewport=DESK)
    open_menu_link(desk, "公告、活动和以案普法")
    desk.wait_for_url("**/community/publish/")
    assert event.title in desk.inner_text("#events")
    desk.screenshot(path=SHOTS.format("desk-1366"), full_page=True)
    desk.click("#event-create")
    desk.wait_for_url("**/events/new/")
    desk.screenshot(path=SHOTS.format("form-1366"), full_page=True)


def test_the_demo_community_page_shows_events_and_stories(browser, live_server, city):
    from civicgrid.community.demo import seed_life
    from civicgrid.community.models import Event

    seed_life(city)
    community = city.communities[0]
    page = browser.new_page(viewport=PHONE, locale="zh-CN")
    page.goto(f"{live_server.url}/c/{community.code}/")
    assert "以案普法" in page.inner_text("#stories")
    assert "活动回顾" in page.inner_text("#past-events")
    page.screenshot(path=SHOTS.format("community-390"), full_page=True)
    full = Event.objects.get(community=community, title__startswith="居民议事会")
    page.goto(f"{live_server.url}/c/{community.code}/events/{full.pk}/")
    assert "候补 2 人" in page.inner_text("#seats")
    page.screenshot(path=SHOTS.format("full-390"), full_page=True)
    past = Event.objects.filter(community=community, reported_at__isnull=False).first()
    page.goto(f"{live_server.url}/c/{community.code}/events/{past.pk}/")
    assert page.locator("#report img").count() == 1
    page.screenshot(path=SHOTS.format("report-390"), full_page=True)
    page.click("text=返回社区主页")
    page.click("#stories a >> nth=0")
    page.screenshot(path=SHOTS.format("story-390"), full_page=True)
    desk = browser.new_page(viewport=DESK, locale="zh-CN")
    desk.goto(page.url)
    desk.screenshot(path=SHOTS.format("story-1366"), full_page=True)
