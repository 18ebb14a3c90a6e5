"""A patrol on a 390 px phone: start, the track recorded, a check-in, a problem found and
reported, the end; then the head's desk pages at 1366 px."""

import pytest
from playwright.sync_api import expect

from civicgrid.cases.models import Case
from civicgrid.demo.city import DEMO_PASSWORD
from civicgrid.field.models import CheckIn, Patrol
from civicgrid.field.tests.helpers import staff_of
from civicgrid.field.tests.test_browser_phone import jpeg, phone
from civicgrid.lib.tests.browser import signed_in
from civicgrid.people.models import Workstation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "/tmp/shots-patrol"


def test_it_records_a_patrol_with_a_check_in_and_a_problem_found(
    browser,  # noqa: F811
    live_server,
    city,
    people,
):
    community = city.communities[0]
    community.refresh_from_db()
    grid = next(g for g in city.grids if g.parent_id == community.pk)
    grid.refresh_from_db()
    Workstation.objects.filter(community=community).update(
        lng=grid.centroid_lng, lat=grid.centroid_lat + 0.0005
    )
    lng, lat = grid.centroid_lng, grid.centroid_lat
    page = phone(browser, live_server, people.grid_worker.username, lng, lat)
    page.goto(f"{live_server.url}/field/")
    page.click("#patrol-button")
    page.click("#patrol-start")
    expect(page.locator("#patrol-current")).to_be_visible()
    for step in range(1, 4):  # the worker walks north; the phone reports each fix
        page.context.set_geolocation({"longitude": lng, "latitude": lat + step * 0.0004})
        page.wait_for_timeout(300)
    expect(page.locator("#patrol-points")).not_to_have_text("0", timeout=20000)
    page.screenshot(path=f"{SHOTS}/patrol-recording.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.click("#patrol-checkin")
    page.wait_for_url("**/field/checkin/")
    page.select_option("#id_place", label=Workstation.objects.get(community=community).name)
    page.set_input_files("#id_photo", [jpeg(5)])
    expect(page.locator("#geo-status")).to_contain_text("已定位")
    page.screenshot(path=f"{SHOTS}/checkin.png", full_page=True)
    page.click("#checkin-submit")
    page.wait_for_url("**/field/patrol/")
    assert "签到" in page.inner_text(".messages")

    page.click("#patrol-report")
    page.wait_for_url("**/field/report/")
    page.set_input_files("#id_photos", [jpeg(6)])
    expect(page.locator("#photo-status")).to_contain_text("已选")
    page.click("#geo-button")
    expect(page.locator("#id_lng")).not_to_have_value("")
    page.locator("#cats .cat[data-terms] span").first.click()
    page.fill("#id_description", "巡查发现人行道护栏倒伏")
    page.click("#submit-button")
    page.wait_for_url("**/field/patrol/")
    case = Case.objects.get(description="巡查发现人行道护栏倒伏")
    expect(page.locator("#patrol-current")).to_contain_text(case.code)
    page.screenshot(path=f"{SHOTS}/patrol-found.png", full_page=True)

    page.click("#patrol-end")
    expect(page.locator(".messages")).to_contain_text("巡查已结束")
    page.screenshot(path=f"{SHOTS}/patrol-ended.png", full_page=True)
    patrol = Patrol.objects.get(user=people.grid_worker)
    assert not patrol.is_open and patrol.point_count >= 2 and patrol.distance_m > 0
    assert case.patrol_finding.patrol == patrol
    assert CheckIn.objects.filter(user=people.grid_worker, flagged=False).count() == 1

    desk = signed_in(browser, live_server, people.station_head.username)
    desk.goto(f"{live_server.url}/field/patrols/map/")
    expect(desk.locator("#patrol-table")).to_contain_text(staff_of(people.grid_worker).name)
    expect(desk.locator("#map path.leaflet-interactive").first).to_be_attached()
    desk.screenshot(path=f"{SHOTS}/desk-patrol-map.png", full_page=True)
    desk.goto(f"{live_server.url}/field/roster/{community.code}/")
    desk.locator("#roster-form input[type=checkbox]").first.check()
    desk.click("#roster-save")
    expect(desk.locator(".messages")).to_contain_text("坐班表已保存")
    desk.screenshot(path=f"{SHOTS}/desk-roster.png", full_page=True)
    desk.goto(f"{live_server.url}/field/compliance/")
    desk.screenshot(path=f"{SHOTS}/desk-compliance.png", full_page=True)


def test_it_shows_the_demo_bureau_to_the_head_and_the_leader_at_the_desk(
    browser,  # noqa: F811
    live_server,
    city,
    people,
):
    from datetime import timedelta

    from django.utils import timezone

    from civicgrid.field.demo_duty import seed

    seed(city)
    desk = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    for user in (people.station_head, people.leader):
        desk.goto(f"{live_server.url}/login/")
        desk.fill("#id_username", user.username)
        desk.fill("#id_password", DEMO_PASSWORD)
        desk.click("button[type=submit]")
        desk.wait_for_url("**/cases/**")
        day = timezone.localdate() - timedelta(days=1)
        while Patrol.objects.filter(started_at__date=day).count() == 0:
            day -= timedelta(days=1)
        desk.goto(f"{live_server.url}/field/patrols/map/?day={day.isoformat()}")
        expect(desk.locator("#map path.leaflet-interactive").first).to_be_attached()
        desk.screenshot(path=f"{SHOTS}/desk-map-{user.username}.png", full_page=True)
        desk.goto(f"{live_server.url}/field/compliance/")
        expect(desk.locator("#compliance-people")).to_contain_text("网格员每个工作日巡查")
        desk.screenshot(path=f"{SHOTS}/desk-compliance-{user.username}.png", full_page=True)
        desk.context.clear_cookies()
    community = city.communities[0]
    public = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    public.goto(f"{live_server.url}/c/{community.code}/")
    public.screenshot(path=f"{SHOTS}/public-on-duty.png", full_page=True)
