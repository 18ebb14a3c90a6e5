"""What the staff case page prints: a plain-text title, whole metres, only usable buttons."""

import re
from html import unescape

import pytest

from civicgrid.cases.choices import Status
from civicgrid.cases.tests.helpers import new_case, walk_to

pytestmark = pytest.mark.django_db


def page_of(client, user, case) -> str:
    client.force_login(user)
    response = client.get(f"/cases/{case.code}/")
    assert response.status_code == 200
    return response.content.decode()


def test_it_titles_the_case_page_in_plain_text(client, city, people):
    case = new_case(city)
    html = page_of(client, people.dispatcher, case)
    title = unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))
    assert title == f"{case.category.name} {case.code}"


def test_it_shows_the_distance_to_a_duplicate_in_whole_metres(client, city, people):
    first = new_case(city)
    second = new_case(city, lng=first.lng + 0.00003, lat=first.lat)  # about 3 m east
    html = page_of(client, people.dispatcher, second)
    assert re.search(r"相距 [23] 米", html)
    assert not re.search(r"相距 \d+\.\d", html)


@pytest.mark.parametrize("persona", ["grid_worker", "handler"])
def test_it_hides_the_full_number_button_from_who_may_not_see_it(client, city, people, persona):
    case = new_case(city, reporter_phone="13812345678")
    if persona == "handler":
        walk_to(case, people, Status.DISPATCHED)  # the handler sees only its own cases
    html = page_of(client, getattr(people, persona), case)
    assert "138****5678" in html
    assert "查看完整号码" not in html and "/phone/" not in html


def test_it_offers_the_full_number_to_the_dispatcher(client, city, people):
    case = new_case(city, reporter_phone="13812345678")
    html = page_of(client, people.dispatcher, case)
    assert "查看完整号码" in html
    client.post(f"/cases/{case.code}/phone/")
    assert "13812345678" in client.get(f"/cases/{case.code}/").content.decode()
