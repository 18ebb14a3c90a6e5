"""Excel import: all rows or none, per-row reasons back as a workbook, bad files refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from civicgrid.amenities import sheet
from civicgrid.amenities.models import Amenity, AmenityLog
from civicgrid.amenities.tests.helpers import centre, place, workbook
from civicgrid.areas import geo

pytestmark = pytest.mark.django_db
URL = reverse("amenities:amenity-import")


def row(community, name="导入公厕", kind="公厕", dx=0.0, **extra):
    lng, lat = centre(community)
    values = {
        "kind": kind,
        "name": name,
        "community": community.name,
        "address": "导入路 1 号",
        "lng": f"{lng + dx:.6f}",
        "lat": f"{lat:.6f}",
        "coord_system": "WGS-84",
        "hours": "全天开放",
        "notes": "母婴室",
        "active": "启用",
        **extra,
    }
    return list(values.values())


def upload(client, rows, header=None):
    data = workbook(rows, header).getvalue()
    return client.post(URL, {"file": SimpleUploadedFile("便民设施.xlsx", data)})


def test_it_imports_every_row_and_logs_each(client, city, people):
    community = city.communities[0]
    client.force_login(people.station_head)
    rows = [
        row(community),
        row(community, "导入游园", "公园游园", 0.0005),
        row(community, "夜市疏导点", "疏导点", hours="每天 17:30-23:00"),
    ]
    response = upload(client, rows)
    assert response.status_code == 200
    assert "新增 3 处" in response.content.decode()
    assert set(Amenity.objects.values_list("kind", flat=True)) == {"toilet", "park", "stall"}
    assert AmenityLog.objects.filter(source="import", action="create").count() == 3


def test_a_second_import_updates_by_community_type_and_name(client, city, people):
    community = city.communities[0]
    made = place(community, name="导入公厕", hours="6:00-22:00")
    client.force_login(people.station_head)
    response = upload(client, [row(community), row(community, "停用公厕", active="停用")])
    assert "新增 1 处，更新 1 处" in response.content.decode()
    made.refresh_from_db()
    assert made.hours == "全天开放" and made.notes == "母婴室"
    assert not Amenity.objects.get(name="停用公厕").active
    again = upload(client, [row(community)])
    assert "0 处，更新 0 处，1 处无变化" in again.content.decode()


def test_an_exported_file_imports_back_unchanged(client, city, people):
    place(city.communities[0], name="往返公厕", notes="无障碍厕位")
    client.force_login(people.station_head)
    exported = b"".join(client.get(reverse("amenities:amenity-export")).streaming_content)
    response = client.post(URL, {"file": SimpleUploadedFile("x.xlsx", exported)})
    assert "1 处无变化" in response.content.decode()


def test_a_gcj02_row_is_converted(client, city, people):
    community = city.communities[0]
    lng, lat = centre(community)
    g_lng, g_lat = geo.wgs84_to_gcj02(lng, lat)
    client.force_login(people.station_head)
    upload(client, [row(community, lng=f"{g_lng:.7f}", lat=f"{g_lat:.7f}", coord_system="高德")])
    made = Amenity.objects.get()
    assert abs(made.lng - lng) < 1e-5 and abs(made.lat - lat) < 1e-5


def test_one_bad_row_and_nothing_is_imported(client, city, people):
    community = city.communities[0]
    client.force_login(people.station_head)
    rows = [
        row(community),
        row(community, "银行", kind="银行网点"),
        row(community, "无坐标公厕", lng=""),
        row(community, "坐标错", lng="东经"),
        row(community, "时间乱", hours="看心情"),
        row(city.communities[-1], "别处公厕"),  # not the head's community
        row(community, "远处公厕", dx=0.5),
        row(community),  # a repeat of the first
    ]
    response = upload(client, rows)
    text = response.content.decode()
    assert response.status_code == 400
    assert "有 7 行无法导入，整个文件未导入" in text
    assert not Amenity.objects.exists() and not AmenityLog.objects.exists()
    link = reverse("amenities:import-errors", args=[response.context["errors_token"]])
    errors = client.get(link)
    assert errors.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(errors.streaming_content)))
    got = book.get_sheet_by_index(0).to_python()
    assert got[0][-1] == "错误原因" and len(got) == 8
    reasons = [r[-1] for r in got[1:]]
    assert "类型“银行网点”无法识别" in reasons[0]
    assert "“经度”为空" in reasons[1]
    assert "经纬度须为数字" in reasons[2]
    assert "开放时间无法识别" in reasons[3]
    assert "不在您的管辖范围内" in reasons[4]
    assert "坐标不在" in reasons[5]
    assert "重复" in reasons[6]


def test_the_error_workbook_is_only_for_the_session_that_imported(client, city, people):
    client.force_login(people.station_head)
    response = upload(client, [row(city.communities[0], kind="银行")])
    link = reverse("amenities:import-errors", args=[response.context["errors_token"]])
    client.force_login(people.dispatcher)  # a new session
    assert client.get(link).status_code == 404


@pytest.mark.parametrize(
    "content, message",
    [
        (b"name,lng\n1,2\n", "不是 Excel"),
        (b"PK\x03\x04 not really a zip", "无法读取"),
    ],
)
def test_a_file_that_is_not_excel_is_refused(client, city, people, content, message):
    client.force_login(people.station_head)
    response = client.post(URL, {"file": SimpleUploadedFile("x.xlsx", content)})
    assert response.status_code == 400 and message in response.content.decode()


def test_an_oversized_file_is_refused_before_it_is_read(client, city, people, monkeypatch):
    monkeypatch.setattr(sheet, "MAX_MB", 0)
    client.force_login(people.station_head)
    response = upload(client, [row(city.communities[0])])
    assert response.status_code == 400 and "文件过大" in response.content.decode()


def test_missing_columns_and_empty_files_are_named(client, city, people):
    client.force_login(people.station_head)
    response = upload(client, [["公厕", "某公厕"]], header=["类型", "名称"])
    text = response.content.decode()
    assert response.status_code == 400 and "缺少必需的列：所属社区、经度、纬度" in text
    empty = upload(client, [])
    assert "没有数据行" in empty.content.decode()


def test_no_file_and_no_permission(client, city, people):
    client.force_login(people.station_head)
    response = client.post(URL, {})
    assert response.status_code == 400 and "请选择要导入的 Excel 文件" in response.content.decode()
    client.force_login(people.grid_worker)
    assert upload(client, [row(city.communities[0])]).status_code == 403
    assert not Amenity.objects.exists()
