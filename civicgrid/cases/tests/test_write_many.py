"""report() is prepare() + write(); an import writes many prepared reports with write_many()."""

import inspect
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from civicgrid.audit.chain import walk
from civicgrid.cases import services
from civicgrid.cases.models import Case, CaseEvent, CaseTally
from civicgrid.cases.search import matching
from civicgrid.cases.tallies import community_path

pytestmark = pytest.mark.django_db


def test_prepare_takes_exactly_the_arguments_of_report():
    assert inspect.signature(services.prepare) == inspect.signature(services.report).replace(
        return_annotation=inspect.signature(services.prepare).return_annotation
    )


def _fields(case: Case) -> dict:
    skip = {"id", "code", "reported_at", "accept_due", "due_at", "warn_at", "reporter_phone_digest"}
    return {
        f.attname: getattr(case, f.attname)
        for f in Case._meta.concrete_fields
        if f.attname not in skip
    }


def test_write_many_writes_what_report_writes(city, people):
    grid = city.grids[0]
    kwargs = {
        "channel": "hotline",
        "description": "西津路1号门口垃圾堆积多日无人清理",
        "grid": grid,
        "reporter_name": "王先生",
        "reporter_phone": "13907970001",
        "details": {"number": "GZ1"},
        "actor": people.dispatcher,
    }
    one = services.report(**kwargs)
    tally_before = CaseTally.objects.get(community_path=community_path(grid.path)).reported
    many = services.write_many([services.prepare(**kwargs) for _ in range(3)])
    for case in many:
        stored = Case.objects.get(pk=case.pk)
        assert _fields(stored) == _fields(Case.objects.get(pk=one.pk))
        assert stored.reporter_phone == "13907970001"  # encrypted and read back
        event = stored.events.get()
        first = one.events.get()
        assert (event.action, event.actor, event.note, event.data) == (
            first.action,
            first.actor,
            first.note,
            first.data,
        )
    assert (
        CaseTally.objects.get(community_path=community_path(grid.path)).reported == tally_before + 3
    )
    assert set(matching(Case.objects.all(), "西津路1号").values_list("pk", flat=True)) == {
        one.pk,
        *(c.pk for c in many),
    }
    findings: list = []
    walk(CaseEvent, findings)
    assert findings == []
    assert services.report(**kwargs).pk > max(c.pk for c in many)  # the ids were reserved


@pytest.mark.parametrize("micro", [0, 123456])
def test_write_many_stores_moments_as_report_stores_them(city, people, micro):
    """The import writes datetimes through its own SQLite adapter: the stored text, and the
    moment read back, are report()'s to the microsecond, whatever zone the moment came in."""
    at = datetime(2026, 3, 2, 17, 5, 9, micro, tzinfo=ZoneInfo("Asia/Shanghai"))
    kwargs = {"channel": "hotline", "description": "西津路1号门口垃圾堆积", "at": at}
    kwargs |= {"grid": city.grids[0], "actor": people.dispatcher}
    one = services.report(**kwargs)
    [many] = services.write_many([services.prepare(**kwargs)])
    columns = "reported_at, accept_due, due_at, warn_at"
    with connection.cursor() as cursor:
        rows = []
        for case in (one, many):
            cursor.execute(f"SELECT {columns} FROM cases_case WHERE id = %s", [case.pk])
            rows.append(cursor.fetchone())
    assert rows[0] == rows[1]
    stored = Case.objects.get(pk=many.pk)
    assert stored.reported_at == at and stored.events.get().at == at
