"""On a phone: a resident finds the nearest toilet from their location and a station's duty;
at the desk: a station head edits a place. Screenshots at 390 px and 1366 px."""

import pytest
from django.utils import timezone

from civicgrid.amenities.demo import seed
from civicgrid.amenities.models import Amenity
from civicgrid.amenities.tests.helpers import centre, workbook
from civicgrid.field.models import DutySlot
from civicgrid.lib.tests.browser import DESK, PHONE, signed_in
from civicgrid.people.models import Workstation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_resident_finds_the_nearest_toilet_on_a_phone(browser, live_server, city):
    seed(city)
    community = city.communities[0]
    lng, lat = centre(community)
    for ws in Workstation.objects.filter(community__in=city.communities):
        ws.lng, ws.lat = centre(ws.community)
        ws.save()
    head = city.heads[community.pk]
    station = Workstation.objects.get(community=community)
    DutySlot.objects.create(workstation=station, date=timezone.localdate(), half="am", user=head)
    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        geolocation={"longitude": lng, "latitude": lat},
        permissions=["geolocation"],
        locale="zh-CN",
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/?public")
    page.click("#map-entry a:has-text('便民地图')")
    page.screenshot(path="/tmp/civicgrid-amenities-map-start.png", full_page=True)
    page.click("#near-button")
    page.wait_for_url("**lng=**")
    first = page.locator("#places li").first
    nearest = min(
        Amenity.objects.filter(kind="toilet"),
        key=lambda a: (a.lng - lng) ** 2 + ((a.lat - lat) * 1.1) ** 2,
    )
    assert nearest.name in first.inner_text()
    assert "方向约" in first.inner_text() or "就在附近" in first.inner_text()
    assert "已按距您的位置由近到远排列" in page.inner_text("#near-status")
    _no_sideways_scroll(page)
    page.screenshot(path="/tmp/civicgrid-amenities-map-phone.png", full_page=True)
    page.click(".kinds a:has-text('便民摊点')")
    assert "lng=" in page.url and "kind=stall" in page.url  # the point carries over
    page.screenshot(path="/tmp/civicgrid-amenities-stalls-phone.png", full_page=True)
    page.click(".kinds a:has-text('城管工作站')")
    page.click("#near-button")
    page.wait_for_url("**lng=**")
    card = page.locator("#stations li").first
    assert station.name in card.inner_text() and head.staff.name in card.inner_text()
    _no_sideways_scroll(page)
    page.screenshot(path="/tmp/civicgrid-amenities-stations-phone.png", full_page=True)
    page.click(f"#stations li >> nth=0 >> a:has-text('{community.name}')")
    page.wait_for_url(f"**/c/{community.code}/")
    page.locator("#workstation").screenshot(path="/tmp/civicgrid-amenities-community-card.png")
    page.click("#map-links a >> nth=0")
    assert f"c={community.code}" in page.url and "已按距" in page.inner_text("#near-status")
    context.close()

    desk = signed_in(browser, live_server, head.username, viewport=DESK)
    desk.goto(f"{live_server.url}/map/manage/")
    desk.screenshot(path="/tmp/civicgrid-amenities-manage-desk.png", full_page=True)
    desk.click("#amenities tbody a >> nth=0")
    desk.fill("#id_hours", "看心情")
    desk.click("#amenity-form button[type=submit]")
    assert "开放时间无法识别" in desk.inner_text("#error-summary")
    desk.screenshot(path="/tmp/civicgrid-amenities-form-desk.png", full_page=True)
    desk.fill("#id_hours", "6:00-22:00")
    desk.click("#amenity-form button[type=submit]")
    desk.wait_for_url("**/map/manage/")
    assert "已保存" in desk.inner_text(".messages")
    desk.goto(f"{live_server.url}/map/manage/import/")
    bad = workbook([["银行网点", "某银行", community.name, "", f"{lng}", f"{lat}"]])
    desk.set_input_files(
        "#id_file",
        {"name": "便民设施.xlsx", "mimeType": "application/octet-stream", "buffer": bad.read()},
    )
    desk.click("#upload button[type=submit]")
    assert "整个文件未导入" in desk.inner_text("#import-errors")
    desk.screenshot(path="/tmp/civicgrid-amenities-import-desk.png", full_page=True)
    with desk.expect_download() as download:
        desk.click("#errors-download")
    assert download.value.suggested_filename.endswith(".xlsx")
    desk.set_viewport_size(PHONE)
    desk.goto(f"{live_server.url}/map/manage/")
    desk.screenshot(path="/tmp/civicgrid-amenities-manage-phone.png", full_page=True)


def test_with_a_tile_setting_the_places_are_drawn_on_a_map(browser, live_server, city, settings):
    settings.CIVICGRID_MAP_TILE_URL = "/static/no-tiles/{z}/{x}/{y}.png"  # tiles fail: still drawn
    seed(city)
    page = browser.new_page(viewport=PHONE, locale="zh-CN")
    page.goto(f"{live_server.url}/map/?kind=park&c={city.communities[0].code}")
    page.wait_for_selector("#map path.leaflet-interactive")
    assert (
        page.locator("#map path.leaflet-interactive").count() == page.locator("#places li").count()
    )
    page.screenshot(path="/tmp/civicgrid-amenities-tiled-phone.png", full_page=True)
