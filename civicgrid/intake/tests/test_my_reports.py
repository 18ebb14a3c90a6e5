"""'My reports': the reports made from this browser."""

import pytest
from django.test import Client

from civicgrid.cases.models import Case
from civicgrid.intake.residents import MY_COOKIE
from civicgrid.intake.tests.helpers import form_data, report_url, track_url

pytestmark = pytest.mark.django_db


def test_it_lists_the_reports_made_from_this_browser_newest_first(client, city):
    client.post(report_url(city), form_data(city, client_key="a", description="第一件垃圾问题"))
    client.post(
        report_url(city), form_data(city, client_key="b", category="", description="路灯不亮")
    )
    first, second = Case.objects.order_by("reported_at")
    page = client.get("/my/").content.decode()
    assert page.index(f'href="/t/{second.code}/"') < page.index(f'href="/t/{first.code}/"')
    assert "路灯" in page
    cookie = client.cookies[MY_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and int(cookie["max-age"]) > 3e7


def test_it_shows_nothing_to_another_browser(client, city):
    client.post(report_url(city), form_data(city))
    page = Client().get("/my/").content.decode()
    assert Case.objects.get().code not in page and "还没有" in page


def test_it_ignores_a_forged_cookie(client, city):
    client.post(report_url(city), form_data(city))
    code = Case.objects.get().code
    forger = Client()
    forger.cookies[MY_COOKIE] = code
    assert code not in forger.get("/my/").content.decode()


def test_it_adds_a_case_opened_from_the_reporters_link(client, city):
    client.post(report_url(city), form_data(city))
    case = Case.objects.get()
    other_browser = Client()
    other_browser.get(track_url(case, key=True))
    assert case.code in other_browser.get("/my/").content.decode()
