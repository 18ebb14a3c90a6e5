"""The database itself refuses to change or remove history, whoever asks and however."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from civicgrid.audit import triggers
from civicgrid.audit.log import log
from civicgrid.audit.models import AuditEntry, Kind
from civicgrid.cases.models import Case, CaseEvent, ContactView
from civicgrid.cases.services import reveal_phone
from civicgrid.cases.tests.helpers import new_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(city, people):
    """One row of each append-only table."""
    case = new_case(city)
    reveal_phone(case=case, user=people.dispatcher)
    log(Kind.EXPORT, actor=people.dispatcher, target="cases", rows=1)
    return {
        CaseEvent: case.events.get(),
        ContactView: ContactView.objects.get(case=case),
        AuditEntry: AuditEntry.objects.latest("pk"),
    }


def refused(statement):
    text = "只能追加：已写入的记录不可修改或删除"
    with pytest.raises(IntegrityError, match=text), transaction.atomic():
        statement()


@pytest.mark.parametrize("model", [CaseEvent, ContactView, AuditEntry], ids=lambda m: m.__name__)
def test_it_refuses_a_queryset_update_or_delete(rows, model):
    row = rows[model]
    refused(lambda: model.objects.filter(pk=row.pk).update(digest="0" * 64))
    refused(lambda: model.objects.filter(pk=row.pk).delete())
    assert model.objects.filter(pk=row.pk, digest=row.digest).exists()


@pytest.mark.parametrize("model", [CaseEvent, ContactView, AuditEntry], ids=lambda m: m.__name__)
def test_it_refuses_raw_sql(rows, model):
    table, pk = model._meta.db_table, rows[model].pk

    def run(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql, [pk])

    refused(lambda: run(f"UPDATE {table} SET seq = seq + 1000 WHERE id = %s"))
    refused(lambda: run(f"DELETE FROM {table} WHERE id = %s"))
    assert model.objects.filter(pk=pk, seq=rows[model].seq).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_it_refuses_to_truncate_the_history(rows):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # else: "pending trigger events"
        refused(lambda: cursor.execute("TRUNCATE cases_caseevent CASCADE"))
    assert CaseEvent.objects.filter(pk=rows[CaseEvent].pk).exists()


def test_a_case_with_history_cannot_be_deleted(rows):
    case = rows[CaseEvent].case
    with pytest.raises(ProtectedError):
        Case.objects.filter(pk=case.pk).delete()
    assert CaseEvent.objects.filter(case=case).exists()


def test_a_new_row_is_still_written(rows, people):
    before = ContactView.objects.count()
    reveal_phone(case=rows[CaseEvent].case, user=people.dispatcher)
    assert ContactView.objects.count() == before + 1


def test_every_column_is_sealed():
    for model in (CaseEvent, ContactView, AuditEntry):
        columns = {f.attname for f in model._meta.concrete_fields} - {"id", "seq", "digest"}
        assert set(model.chain_fields) == columns, model


def test_migrate_puts_back_triggers_a_table_rebuild_dropped():
    triggers.drop(connection, ("cases_contactview",))
    assert triggers.missing(connection)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    assert triggers.missing(connection) == []
