"""The "已有人反映" lookup behind the report page."""

import pytest
from django.urls import reverse

from civicgrid.cases.tests.helpers import category, new_case

pytestmark = pytest.mark.django_db


def nearby(client, city, **params):
    url = reverse("intake:nearby", kwargs={"community_code": city.communities[0].code})
    return client.get(url, params)


def test_it_lists_open_cases_of_the_class_nearby_without_private_details(client, city):
    case = new_case(city, description="门口垃圾没人清理，联系我", reporter_name="张三")
    data = nearby(client, city, category=case.category.pk, lng=case.lng, lat=case.lat).json()
    (row,) = data["cases"]
    assert row["code"] == case.code and row["category"] == case.category.name
    assert row["distance_m"] == 0 and row["url"] == f"/t/{case.code}/"
    assert row["support_url"] == f"/t/{case.code}/support/"
    text = str(data)
    for secret in ("门口垃圾", "张三", "13812345678", "1234", "5678"):
        assert secret not in text


def test_it_lists_nothing_for_another_class(client, city):
    case = new_case(city)
    other = category("09006")
    assert nearby(client, city, category=other.pk, lng=case.lng, lat=case.lat).json() == {
        "cases": []
    }


def test_it_answers_an_empty_list_for_bad_input(client, city):
    assert nearby(client, city, category="x", lng="1", lat="2").json() == {"cases": []}
    assert nearby(client, city).json() == {"cases": []}


@pytest.mark.parametrize("point", [("1", "inf"), ("-inf", "25"), ("nan", "25"), ("999", "25")])
def test_a_point_that_is_no_place_finds_nothing_and_no_error(client, city, point):
    case = new_case(city)
    lng, lat = point
    answer = nearby(client, city, category=case.category.pk, lng=lng, lat=lat)
    assert answer.status_code == 200 and answer.json() == {"cases": []}
