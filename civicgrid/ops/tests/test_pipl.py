"""个人信息保护法: a resident's copy of their data, its erasure, and the retention schedule."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from civicgrid.audit.models import AuditEntry, Kind
from civicgrid.cases import workflow as wf
from civicgrid.cases.choices import Status
from civicgrid.cases.models import Case
from civicgrid.cases.tests.helpers import new_case, walk_to
from civicgrid.intake.tests.helpers import track_url
from civicgrid.notify.models import Message
from civicgrid.notify.outbox import deliver_pending
from civicgrid.ops import pipl
from civicgrid.ops.tasks import apply_retention as retention_task
from civicgrid.ops.tests.test_checks import deploy_check

pytestmark = pytest.mark.django_db
PHONE = "13812345678"
OTHER = "13900001111"


def export(**options) -> dict:
    out = io.StringIO()
    call_command("pipl_export", stdout=out, stderr=io.StringIO(), **options)
    return json.loads(out.getvalue())


def stored(case, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM cases_case WHERE id = %s", [case.pk])
        return cursor.fetchone()[0]


@pytest.fixture
def resident(city, people):
    """Two reports by one resident (one handled, closed and rated), one by a neighbour."""
    first = walk_to(
        new_case(
            city, reporter_name="王阿姨", description="我家楼下垃圾堆了三天，电话 138 1234 5678"
        ),
        people,
        Status.CLOSED,
    )
    wf.rate(case=first, actor=None, score=2, comment="王阿姨觉得太慢")
    second = new_case(
        city, reporter_phone="+86 138-1234-5678", description="=HYPERLINK(1) 路灯不亮"
    )
    neighbour = new_case(city, reporter_name="李四", reporter_phone=OTHER)
    deliver_pending()
    return first, second, neighbour


def test_a_resident_gets_everything_held_on_them_and_nothing_of_others(resident):
    first, second, neighbour = resident
    data = export(phone="138 1234 5678")
    assert [c["code"] for c in data["cases"]] == [first.code, second.code]
    case = data["cases"][0]
    assert case["reporter_name"] == "王阿姨" and case["reporter_phone"] == PHONE
    assert "垃圾堆了三天" in case["description"] and case["lng"] == first.lng
    assert case["rating"] == 2 and {p["kind"] for p in case["photos"]} == {"处置后"}
    assert [e["action"] for e in case["timeline"]][:2] == ["上报", "受理立案"]
    assert {m["case"] for m in data["messages"]} == {first.code, second.code}
    assert all(m["to"] == PHONE and "k=***" in m["text"] for m in data["messages"])
    assert neighbour.code not in json.dumps(data) and "李四" not in json.dumps(data)
    entry = AuditEntry.objects.get(kind=Kind.PII_EXPORT)
    assert entry.target == "138****5678" and entry.data["cases"] == [first.code, second.code]
    assert PHONE not in json.dumps(entry.data)


def test_the_excel_copy_writes_what_residents_typed_as_text(resident, tmp_path):
    path = tmp_path / "copy.xlsx"
    call_command("pipl_export", phone=PHONE, out=str(path), stderr=io.StringIO())
    with zipfile.ZipFile(path) as book:
        sheets = [book.read(n).decode() for n in book.namelist() if n.startswith("xl/worksheets/")]
        strings = book.read("xl/sharedStrings.xml").decode()
    assert "=HYPERLINK(1) 路灯不亮" in strings and "王阿姨" in strings
    assert not any("<f>" in sheet for sheet in sheets)  # no cell is a formula
    assert AuditEntry.objects.get(kind=Kind.PII_EXPORT).data["format"] == "xlsx"


def test_a_bad_number_is_refused_in_chinese(city):
    with pytest.raises(CommandError, match="11 位手机号码"):
        export(phone="12345")
    assert not AuditEntry.objects.filter(kind=Kind.PII_EXPORT).exists()


def test_erasure_removes_the_resident_and_keeps_the_cases_anonymised(client, people, resident):
    first, second, neighbour = resident
    out = io.StringIO()
    call_command("pipl_erase", phone=PHONE, yes=True, stdout=out)
    assert "已删除 2 件" in out.getvalue()
    for case in (first, second):
        case.refresh_from_db()
        assert (case.reporter_name, case.reporter_phone, stored(case, "reporter_phone")) == (
            "",
        ) * 3
        assert case.anonymised_at is not None and case.status == Case.objects.get(pk=case.pk).status
    assert "138" not in first.description and "***" in first.description
    assert "王阿姨" not in first.rating_comment
    assert round(first.lng, 3) == first.lng and first.grid_id is not None  # about 100 m
    assert not Message.objects.filter(case__in=[first, second]).exists()
    assert Message.objects.filter(case=neighbour).exists()
    assert export(phone=PHONE)["cases"] == []
    assert Case.objects.get(pk=neighbour.pk).reporter_name == "李四"
    page = client.get(track_url(first)).content.decode()
    assert "垃圾堆了三天" in page and "1234" not in page  # still on the public record
    # The report event keeps the text as typed (the history is append-only); not shown.
    client.force_login(people.dispatcher)
    page = client.get(f"/cases/{first.code}/").content.decode()
    assert "垃圾堆了三天" in page and "1234 5678" not in page  # (the nav says "12345 工单")
    entry = AuditEntry.objects.get(kind=Kind.PII_ERASE)
    assert entry.target == "138****5678" and sorted(entry.data["cases"]) == sorted(
        [first.code, second.code]
    )


def test_erasure_asks_before_it_deletes(resident, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda question: "n")
    with pytest.raises(CommandError, match="已取消"):
        call_command("pipl_erase", phone=PHONE, stdout=io.StringIO())
    assert Case.objects.with_phone(PHONE).count() == 2


def _ended(case, years_ago: float, field="closed_at"):
    at = timezone.now() - timedelta(days=365.25 * years_ago)
    Case.objects.filter(pk=case.pk).update(**{field: at})


def test_retention_anonymises_only_cases_ended_longer_ago_than_the_setting(city, people, settings):
    settings.CIVICGRID_RETENTION_CONTACT_YEARS = 3
    old = walk_to(new_case(city, reporter_name="王阿姨"), people, Status.CLOSED)
    recent = walk_to(new_case(city, reporter_name="张三"), people, Status.CLOSED)
    rejected = new_case(city, reporter_name="赵六")
    wf.reject(case=rejected, actor=people.dispatcher, reason="不属于城管职责")
    still_open = new_case(city, reporter_name="李四")
    _ended(old, 3.1)
    _ended(recent, 2.9)
    _ended(rejected, 3.1, "reported_at")
    _ended(still_open, 5, "reported_at")
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "匿名化案件 2 件" in out.getvalue()
    names = dict(Case.objects.values_list("pk", "reporter_name"))
    assert names[old.pk] == names[rejected.pk] == ""
    assert names[recent.pk] == "张三" and names[still_open.pk] == "李四"
    entry = AuditEntry.objects.get(kind=Kind.RETENTION)
    assert entry.data["anonymised"] == 2 and entry.data["contact_years"] == 3
    assert pipl.apply_retention()["anonymised"] == 0  # done once
    settings.CIVICGRID_RETENTION_CONTACT_YEARS = 0  # 0 keeps contact data
    _ended(recent, 10)
    assert pipl.apply_retention()["anonymised"] == 0


def test_retention_deletes_text_messages_past_their_days(city, settings):
    settings.CIVICGRID_RETENTION_MESSAGES_DAYS = 180
    old, fresh = new_case(city), new_case(city)
    deliver_pending()
    Message.objects.filter(case=old).update(created_at=timezone.now() - timedelta(days=181))
    assert retention_task.call()["messages"] == 1  # what serve enqueues every day
    assert list(Message.objects.values_list("case", flat=True)) == [fresh.pk]
    assert AuditEntry.objects.get(kind=Kind.RETENTION).username == "系统"


def test_the_audit_log_must_be_kept_at_least_half_a_year(settings):
    settings.CIVICGRID_RETENTION_AUDIT_YEARS = 0.25
    assert "RETENTION_AUDIT_YEARS 不得少于 0.5" in deploy_check()
    settings.CIVICGRID_RETENTION_AUDIT_YEARS = 0.5
    assert "RETENTION_AUDIT_YEARS" not in deploy_check()


def test_retention_blanks_the_enforcement_party_of_an_old_case_and_keeps_the_measure(
    city, people, settings
):
    from civicgrid.cases import workflow as wf
    from civicgrid.cases.enforcement.models import Enforcement
    from civicgrid.cases.tests.enforcement_helpers import enforced, officer

    settings.CIVICGRID_RETENTION_CONTACT_YEARS = 3
    cases = []
    for grid in (0, 1):
        case = enforced(city, people, grid=grid)
        wf.measure(case=case, actor=officer(city), measure="educate", note="已劝导收摊")
        wf.verify(case=case, actor=people.grid_worker)
        wf.close(case=case, actor=people.dispatcher)
        cases.append(case)
    old, recent = cases
    _ended(old, 4)
    assert pipl.apply_retention()["anonymised"] == 1
    gone = Enforcement.objects.get(case=old)
    assert (gone.party_name, gone.party_id_number, gone.party_phone) == ("", "", "")
    assert gone.party_id_digest == "" and Case.objects.get(pk=old.pk).measure == "educate"
    kept = Enforcement.objects.get(case=recent)
    assert kept.party_name == "老王水果店" and kept.party_phone == "13912345678"
