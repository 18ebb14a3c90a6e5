"""Keyset pages of the case list and the API: forward, back, stable, filters kept, no 500."""

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import signing
from django.db import connection
from django.utils import timezone

from civicgrid.cases.choices import Status
from civicgrid.cases.filters import CaseFilter, page_of, parts_for
from civicgrid.cases.models import Case
from civicgrid.cases.tests.helpers import new_case
from civicgrid.lib import keyset

pytestmark = pytest.mark.django_db


def closed(cases):
    """Mark the cases closed, one hour apart, the first the newest."""
    now = timezone.now()
    for i, case in enumerate(cases):
        Case.objects.filter(pk=case.pk).update(
            status=Status.CLOSED,
            due_at=None,
            warn_at=None,
            closed_at=now,
            reported_at=now - timedelta(hours=i + 1),
        )
    return [c.code for c in cases]


def walk(filters, size, direction="next"):
    page = page_of(filters, size=size)
    seen = [[c.code for c in page.rows]]
    while page.has_next:
        page = page_of(filters, cursor=page.next_cursor, size=size)
        seen.append([c.code for c in page.rows])
    back = [[c.code for c in page.rows]]
    while page.has_previous:
        page = page_of(filters, cursor=page.previous_cursor, size=size)
        back.append([c.code for c in page.rows])
    return seen, back[::-1], page


def test_it_walks_forward_and_back_over_every_case_once_in_list_order(city, people):
    cases = [new_case(city) for _ in range(8)]
    closed(cases[5:])  # ended cases come last, newest first
    filters = CaseFilter({}, user=people.dispatcher)
    expected = [c.code for c in filters.results()]
    forward, backward, first = walk(filters, size=3)
    assert [code for page in forward for code in page] == expected
    assert backward == forward and first.number == 1 and not first.has_previous
    # Old ?page=N links: the second page spans both parts (with and without a deadline).
    assert [c.code for c in page_of(filters, number=2, size=4).rows] == expected[4:8]


def test_it_keeps_its_place_when_new_cases_arrive(city, people):
    codes = closed([new_case(city) for _ in range(6)])
    filters = CaseFilter({"status": "closed"}, user=people.dispatcher)
    first = page_of(filters, size=3)
    closed([new_case(city) for _ in range(2)])  # newer than all: they go on top of page one
    Case.objects.filter(code__in=codes[:1]).update(reported_at=timezone.now())
    second = page_of(filters, cursor=first.next_cursor, size=3)
    assert [c.code for c in second.rows] == codes[3:6] and second.number == 2


