"""A station head records a volunteer's service on a phone; the registry, the trainings and
the dispatcher's inbox with a supervisor's report at the desk. Screenshots go to
/tmp/shots-volunteers."""

from pathlib import Path

import pytest

from civicgrid.lib.tests.browser import DESK, PHONE, open_menu_link, signed_in
from civicgrid.volunteers import demo
from civicgrid.volunteers.choices import PersonStatus
from civicgrid.volunteers.models import PointEntry, Volunteer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots-volunteers")


@pytest.fixture
def seeded(city):
    SHOTS.mkdir(exist_ok=True)
    return demo.seed(city)


def test_a_head_records_service_on_a_phone(browser, live_server, city, people, seeded):  # noqa: F811
    head = people.station_head
    person = Volunteer.objects.filter(
        community=city.communities[0], status=PersonStatus.ACTIVE, kind="volunteer"
    ).first()
    page = signed_in(browser, live_server, head.username, PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{live_server.url}/volunteers/")
    page.screenshot(path=str(SHOTS / "phone-list.png"), full_page=True)
    page.goto(f"{live_server.url}/volunteers/{person.pk}/")
    before = PointEntry.objects.filter(volunteer=person).count()
    page.fill("#id_title", "文明劝导：占道经营")
    page.select_option("#id_kind", "service")
    page.fill("#id_hours", "2")
    with page.expect_navigation():
        page.click("#activity-submit")
    page.screenshot(path=str(SHOTS / "phone-volunteer.png"), full_page=True)
    assert PointEntry.objects.filter(volunteer=person).count() == before + 1
    page.screenshot(path=str(SHOTS / "phone-volunteer.png"), full_page=True)
    page.goto(f"{live_server.url}/volunteers/apply/{city.communities[0].code}/")
    page.screenshot(path=str(SHOTS / "phone-apply.png"), full_page=True)


def test_the_desk_pages_and_the_marked_inbox(browser, live_server, city, people, seeded):  # noqa: F811
    page = signed_in(browser, live_server, people.dispatcher.username, DESK)
    page.goto(f"{live_server.url}/cases/?inbox=to_accept&supervisor=on")
    assert page.locator(".badge.supervisor").count() == 2
    page.screenshot(path=str(SHOTS / "desk-inbox.png"), full_page=True)
    open_menu_link(page, "志愿者与监督员")
    page.wait_for_selector("#volunteers")
    page.screenshot(path=str(SHOTS / "desk-list.png"), full_page=True)
    page.goto(f"{live_server.url}/volunteers/ranking/")
    page.screenshot(path=str(SHOTS / "desk-ranking.png"), full_page=True)
    page.goto(f"{live_server.url}/volunteers/trainings/")
    assert page.locator("#training-stations tbody tr").count() >= 2
    page.screenshot(path=str(SHOTS / "desk-trainings.png"), full_page=True)
    page.locator("#trainings a").first.click()
    page.wait_for_selector("#attendee-form")
    page.screenshot(path=str(SHOTS / "desk-training.png"), full_page=True)
