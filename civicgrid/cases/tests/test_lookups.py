"""among(): constant codes written into the SQL, so SQLite can match a partial index."""

import pytest
from django.db import connection

from civicgrid.cases.choices import Status
from civicgrid.cases.models import Case
from civicgrid.lib.lookups import among

pytestmark = pytest.mark.django_db


def test_it_selects_the_same_rows_as_a_bound_in():
    Case.objects.bulk_create(
        [Case(code=f"AMONG{i:011d}", channel="web", status=s) for i, s in enumerate(Status)]
    )
    wanted = (Status.REPORTED, Status.HANDLED)
    assert sorted(Case.objects.filter(among("status", wanted)).values_list("code", flat=True)) == (
        sorted(Case.objects.filter(status__in=wanted).values_list("code", flat=True))
    )


def test_it_refuses_anything_but_a_code():
    with pytest.raises(ValueError):
        list(Case.objects.filter(among("status", ["closed' OR 1=1 --"])))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's partial index rule")
def test_it_writes_open_cases_as_the_open_case_index_condition_reads():
    # SQLite uses case_open_deadline only for a query holding its condition term as written.
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'case_open_deadline'")
        condition = cursor.fetchone()[0].split(" WHERE ", 1)[1]
    sql, params = Case.objects.open().query.sql_with_params()
    assert condition.replace('"status"', '"cases_case"."status"') in sql % params, (condition, sql)