def test_it_shows_closed_cases_newest_first_with_filters_kept_in_the_pager(client, city, people):
    codes = closed([new_case(city) for _ in range(32)])
    new_case(city)  # open: not in the list
    client.force_login(people.dispatcher)
    page = client.get("/cases/", {"status": "closed"}).content.decode()
    assert codes[0] in page and codes[29] in page and codes[30] not in page
    assert "共 32 件" in page
    link = page.split('rel="next" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    query = parse_qs(urlparse(link).query)
    assert query["status"] == ["closed"] and "page" not in query
    second = client.get("/cases/", {k: v[0] for k, v in query.items()}, HTTP_HX_REQUEST="true")
    text = second.content.decode()
    assert codes[30] in text and codes[31] in text and codes[0] not in text
    assert "第 2 页" in text and 'rel="prev"' in text and 'rel="next"' not in text


def test_it_answers_a_forged_cursor_with_the_first_page_or_a_chinese_error(client, city, people):
    codes = closed([new_case(city) for _ in range(3)])
    client.force_login(people.dispatcher)
    good = page_of(CaseFilter({"status": "closed"}, user=people.dispatcher), size=1).next_cursor
    wrong_shape = signing.dumps({"p": 9, "v": ["x"], "n": 1, "b": False}, salt=keyset.SALT)
    for forged in (good[:-2] + "xx", "abc", wrong_shape):
        page = client.get("/cases/", {"status": "closed", "cursor": forged}, follow=True)
        assert page.status_code == 200
        text = page.content.decode()
        assert "翻页链接无效" in text and codes[0] in text
        api = client.get("/api/v1/cases", {"status": "closed", "cursor": forged})
        assert api.status_code == 422 and "翻页链接无效" in api.json()["detail"]


def test_it_pages_the_api_by_cursor_and_keeps_old_page_links(client, city, people):
    codes = closed([new_case(city) for _ in range(55)])
    client.force_login(people.dispatcher)
    first = client.get("/api/v1/cases", {"status": "closed"}).json()
    assert [c["code"] for c in first["items"]] == codes[:50]
    assert first["total"] == 55 and first["total_capped"] is False and first["has_next"]
    rest = client.get("/api/v1/cases", {"status": "closed", "cursor": first["next_cursor"]})
    assert [c["code"] for c in rest.json()["items"]] == codes[50:]
    assert rest.json()["page"] == 2 and rest.json()["has_previous"]
    old = client.get("/api/v1/cases", {"status": "closed", "page": 2}).json()
    assert [c["code"] for c in old["items"]] == codes[50:]
    past = client.get("/api/v1/cases", {"status": "closed", "page": 99}).json()
    assert past["page"] == 1 and [c["code"] for c in past["items"]] == codes[:50]


def test_it_exports_the_same_filtered_cases(client, city, people):
    closed([new_case(city) for _ in range(4)])
    new_case(city)
    client.force_login(people.dispatcher)
    assert client.get("/cases/export.xlsx", {"status": "closed"})["X-Rows"] == "4"
    assert client.get("/cases/export.xlsx")["X-Rows"] == "5"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's EXPLAIN QUERY PLAN")
@pytest.mark.parametrize(
    "data, index",
    [({"status": "closed"}, "case_status_newest"), ({}, "cases_case_reported_at")],
)
def test_it_reads_the_cases_without_deadline_from_an_index_without_sorting(
    city, people, data, index
):
    # A street dispatcher's cases: the area is tested on the index entries.
    filters = CaseFilter(data, user=people.dispatcher)
    part = parts_for(filters)[-1]
    qs = filters.results().order_by().filter(part.where).order_by(*part.order())[:31]
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " / ".join(row[-1] for row in cursor.fetchall())
    assert index in plan and "TEMP B-TREE FOR ORDER BY" not in plan, plan


def test_it_lists_an_inbox_s_verified_cases_without_deadline_after_the_dated_ones(city, people):
    cases = [new_case(city) for _ in range(5)]
    now = timezone.now()
    for i, case in enumerate(cases[3:]):  # verified: the clock has stopped
        Case.objects.filter(pk=case.pk).update(
            status=Status.VERIFIED, due_at=None, warn_at=None, reported_at=now - timedelta(hours=i)
        )
    filters = CaseFilter({"inbox": "open"}, user=people.dispatcher)
    forward, backward, _first = walk(filters, size=2)
    codes = [c.code for c in cases]
    assert [code for page in forward for code in page] == [
        *[c.code for c in filters.results() if c.due_at is not None],
        codes[3],
        codes[4],
    ]
    assert backward == forward


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's EXPLAIN QUERY PLAN")
def test_it_seeks_an_inbox_s_undated_cases_by_status_not_over_every_case(city, people):
    # 全部在办 of a grid with few cases: walking every case newest first (or every open one
    # with no deadline test on the index) read far more rows than the few verified ones.
    filters = CaseFilter({"inbox": "open"}, user=people.dispatcher)
    part = parts_for(filters)[-1]
    qs = filters.results().order_by().filter(part.where).order_by(*part.order())[:31]
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " / ".join(row[-1] for row in cursor.fetchall())
    assert "due_at=?)" in plan and "cases_case_reported_at" not in plan, plan
