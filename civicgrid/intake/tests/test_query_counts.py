"""The hot pages' queries, counted exactly and never one asked twice: a new query on the
report, the tracking page or the staff list has to be a choice, made by changing a number here.
"""

from collections import Counter

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from civicgrid.cases.tests.helpers import new_case
from civicgrid.intake.tests.helpers import form_data, report_url, track_url
from civicgrid.intake.tests.test_track import closed_case

pytestmark = pytest.mark.django_db


def queries(call) -> tuple[object, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = call()
    return response, [q["sql"] for q in captured.captured_queries]


def repeated(sql: list[str]) -> list[str]:
    """Statements sent more than once, savepoints and transaction control aside."""
    control = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT")
    return [s for s, n in Counter(sql).items() if n > 1 and not s.startswith(control)]


def test_a_report_takes_its_queries_once_each(client, city, settings):
    settings.CIVICGRID_RATE_REPORTS_PER_IP_HOUR = 10
    settings.CIVICGRID_RATE_REPORTS_PER_PHONE_DAY = 10
    client.post(report_url(city), form_data(city, client_key="first"))  # warm the caches
    url, data = report_url(city), form_data(city, client_key="second")
    response, sql = queries(lambda: client.post(url, data))
    assert response.status_code == 302
    # community, class, rate limits, then in one transaction: case, its search tokens, chain
    # head, event, outbox, the community's daily count; PostgreSQL also takes the event chain's
    # advisory lock (SQLite's BEGIN IMMEDIATE holds it)
    assert len(sql) == 11 + (connection.vendor == "postgresql"), sql
    assert not any('"client_key" =' in s for s in sql)  # found by the insert, not a SELECT
    assert not repeated(sql)


def test_a_repeated_report_finds_its_case_without_a_new_one(client, city):
    url, data = report_url(city), form_data(city)
    client.post(url, data)
    response, sql = queries(lambda: client.post(url, data))
    assert response.status_code == 302 and not repeated(sql)


def test_the_tracking_page_of_an_open_case_takes_two_queries(city):
    case = new_case(city)
    Client().get(track_url(case))  # warm the caches
    response, sql = queries(lambda: Client().get(track_url(case)))
    assert response.status_code == 200
    assert len(sql) == 2, sql  # the case with its class, its public events
    assert not repeated(sql)


def test_the_tracking_page_of_a_closed_case_adds_its_public_photos(city, people):
    case = closed_case(city, people)
    response, sql = queries(lambda: Client().get(track_url(case)))
    assert response.status_code == 200 and "处置前后对比" in response.content.decode()
    assert len(sql) == 3, sql
    assert not repeated(sql)


def test_the_reporters_own_tracking_page_takes_three_queries(client, city):
    response = client.post(report_url(city), form_data(city))
    response, sql = queries(lambda: client.get(response["Location"]))
    assert response.status_code == 200 and "反映成功" in response.content.decode()
    assert len(sql) == 3, sql  # the case, all its photos, its public events
    assert not repeated(sql)


def test_the_staff_list_takes_eight_queries(client, city, people):
    for _ in range(12):
        new_case(city)
    client.force_login(people.dispatcher)
    url = reverse("cases:case-list") + "?inbox=open"
    client.get(url)  # warm the caches
    response, sql = queries(lambda: client.get(url))
    assert response.status_code == 200 and response.content.decode().count('name="codes"') == 12
    # session, user, grants, inbox counts, the page of cases in two parts (those with a deadline,
    # then, as they run short, those without: cases/filters.py), the bell, the header's name
    assert len(sql) == 8, sql
    assert not repeated(sql)
