"""`manage.py verify_audit` finds a row edited, removed or moved behind the app's back."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from civicgrid.audit import chain, triggers
from civicgrid.audit.log import log
from civicgrid.audit.models import AuditEntry, Kind
from civicgrid.cases import workflow as wf
from civicgrid.cases.models import CaseEvent, ContactView
from civicgrid.cases.services import reveal_phone
from civicgrid.cases.tests.helpers import new_case
from civicgrid.demo.history import generate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _anchor(tmp_path, settings):
    settings.VAR_DIR = tmp_path  # each test its own anchor file


def verify(anchor=None) -> tuple[int, str]:
    """verify_audit's exit code and output; `anchor` keeps the heads out of the real data
    directory, whose anchor belongs to the developer's own database."""
    out = io.StringIO()
    where = {"anchor": str(anchor)} if anchor else {}
    try:
        call_command("verify_audit", stdout=out, stderr=io.StringIO(), **where)
    except CommandError as exc:
        return exc.returncode, out.getvalue() + str(exc)
    return 0, out.getvalue()


@pytest.fixture
def history(city, people):
    """A case taken through a few steps, its phone seen three times, two audit entries."""
    case = new_case(city)
    wf.accept(case=case, actor=people.dispatcher)
    wf.dispatch(case=case, actor=people.dispatcher)
    wf.comment(case=case, actor=people.dispatcher, note="请尽快处理")
    for _ in range(3):
        reveal_phone(case=case, user=people.dispatcher)
    log(Kind.EXPORT, actor=people.dispatcher, target="cases", query="status=open", rows=3)
    log(Kind.LOGIN_FAILED, username="nobody", target="", ratio=0.5, big=1e20, nested={"b": [1]})
    # Spelled otherwise than PostgreSQL's inet prints it.
    AuditEntry.objects.create(at=timezone.now(), kind=Kind.LOGIN, ip="2001:DB8:0::1")
    return case


def behind_the_back(sql, params=()):
    """What someone with the database in hand can do: lift the triggers, then write."""
    triggers.drop(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    triggers.install(connection)


def test_it_passes_an_untouched_history_and_counts_it(history):
    code, out = verify()
    assert code == 0, out
    total = CaseEvent.objects.count() + ContactView.objects.count() + AuditEntry.objects.count()
    assert f"审计链核对通过：共 {total:,} 条记录" in out


def test_it_finds_an_edited_event(history):
    event = history.events.get(action="accept")
    behind_the_back("UPDATE cases_caseevent SET note = %s WHERE id = %s", ["无问题", event.pk])
    code, out = verify()
    assert code == 1
    assert f"cases_caseevent id={event.pk}：链序号 {event.seq} 的记录被修改" in out
    assert out.count("被修改") == 1  # the rows after it still check out


def test_it_finds_an_edited_audit_entry(history):
    entry = AuditEntry.objects.get(kind=Kind.EXPORT)
    behind_the_back("UPDATE audit_auditentry SET username = 'x' WHERE id = %s", [entry.pk])
    code, out = verify()
    assert code == 1 and f"audit_auditentry id={entry.pk}：链序号 {entry.seq} 的记录被修改" in out


def test_it_finds_a_removed_event(history):
    accept, after = history.events.filter(action__in=["accept", "dispatch"]).order_by("seq")
    behind_the_back("DELETE FROM cases_caseevent WHERE id = %s", [accept.pk])
    code, out = verify()
    assert code == 1
    assert f"cases_caseevent id={after.pk}：链序号 {accept.seq} 的记录被删除" in out


def test_it_finds_the_newest_rows_cut_off_after_an_earlier_check(history):
    assert verify()[0] == 0
    newest = history.events.order_by("seq").last()
    behind_the_back("DELETE FROM cases_caseevent WHERE id = %s", [newest.pk])
    code, out = verify()
    assert code == 1
    assert f"上次核对时的末条记录（链序号 {newest.seq}）已不在链上" in out


def test_it_finds_a_row_rewritten_and_resealed_with_the_key_after_an_earlier_check(history):
    assert verify()[0] == 0
    newest, previous = history.events.order_by("-seq")[:2]
    row = CaseEvent.objects.filter(pk=newest.pk).values(*newest.chain_fields, "seq").get()
    row["note"] = "已妥善处理"
    digest = chain.seal(CaseEvent, previous.digest, row)
    behind_the_back(
        "UPDATE cases_caseevent SET note = %s, digest = %s WHERE id = %s",
        [row["note"], digest, newest.pk],
    )
    code, out = verify()
    assert code == 1 and "被修改" not in out  # the chain itself checks out again
    assert f"链序号 {newest.seq} 与上次核对时的校验值不同" in out


def test_it_finds_rows_put_in_another_order(history):
    first, second, _third = ContactView.objects.order_by("seq")
    behind_the_back(
        "UPDATE cases_contactview SET id = CASE id WHEN %s THEN %s ELSE %s END "
        "WHERE id IN (%s, %s)",
        [first.pk, second.pk + 1000, first.pk, first.pk, second.pk],
    )
    code, out = verify()
    assert code == 1 and "记录顺序被改动" in out


def test_it_reports_a_table_left_unprotected(history):
    triggers.drop(connection, ("cases_contactview",))
    code, out = verify()
    assert code == 1 and "cases_contactview" in out and "缺少只追加触发器" in out


def test_the_demo_history_bulk_insert_keeps_the_chain(city, people):
    new_case(city)  # a row written one by one before the bulk ones
    generate(city, count=120, days=30)
    new_case(city)  # and one after
    code, out = verify()
    assert code == 0, out


def test_a_bulk_create_keeps_the_chain(history, people):
    ContactView.objects.bulk_create(ContactView(case=history, user=people.leader) for _ in range(3))
    code, out = verify()
    assert code == 0, out
