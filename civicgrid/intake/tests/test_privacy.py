"""Nobody outside the case's scope reads a resident's phone number, anywhere."""

import pytest
from django.test import Client
from django.urls import reverse

from civicgrid.cases import workflow as wf
from civicgrid.cases.models import Case, ContactView
from civicgrid.intake.tests.helpers import PHONE, act_url, form_data, report_url, track_url

pytestmark = pytest.mark.django_db
SECRETS = (PHONE, PHONE[3:7], "138****5678")  # the number, its middle digits, even masked


def reported(client, city):
    client.post(report_url(city), form_data(city, reporter_name="王阿姨"))
    return Case.objects.get()


def assert_no_phone(text):
    for secret in SECRETS:
        assert secret not in text


def test_it_keeps_the_phone_off_every_resident_page(client, city, people):
    case = reported(client, city)
    stranger = Client(REMOTE_ADDR="10.3.3.3")
    nearby = reverse("intake:nearby", kwargs={"community_code": city.communities[0].code})
    pages = [
        client.get(track_url(case)),  # even the reporter's own page does not echo it
        client.get("/my/"),
        stranger.get(track_url(case)),
        stranger.get("/my/"),
        stranger.get(nearby, {"category": case.category.pk, "lng": case.lng, "lat": case.lat}),
    ]
    stranger.post(act_url(case, "support"), {"note": "+1"})
    pages.append(stranger.get(track_url(case)))
    for response in pages:
        assert response.status_code == 200
        assert_no_phone(response.content.decode())
        assert "王阿姨" not in response.content.decode()


def test_it_answers_404_to_staff_outside_the_cases_scope(client, city, people):
    case = reported(client, city)
    for outsider in (people.outsider, people.neighbour, people.other_handler):
        staff = Client()
        staff.force_login(outsider)
        detail = staff.get(reverse("cases:case-detail", kwargs={"code": case.code}))
        phone = staff.post(reverse("cases:case-phone", kwargs={"code": case.code}), follow=True)
        assert detail.status_code == 404 and phone.status_code == 404
        assert_no_phone(detail.content.decode() + phone.content.decode())
    assert not ContactView.objects.exists()


def test_it_shows_staff_in_scope_only_the_masked_number(client, city, people):
    case = reported(client, city)
    staff = Client()
    staff.force_login(people.dispatcher)
    wf.accept(case=case, actor=people.dispatcher)
    page = staff.get(reverse("cases:case-detail", kwargs={"code": case.code})).content.decode()
    assert "138****5678" in page and PHONE not in page
    worker = Client()
    worker.force_login(people.grid_worker)  # in scope, but may not reveal the number
    response = worker.post(reverse("cases:case-phone", kwargs={"code": case.code}))
    assert response.status_code == 403 and not ContactView.objects.exists()
