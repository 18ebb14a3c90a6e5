"""The hotline staff pages: upload and progress, error file, feedback, unplaced queue, scope."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from civicgrid.cases import workflow
from civicgrid.cases.choices import Status
from civicgrid.demo.city import HOTLINE_SOURCE
from civicgrid.demo.photos import photo
from civicgrid.intake import hotline
from civicgrid.intake.models import HotlineImport, HotlineOrder, HotlineSource, ImportStatus
from civicgrid.intake.tests.ledgers import order, write_ledger

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def district(city):
    return HotlineSource.objects.get(name=HOTLINE_SOURCE)


@pytest.fixture
def boss(city):
    return city.users["dispatcher"]  # the district dispatcher


def _xlsx(tmp_path, rows, name="台账.xlsx"):
    path = write_ledger(tmp_path / "ledger.xlsx", rows)
    with open(path, "rb") as f:
        return SimpleUploadedFile(name, f.read())


def _run(source, upload, actor):
    imp = hotline.start(source=source, upload=upload, actor=actor)
    hotline.run(imp)
    return imp


def _sheet(response):
    data = b"".join(response.streaming_content)
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def test_it_uploads_runs_in_the_background_and_shows_progress(
    client, boss, district, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    client.force_login(boss)
    page = client.get(reverse("intake:hotline-list"))
    assert page.status_code == 200 and "上传热线台账" in page.content.decode()
    rows = [order(1), order(2, 派发时间="不是时间")]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("intake:hotline-list"),
            {"source": district.pk, "file": _xlsx(tmp_path, rows)},
        )
    imp = HotlineImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:hotline-detail", args=[imp.pk])
    progress = client.get(reverse("intake:hotline-progress", args=[imp.pk])).json()
    assert progress["finished"] and progress["percent"] == 100
    assert progress["counts"] == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "unplaced": 0,
        "failed": 1,
    }
    detail = client.get(reverse("intake:hotline-detail", args=[imp.pk])).content.decode()
    assert "下载错误明细" in detail and imp.file_name == "台账.xlsx"
    errors = client.get(reverse("intake:hotline-errors", args=[imp.pk]))
    sheet = _sheet(errors)
    assert sheet[1][1] == "GZ202600000002" and sheet[1][-1].startswith("来电时间无法识别")


def test_a_bad_upload_is_refused_with_a_message(client, boss, district, settings):
    client.force_login(boss)
    url = reverse("intake:hotline-list")
    response = client.post(
        url, {"source": district.pk, "file": SimpleUploadedFile("a.xlsx", b"a,b")}
    )
    assert response.status_code == 400 and "不是 Excel" in response.content.decode()
    response = client.post(url, {"source": district.pk, "file": SimpleUploadedFile("a.xlsx", b"")})
    assert response.status_code == 400
    response = client.post(
        url, {"source": "x", "file": SimpleUploadedFile("a.xlsx", b"PK\x03\x04")}
    )
    assert response.status_code == 400
    settings.CIVICGRID_HOTLINE_MAX_MB = 1
    response = client.post(
        url,
        {
            "source": district.pk,
            "file": SimpleUploadedFile("a.xlsx", b"PK\x03\x04" + b"0" * 2_000_000),
        },
    )
    assert response.status_code == 413 and "文件过大" in response.content.decode()
    assert not HotlineImport.objects.exists()


def test_a_200_mb_body_is_refused_before_it_is_read(client, boss):
    client.force_login(boss)
    response = client.generic(
        "POST",
        reverse("intake:hotline-list"),
        b"x" * 10,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    assert response.status_code == 413


def test_a_street_dispatcher_sees_only_their_imports(
    client, city, people, boss, district, tmp_path
):
    street = HotlineSource.objects.create(name="解放街道转办", area=city.streets[0])
    theirs = _run(street, _xlsx(tmp_path, [order(1)]), people.dispatcher)
    other = _run(district, _xlsx(tmp_path, [order(2)]), boss)
    client.force_login(people.dispatcher)
    page = client.get(reverse("intake:hotline-list")).content.decode()
    assert reverse("intake:hotline-detail", args=[theirs.pk]) in page
    assert reverse("intake:hotline-detail", args=[other.pk]) not in page
    assert f'value="{district.pk}"' not in page  # they cannot upload into the district's source
    for name in ("intake:hotline-detail", "intake:hotline-progress"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 200
    client.force_login(people.outsider)
    assert client.get(reverse("intake:hotline-list")).status_code == 403
    assert client.get(reverse("intake:hotline-detail", args=[theirs.pk])).status_code == 403
    client.force_login(people.grid_worker)
    assert client.get(reverse("intake:hotline-feedback")).status_code == 403


def test_the_feedback_file_answers_each_order_in_the_hotline_format(
    client, city, people, boss, district, tmp_path
):
    imp = _run(district, _xlsx(tmp_path, [order(1), order(2)]), boss)
    case = HotlineOrder.objects.get(number="GZ202600000001").case
    worker = people.grid_worker
    workflow.self_handle(case=case, actor=worker, note="已清理完毕", photos=[photo("after")])
    workflow.verify(case=case, actor=boss)
    workflow.close(case=case, actor=boss, note="=垃圾已清运，感谢您的反映")
    client.force_login(boss)
    sheet = _sheet(client.get(reverse("intake:hotline-feedback") + f"?batch={imp.pk}"))
    assert sheet[0] == ["工单编号", "办理情况", "办结时间", "回复内容", "承办单位"]
    rows = {r[0]: r for r in sheet[1:]}
    assert rows["GZ202600000001"][1] == "已结案"
    assert rows["GZ202600000001"][2].startswith(case.closed_at.astimezone().strftime("%Y-%m-%d"))
    assert rows["GZ202600000001"][3] == "=垃圾已清运，感谢您的反映"  # text, not a formula
    assert rows["GZ202600000002"][1:4] == ["待受理", "", ""]
    assert rows["GZ202600000002"][4] == "章贡区城市管理局"
    # A street dispatcher of another street gets none of these cases.
    client.force_login(city.dispatchers[city.streets[1].pk])
    sheet = _sheet(client.get(reverse("intake:hotline-feedback") + "?since=2026-01-01"))
    assert sheet[1:] == []
    assert client.get(reverse("intake:hotline-feedback") + "?since=nope").status_code == 404


def test_a_dispatcher_places_an_unplaced_order(client, city, people, boss, district, tmp_path):
    _run(district, _xlsx(tmp_path, [order(1, 诉求内容="某小区门口垃圾堆积多日无人清理")]), boss)
    held = HotlineOrder.objects.get()
    assert not held.placed
    client.force_login(people.dispatcher)  # street dispatcher: the case is still district-wide
    assert "没有待定位的工单" in client.get(reverse("intake:hotline-unplaced")).content.decode()
    client.force_login(boss)
    page = client.get(reverse("intake:hotline-unplaced")).content.decode()
    assert held.number in page
    grid = city.grids[3]
    place = reverse("intake:hotline-place", args=[held.pk])
    response = client.post(place, {"area": "nonsense"}, follow=True)
    assert "请选择社区或网格" in response.content.decode()
    response = client.post(place, {"area": grid.code}, follow=True)
    assert "已定位到" in response.content.decode()
    held.refresh_from_db()
    case = held.case
    assert held.placed and case.grid == grid and case.area_path == grid.path
    event = case.events.get(action="place")
    assert event.data["area"] == grid.code and event.actor == boss
    assert case.status == Status.REPORTED
    assert client.post(place, {"area": grid.code}).status_code == 404  # placed already


def test_a_street_dispatcher_cannot_place_outside_their_street(
    city, people, district, tmp_path, boss
):
    _run(district, _xlsx(tmp_path, [order(1, 诉求内容="解放街道某小区门口垃圾很多")]), boss)
    held = HotlineOrder.objects.get()
    assert held.case.area_path == city.streets[0].path  # placed in the street only
    with pytest.raises(workflow.NotAllowed):
        workflow.place(case=held.case, actor=people.dispatcher, area=city.communities[-1])
    workflow.place(case=held.case, actor=people.dispatcher, area=city.communities[0])
    held.case.refresh_from_db()
    assert held.case.area_path == city.communities[0].path


def test_an_import_stopped_midway_completes_when_run_again(district, boss, tmp_path, monkeypatch):
    rows = [order(i) for i in range(1, 8)]
    monkeypatch.setattr(hotline, "BATCH", 3)
    calls = {"n": 0}
    original = hotline.Run.batch

    def crash_on_second(self, chunk, where):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker killed")
        return original(self, chunk, where)

    monkeypatch.setattr(hotline.Run, "batch", crash_on_second)
    imp = hotline.start(source=district, upload=_xlsx(tmp_path, rows), actor=boss)
    with pytest.raises(RuntimeError):
        hotline.run(imp)
    imp.refresh_from_db()
    assert imp.status == ImportStatus.FAILED and "重新导入" in imp.message
    assert (imp.done, imp.created) == (3, 3) and HotlineOrder.objects.count() == 3
    monkeypatch.setattr(hotline.Run, "batch", original)
    again = _run(district, _xlsx(tmp_path, rows), boss)
    assert (again.created, again.unchanged, again.status) == (4, 3, ImportStatus.DONE)
    assert HotlineOrder.objects.count() == 7
