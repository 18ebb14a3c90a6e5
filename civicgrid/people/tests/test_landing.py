"""After signing in, phone field workers land on their tasks; desk work and desktops on cases."""

import pytest

from civicgrid.demo.city import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
)
DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0"


def landing(client, user, agent):
    response = client.post(
        "/login/",
        {"username": user.username, "password": DEMO_PASSWORD},
        HTTP_USER_AGENT=agent,
        follow=True,
    )
    return response.request["PATH_INFO"]


@pytest.mark.parametrize("persona", ["grid_worker", "handler"])
def test_it_lands_field_workers_on_their_tasks_on_a_phone(client, people, persona):
    assert landing(client, getattr(people, persona), IPHONE) == "/field/"


def test_it_lands_field_workers_on_their_tasks_on_an_android_phone(client, people):
    assert landing(client, people.grid_worker, ANDROID) == "/field/"


@pytest.mark.parametrize("persona", ["station_head", "dispatcher", "leader"])
def test_it_lands_desk_work_on_the_case_list_even_on_a_phone(client, people, persona):
    assert landing(client, getattr(people, persona), IPHONE) == "/cases/"


def test_it_lands_field_workers_on_the_case_list_at_a_desk(client, people):
    assert landing(client, people.grid_worker, DESKTOP) == "/cases/"


def test_it_trusts_the_mobile_client_hint(client, people):
    client.force_login(people.handler)
    response = client.get("/start/", HTTP_USER_AGENT=DESKTOP, HTTP_SEC_CH_UA_MOBILE="?1")
    assert response["Location"] == "/field/"


def test_it_keeps_the_next_address_asked_for(client, people):
    response = client.post(
        "/login/?next=/notifications/",
        {"username": people.grid_worker.username, "password": DEMO_PASSWORD},
        HTTP_USER_AGENT=IPHONE,
    )
    assert response["Location"] == "/notifications/"


def test_it_sends_a_signed_out_visitor_to_the_login(client):
    response = client.get("/start/", HTTP_USER_AGENT=IPHONE)
    assert response["Location"].startswith("/login/")
