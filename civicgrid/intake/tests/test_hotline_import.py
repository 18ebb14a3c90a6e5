"""Importing a 12345 ledger: idempotent by order number, changed rows updated, bad rows listed."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from python_calamine import CalamineWorkbook

from civicgrid.cases.choices import Channel, RequestType
from civicgrid.cases.models import Case, CaseEvent
from civicgrid.demo.city import HOTLINE_SOURCE
from civicgrid.intake import hotline
from civicgrid.intake.models import HotlineImport, HotlineOrder, HotlineSource, ImportStatus
from civicgrid.intake.tests.ledgers import HEADER, order, write_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(city):
    return HotlineSource.objects.get(name=HOTLINE_SOURCE)


def _import(path, source, actor):
    with open(path, "rb") as f:
        upload = SimpleUploadedFile("台账.xlsx", f.read())
    imp = hotline.start(source=source, upload=upload, actor=actor)
    hotline.run(imp)
    imp.refresh_from_db()
    return imp


def _error_rows(imp):
    from django.core.files.storage import default_storage

    with default_storage.open(imp.errors_file, "rb") as f:
        return (
            CalamineWorkbook.from_filelike(io.BytesIO(f.read())).get_sheet_by_index(0).to_python()
        )


def test_it_opens_one_case_per_order_and_reimporting_creates_nothing(source, people, tmp_path):
    path = write_ledger(tmp_path / "a.xlsx", [order(i) for i in range(1, 21)])
    imp = _import(path, source, people.dispatcher)
    assert imp.status == ImportStatus.DONE
    assert (imp.total, imp.created, imp.failed, imp.unplaced) == (20, 20, 0, 0)
    case = HotlineOrder.objects.get(number="GZ202600000003").case
    assert case.channel == Channel.HOTLINE
    assert case.reporter_phone == "13907970003" and case.reporter_name == "王先生"
    assert case.grid is not None  # 西津路7号 is in the standard address table
    assert case.lng is not None
    assert case.description.startswith("垃圾清运：西津路7号门口")
    event = case.events.get(action="report")
    assert event.data["details"]["number"] == "GZ202600000003"
    assert event.data["details"]["hotline_due"].startswith("2026-11-05T18:00")
    assert "13907970003" not in str(event.data)
    cases, events = Case.objects.count(), CaseEvent.objects.count()
    again = _import(path, source, people.dispatcher)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 20)
    assert (Case.objects.count(), CaseEvent.objects.count()) == (cases, events)


def test_a_changed_row_updates_its_case_with_one_event(source, people, tmp_path):
    write_ledger(tmp_path / "a.xlsx", [order(1), order(2)])
    _import(tmp_path / "a.xlsx", source, people.dispatcher)
    changed = order(2, 诉求内容="西津路5号门口垃圾已经堆了一周", 诉求人电话="13800000002")
    write_ledger(tmp_path / "b.xlsx", [order(1), changed])
    imp = _import(tmp_path / "b.xlsx", source, people.dispatcher)
    assert (imp.created, imp.updated, imp.unchanged) == (0, 1, 1)
    case = HotlineOrder.objects.get(number="GZ202600000002").case
    assert case.description == "垃圾清运：西津路5号门口垃圾已经堆了一周"
    assert case.reporter_phone == "13800000002"
    update = case.events.get(action="hotline_update")
    assert update.data == {"fields": ["description", "reporter_phone"]}
    assert update.public is False
    assert Case.objects.filter(description__contains="已经堆了一周").count() == 1


def test_broken_rows_are_listed_with_their_reason_and_good_rows_import(source, people, tmp_path):
    rows = [
        order(1),
        order(2, 诉求主题="", 诉求内容="脏"),  # too short
        order(3, 派发时间="昨天下午"),
        order(4, 办件编号=""),
        order(1),  # the same number again
        order(5, 诉求内容='=HYPERLINK("http://x")西津路3号垃圾很多'),
    ]
    imp = _import(write_ledger(tmp_path / "a.xlsx", rows), source, people.dispatcher)
    assert imp.status == ImportStatus.DONE
    assert (imp.created, imp.failed) == (2, 4)
    sheet = _error_rows(imp)
    assert sheet[0] == [*HEADER, "错误原因"]
    reasons = [r[-1] for r in sheet[1:]]
    assert reasons[0] == "请用至少 4 个字描述问题"
    assert reasons[1].startswith("来电时间无法识别")
    assert reasons[2] == "工单编号为空"
    assert "重复" in reasons[3]
    case = HotlineOrder.objects.get(number="GZ202600000005").case
    assert case.description.startswith("垃圾清运：=HYPERLINK")  # kept as text, never a formula


def test_unplaced_orders_wait_in_the_district_flagged(source, people, city, tmp_path):
    rows = [
        order(1, 诉求内容="某小区门口垃圾堆积多日无人清理"),
        order(2, 诉求内容="赣江街道某路口垃圾很多"),
    ]
    imp = _import(write_ledger(tmp_path / "a.xlsx", rows), source, people.dispatcher)
    assert (imp.created, imp.unplaced) == (2, 2)
    first = HotlineOrder.objects.get(number="GZ202600000001")
    assert first.placed is False and first.case.area_path == city.county.path
    second = HotlineOrder.objects.get(number="GZ202600000002")
    assert second.placed is False and second.case.area_path == city.streets[1].path


def test_request_type_and_class_come_from_the_ledger(source, people, tmp_path):
    header = [*HEADER, "诉求类型"]
    rows = [order(1, 诉求类型="咨询", 事项小类="暴露垃圾"), order(2, 诉求类型="")]
    imp = _import(write_ledger(tmp_path / "a.xlsx", rows, header), source, people.dispatcher)
    assert imp.created == 2
    first = HotlineOrder.objects.get(number="GZ202600000001").case
    assert first.request_type == RequestType.CONSULT
    second = HotlineOrder.objects.get(number="GZ202600000002").case
    assert second.request_type == RequestType.COMPLAINT


def test_a_file_that_is_not_excel_or_too_big_is_refused_before_it_is_stored(
    source, people, settings
):
    with pytest.raises(hotline.Refused, match="不是 Excel"):
        hotline.start(
            source=source,
            upload=SimpleUploadedFile("a.xlsx", b"hello,world\n"),
            actor=people.dispatcher,
        )
    settings.CIVICGRID_HOTLINE_MAX_MB = 1
    big = SimpleUploadedFile("a.xlsx", b"PK\x03\x04" + b"0" * (2 * 1024 * 1024))
    with pytest.raises(hotline.Refused, match="文件过大"):
        hotline.start(source=source, upload=big, actor=people.dispatcher)
    assert not HotlineImport.objects.exists()


def test_a_zip_that_is_no_workbook_or_lacks_columns_is_refused_whole(source, people, tmp_path):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    imp = hotline.start(
        source=source,
        upload=SimpleUploadedFile("a.xlsx", buffer.getvalue()),
        actor=people.dispatcher,
    )
    hotline.run(imp)
    assert imp.status == ImportStatus.REFUSED and "无法读取" in imp.message
    path = write_ledger(tmp_path / "a.xlsx", [order(1)], header=["序号", "诉求人"])
    imp = _import(path, source, people.dispatcher)
    assert imp.status == ImportStatus.REFUSED
    assert imp.message.startswith("缺少必需的列：办件编号、诉求内容")
    assert not Case.objects.filter(channel=Channel.HOTLINE).exists()


def test_the_command_imports_and_reports_its_counts(source, people, tmp_path, capsys):
    path = write_ledger(tmp_path / "a.xlsx", [order(i) for i in range(1, 4)])
    call_command("import_hotline", path, "--source", HOTLINE_SOURCE, "--user", "dispatcher")
    out = capsys.readouterr().out
    assert "3 / 3 行" in out and "新建 3" in out
    call_command("import_hotline", path, "--source", HOTLINE_SOURCE, "--user", "dispatcher")
    assert "新建 0，更新 0，未变化 3" in capsys.readouterr().out
    with pytest.raises(CommandError, match="没有名为"):
        call_command("import_hotline", path, "--source", "不存在")
    with pytest.raises(CommandError, match="不是 Excel"):
        bad = tmp_path / "a.csv"
        bad.write_text("a,b\n")
        call_command("import_hotline", str(bad), "--source", HOTLINE_SOURCE)


def test_a_source_maps_its_own_headers(city, people, tmp_path):
    from django.core.exceptions import ValidationError

    source = HotlineSource(
        name="另一热线",
        area=city.county,
        mapping={"number": "工单号", "description": "内容", "address": "地址"},
    )
    source.full_clean()
    source.save()
    header = ["工单号", "内容", "地址"]
    rows = [{"工单号": "A-1", "内容": "垃圾堆积多日无人清理", "地址": "新赣南路居委会旁"}]
    imp = _import(write_ledger(tmp_path / "a.xlsx", rows, header), source, people.dispatcher)
    assert imp.created == 1
    case = HotlineOrder.objects.get(source=source, number="A-1").case
    assert case.area_path == city.communities[1].path and case.address == "新赣南路居委会旁"
    bad = HotlineSource(name="坏", area=city.county, mapping={"number": "工单号", "colour": "颜色"})
    with pytest.raises(ValidationError):
        bad.full_clean()
