"""What a client sees of the rate limits: 429 with Retry-After, and +1 counted once per address."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from civicgrid.cases.models import Case
from civicgrid.cases.tests.helpers import new_case
from civicgrid.intake.tests.helpers import act_url, form_data, report_url

pytestmark = pytest.mark.django_db


def test_a_refused_report_says_when_to_come_back(client, city, settings):
    settings.CIVICGRID_RATE_REPORTS_PER_IP_HOUR = 2
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for k in range(2):
            client.post(report_url(city), form_data(city, client_key=f"r-{k}", reporter_phone=""))
    with time_machine.travel(start + timedelta(seconds=100), tick=False):
        response = client.post(report_url(city), form_data(city, client_key="r-3"))
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()
    assert response["Retry-After"] == str(3600 - 100)
    assert Case.objects.count() == 2


def test_a_refused_action_is_a_429_that_says_when_to_come_back(city, settings):
    settings.CIVICGRID_RATE_ACTIONS_PER_IP_HOUR = 1
    first, second = new_case(city), new_case(city)
    neighbour = Client(REMOTE_ADDR="10.2.2.3")
    assert neighbour.post(act_url(first, "support")).status_code == 302
    response = neighbour.post(act_url(second, "support"))
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()
    assert 0 < int(response["Retry-After"]) <= 3600
    assert f"/t/{second.code}/" in response.content.decode()  # a way back to the case
    assert Case.objects.get(pk=second.pk).supporter_count == 0


def test_one_address_adds_one_plus_one_a_day_however_often_it_drops_its_cookie(city):
    case = new_case(city)
    for _ in range(30):
        Client(REMOTE_ADDR="10.3.3.3").post(act_url(case, "support"))  # a fresh cookie jar
    assert Case.objects.get(pk=case.pk).supporter_count == 1
    Client(REMOTE_ADDR="10.3.3.4").post(act_url(case, "support"))
    assert Case.objects.get(pk=case.pk).supporter_count == 2
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        Client(REMOTE_ADDR="10.3.3.3").post(act_url(case, "support"))  # a neighbour behind it
    assert Case.objects.get(pk=case.pk).supporter_count == 3


def test_a_repeated_plus_one_from_the_same_address_is_told_it_was_counted(city):
    case = new_case(city)
    Client(REMOTE_ADDR="10.3.3.5").post(act_url(case, "support"))
    again = Client(REMOTE_ADDR="10.3.3.5").post(act_url(case, "support"), follow=True)
    assert "您已反映过这个问题" in again.content.decode()


def test_a_refused_plus_one_does_not_spend_the_hourly_action_limit(city, settings):
    settings.CIVICGRID_RATE_ACTIONS_PER_IP_HOUR = 2
    first, second = new_case(city), new_case(city)
    for _ in range(5):
        Client(REMOTE_ADDR="10.3.3.7").post(act_url(first, "support"))
    assert Client(REMOTE_ADDR="10.3.3.7").post(act_url(second, "support")).status_code == 302
    assert Case.objects.get(pk=second.pk).supporter_count == 1
