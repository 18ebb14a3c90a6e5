"""The public front door at /: find your community, look up a tracking code, staff sign in."""

import pytest
from django.urls import reverse

from civicgrid.cases.tests.helpers import new_case

pytestmark = pytest.mark.django_db


def test_it_opens_the_public_home_to_residents(client, city):
    page = client.get("/").content.decode()
    assert "找到您的社区" in page and "查询办理进度" in page
    assert f'href="{reverse("login")}"' in page  # staff sign in from here
    first = city.communities[0]
    assert f'href="{reverse("community:community-detail", args=[first.code])}"' in page
    assert f'href="{reverse("intake:report", args=[first.code])}"' in page


def test_it_sends_signed_in_staff_to_their_workbench_unless_they_ask(client, city, people):
    client.force_login(people.dispatcher)
    assert client.get("/", follow=True).redirect_chain[-1][0] == reverse("cases:case-list")
    client.force_login(people.grid_worker)
    phone = {"HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile/15E148"}
    assert client.get("/", follow=True, **phone).redirect_chain[-1][0] == reverse("field:task-list")
    client.force_login(people.dispatcher)
    page = client.get("/?public").content.decode()
    assert "找到您的社区" in page and "进入工作台" in page
    assert 'name="public"' in page  # a search keeps them on the public page


def test_it_finds_a_community_by_name(client, city):
    first, other = city.communities[0], city.communities[-1]
    page = client.get("/", {"q": first.name[:2]}).content.decode()
    assert first.name in page and other.name not in page


def test_it_says_so_when_no_community_matches(client, city):
    page = client.get("/", {"q": "没有这个社区"}).content.decode()
    assert 'id="no-community"' in page


def test_it_lists_the_nearest_communities_first_with_their_distance(client, city):
    far = city.communities[-1]
    far.refresh_from_db()
    page = client.get("/", {"lng": far.centroid_lng, "lat": far.centroid_lat}).content.decode()
    assert "已按距您的位置由近到远排列" in page and "您在本社区内" in page
    listed = page[page.index('id="communities"') :]
    assert listed.index(far.name) < min(listed.index(c.name) for c in city.communities if c != far)


def test_it_ignores_a_location_out_of_range(client, city):
    page = client.get("/", {"lng": "999", "lat": "x"}).content.decode()
    assert "已按距您的位置由近到远排列" not in page and city.communities[0].name in page


def test_it_opens_the_tracking_page_from_a_code_typed_loosely(client, city):
    case = new_case(city)
    typed = f" {case.code[:4].lower()}-{case.code[4:]} "
    response = client.get(reverse("intake:track-lookup"), {"code": typed})
    assert response.url == reverse("intake:track", args=[case.code])


def test_it_sends_an_empty_code_back_to_the_box(client, city):
    response = client.get(reverse("intake:track-lookup"), {"code": " - "})
    assert response.url == reverse("intake:home") + "#track"


def test_it_answers_a_wrong_code_with_the_box_again(client, city):
    response = client.get(reverse("intake:track-lookup"), {"code": "wrong code"}, follow=True)
    assert response.status_code == 404
    assert 'value="WRONGCODE"' in response.content.decode()
