"""The case map: GeoJSON feeds inside the scope, filtered like the list, and a real browser."""

from datetime import datetime, timedelta
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from civicgrid.areas import geo
from civicgrid.cases import workflow as wf
from civicgrid.cases.tests.helpers import new_case
from civicgrid.cases.views import maps as geo_views
from civicgrid.demo.city import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def codes(response) -> set[str]:
    assert response.status_code == 200
    return {f["properties"]["code"] for f in response.json()["features"]}


def test_it_returns_only_cases_in_scope(client, city, people):
    mine, theirs = new_case(city, community=0), new_case(city, community=3)
    client.force_login(people.grid_worker)
    assert codes(client.get(reverse("cases:map-cases"))) == {mine.code}
    client.force_login(people.outsider)
    assert codes(client.get(reverse("cases:map-cases"))) == set()
    client.force_login(people.neighbour)
    assert mine.code not in codes(client.get(reverse("cases:map-cases")))
    assert theirs.code in codes(client.get(reverse("cases:map-cases")))


def test_it_describes_each_marker_without_what_the_resident_typed(client, city, people):
    case = new_case(city, description="门口垃圾<b>很多</b>", reporter_phone="13812345678")
    client.force_login(people.dispatcher)
    body = client.get(reverse("cases:map-cases")).content.decode()
    feature = next(
        f
        for f in client.get(reverse("cases:map-cases")).json()["features"]
        if f["properties"]["code"] == case.code
    )
    assert feature["geometry"]["coordinates"] == [round(case.lng, 6), round(case.lat, 6)]
    props = feature["properties"]
    assert props["status"] == "待受理" and props["colour"] == "#d97706"
    assert props["clock"] == "on_time" and props["url"] == f"/cases/{case.code}/"
    assert "很多" not in body and "13812345678" not in body


def test_it_filters_like_the_list(client, city, people):
    reported = new_case(city)
    rejected = new_case(city)
    wf.reject(case=rejected, actor=people.dispatcher, reason="重复反映")
    client.force_login(people.dispatcher)
    url = reverse("cases:map-cases")
    assert codes(client.get(url)) >= {reported.code} and rejected.code not in codes(client.get(url))
    assert codes(client.get(url, {"status": "rejected"})) == {rejected.code}
    assert codes(client.get(url, {"q": reported.code})) == {reported.code}


def test_it_caps_the_markers_most_urgent_first(client, city, people, monkeypatch):
    monkeypatch.setattr(geo_views, "MAX_MARKERS", 2)
    start = datetime(2025, 6, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # office hours
    cases = [new_case(city, at=start + timedelta(hours=h)) for h in (2, 0, 1)]
    cases.sort(key=lambda c: c.due_at)
    client.force_login(people.dispatcher)
    data = client.get(reverse("cases:map-cases")).json()
    assert [f["properties"]["code"] for f in data["features"]] == [c.code for c in cases[:2]]
    assert data["total"] == 3 and data["note"].startswith("显示前 2 件（共 3 件）")


def test_it_returns_the_outlines_in_scope(client, city, people):
    client.force_login(people.grid_worker)
    features = client.get(reverse("cases:map-grids")).json()["features"]
    community = city.communities[0]
    assert {f["properties"]["code"] for f in features} == {
        community.code,
        f"{community.code}001",
        f"{community.code}002",
    }
    client.force_login(people.outsider)
    assert client.get(reverse("cases:map-grids")).json()["features"] == []
    client.force_login(people.handler)  # a department may work anywhere in the district
    assert len(client.get(reverse("cases:map-grids")).json()["features"]) == 4 + 8


def test_it_converts_for_a_gcj02_tile_provider(client, city, people, settings):
    settings.CIVICGRID_MAP_TILE_CRS = "gcj02"
    case = new_case(city)
    client.force_login(people.grid_worker)
    point = client.get(reverse("cases:map-cases")).json()["features"][0]["geometry"]
    expected = geo.wgs84_to_gcj02(case.lng, case.lat)
    assert point["coordinates"] == [round(expected[0], 6), round(expected[1], 6)]
    ring = client.get(reverse("cases:map-grids")).json()["features"][0]["geometry"]
    first = city.communities[0].boundary["coordinates"][0][0]
    assert ring["coordinates"][0][0] == [round(v, 6) for v in geo.wgs84_to_gcj02(*first)]


def test_it_links_map_and_list_with_the_same_filters(client, city, people, settings):
    settings.CIVICGRID_MAP_TILE_URL = ""
    client.force_login(people.dispatcher)
    page = client.get(reverse("cases:case-map"), {"status": "open", "q": "垃圾"}).content.decode()
    assert 'href="/cases/?status=open&amp;q=%E5%9E%83%E5%9C%BE"' in page
    assert "/cases/map/cases.geojson?status=open\\u0026q=%E5%9E%83%E5%9C%BE" in page
    assert 'class="case-map blank"' in page and "tile.openstreetmap" not in page


def test_it_sends_anonymous_visitors_to_log_in(client, city):
    for name in ("cases:case-map", "cases:map-cases", "cases:map-grids"):
        assert client.get(reverse(name)).status_code == 302


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_draws_markers_and_outlines_without_leaving_the_machine(
    browser,  # noqa: F811
    live_server,
    city,
    people,
):
    mine = [new_case(city, community=c, grid=g) for c in (0, 1) for g in (0, 1)]
    new_case(city, community=2)  # the next street: not the street dispatcher's business
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    hosts = []
    page.on("request", lambda r: hosts.append(urlparse(r.url).hostname))
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", people.dispatcher.username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/cases/**")
    page.goto(f"{live_server.url}/cases/map/?status=open")
    page.wait_for_selector("#map[data-ready]", state="attached")
    assert page.get_attribute("#map", "data-ready") == str(len(mine))
    assert page.locator(".leaflet-marker-icon").count() >= 1
    assert page.locator("path.leaflet-interactive").count() == 2 + 4  # its communities, grids
    assert "共 4 件案件" in page.inner_text("#map-note")
    page.get_by_label("热力图").check()
    assert page.locator("canvas.leaflet-heatmap-layer").count() == 1
    page.screenshot(path="/tmp/shots/map-desktop.png", full_page=True)
    page.click("#to-list")
    page.wait_for_url("**/cases/?status=open")
    assert set(hosts) <= {"127.0.0.1", "localhost"}, hosts
    assert errors == []
