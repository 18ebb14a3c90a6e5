"""The resident pages: no login, nearest first, usable without location, tiles or JS."""

import pytest
from django.urls import reverse
from django.utils import timezone

from civicgrid.amenities.choices import Kind
from civicgrid.amenities.tests.helpers import centre, place
from civicgrid.field.models import DutySlot
from civicgrid.people.models import StaffProfile, Workstation

pytestmark = pytest.mark.django_db
MAP = reverse("amenities:amenity-map")
STATIONS = reverse("amenities:station-list")


def test_it_lists_toilets_nearest_first_from_the_phone(client, city):
    community = city.communities[0]
    place(community, name="远处公厕", dx=0.002, hours="6:00-22:00", notes="无障碍厕位")
    place(community, name="近处公厕", dx=0.0003)
    lng, lat = centre(community)
    page = client.get(MAP, {"kind": "toilet", "lng": lng, "lat": lat})
    text = page.content.decode()
    assert page.status_code == 200
    assert text.index("近处公厕") < text.index("远处公厕")
    assert "东方向约 30 米" in text and "无障碍厕位" in text
    assert "已按距您的位置由近到远排列" in text
    assert "uri.amap.com/navigation" in text
    assert 'id="map"' not in text  # no tile setting: the list alone


def test_it_measures_from_a_chosen_community_without_location(client, city):
    first, other = city.communities[0], city.communities[-1]
    place(first, name="第一社区公厕")
    place(other, name="另一社区公厕")
    text = client.get(MAP, {"c": other.code}).content.decode()
    assert text.index("另一社区公厕") < text.index("第一社区公厕")
    assert f"已按距{other.name}由近到远排列" in text
    assert "距社区中心" in text


def test_each_kind_has_its_own_tab_and_inactive_places_are_hidden(client, city):
    community = city.communities[0]
    place(community, kind=Kind.PARK, name="西津游园")
    place(community, kind=Kind.STALL, name="夜市疏导点", hours="每天 17:30-23:00")
    place(community, kind=Kind.PARK, name="拆除的游园", active=False)
    parks = client.get(MAP, {"kind": "park"}).content.decode()
    assert "西津游园" in parks and "夜市疏导点" not in parks and "拆除的游园" not in parks
    assert 'aria-current="page"' in parks
    stalls = client.get(MAP, {"kind": "stall"}).content.decode()
    assert "夜市疏导点" in stalls and "每天 17:30-23:00" in stalls


def test_it_says_open_now_or_closed(client, city, settings):
    community = city.communities[0]
    place(community, name="全天公厕", hours="全天开放")
    place(community, name="从不开放公厕", hours="周一 0:00-0:01")
    text = client.get(MAP).content.decode()
    assert "开放中" in text
    now = timezone.localtime()
    if not (now.weekday() == 0 and now.hour == 0 and now.minute == 0):
        assert "已关闭" in text


def test_a_search_text_narrows_the_list(client, city):
    community = city.communities[0]
    place(community, name="滨江公厕")
    place(community, name="站前公厕")
    text = client.get(MAP, {"q": "滨江"}).content.decode()
    assert "滨江公厕" in text and "站前公厕" not in text


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "nope"},
        {"lng": "abc", "lat": "25"},
        {"lng": "500", "lat": "25"},
        {"lng": "114.9"},  # half a point: ignored
        {"c": "no-such-community"},
        {"q": "x" * 500},
    ],
)
def test_bad_input_is_ignored_not_an_error(client, city, query):
    place(city.communities[0], name="某公厕")
    page = client.get(MAP, query)
    assert page.status_code == 200
    assert "某公厕" in page.content.decode() or "q" in query
    assert client.get(STATIONS, query).status_code == 200


def test_a_map_is_drawn_only_with_a_tile_setting(client, city, settings):
    settings.CIVICGRID_MAP_TILE_URL = "/tiles/{z}/{x}/{y}.png"
    place(city.communities[0], name="某公厕")
    text = client.get(MAP).content.decode()
    assert 'id="map"' in text and "map-config" in text and "某公厕" in text


def test_the_station_directory_shows_duty_masked_and_model_stations(client, city):
    community = city.communities[0]
    ws = Workstation.objects.get(community=community)
    lng, lat = centre(community)
    Workstation.objects.filter(pk=ws.pk).update(is_model=True, lng=lng, lat=lat)
    head = city.heads[community.pk]
    # A fresh profile: the session's city is shared, and a rollback does not undo its objects.
    StaffProfile.objects.filter(user=head).update(phone="13812345678")
    DutySlot.objects.create(workstation=ws, date=timezone.localdate(), half="am", user=head)
    page = client.get(STATIONS, {"lng": lng, "lat": lat + 0.001})
    text = page.content.decode()
    assert page.status_code == 200
    first = text.index(ws.name)
    assert text.index("示范点") < first + 2000
    name = StaffProfile.objects.get(user=head).name
    assert name in text and "138****5678" in text and "13812345678" not in text
    assert "南方向约 110 米" in text
    assert reverse("community:community-detail", args=[community.code]) in text
    assert f"tel:{ws.phone}" in text


def test_the_station_directory_lists_every_station_without_location(client, city):
    text = client.get(STATIONS).content.decode()
    for community in city.communities:
        assert Workstation.objects.get(community=community).name in text


def test_the_home_and_community_pages_link_the_maps(client, city):
    home = client.get(reverse("intake:home")).content.decode()
    assert MAP in home and STATIONS in home
    community = client.get(
        reverse("community:community-detail", args=[city.communities[0].code])
    ).content.decode()
    assert STATIONS in community and MAP in community


def test_without_a_point_a_long_list_is_capped_and_says_so(client, city):
    community = city.communities[0]
    for i in range(55):
        place(community, name=f"公厕{i:02d}", dx=i * 0.00001)
    page = client.get(MAP)
    assert len(page.context["rows"]) == 50
    assert "仅列出前 50 处" in page.content.decode()
    lng, lat = centre(community)
    located = client.get(MAP, {"lng": lng, "lat": lat})
    assert "仅列出前" not in located.content.decode()
