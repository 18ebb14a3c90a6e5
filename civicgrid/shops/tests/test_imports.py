"""Shops from Excel: all rows good or nothing written, each bad row named in Chinese."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from civicgrid.cases.export import write_table
from civicgrid.shops.models import Shop
from civicgrid.shops.tests.helpers import licence_no

pytestmark = pytest.mark.django_db
HEADER = ["店名", "统一社会信用代码", "负责人", "负责人电话", "地址", "所属社区", "经营类别"]


def sheet(rows, header=HEADER):
    out = write_table("商户", [(h, 10) for h in header], rows)
    return SimpleUploadedFile("商户.xlsx", out.read())


def post(user, upload):
    client = Client()
    client.force_login(user)
    return client.post(reverse("shops:shop-import"), {"file": upload} if upload else {})


def test_it_imports_every_good_row(city, people):
    community = city.communities[0].name.replace("居委会", "社区")
    rows = [
        ["甲面馆", licence_no(), "张三", "13912345678", "西津路 1 号", community, "餐饮"],
        ["乙超市", licence_no(), "李四", "", "西津路 3 号", city.communities[1].name, "零售"],
    ]
    done = post(people.dispatcher, sheet(rows))
    assert done.status_code == 302
    first = Shop.objects.get(name="甲面馆")
    assert (first.business_type, first.owner_phone, first.community) == (
        "food",
        "13912345678",
        city.communities[0],
    )
    assert Shop.objects.filter(name="乙超市", owner_phone="").exists()


def test_it_writes_nothing_while_a_row_is_bad(city, people):
    rows = [
        ["甲面馆", licence_no(), "张三", "13912345678", "西津路 1 号", city.communities[0].name],
        ["乙超市", "91350100M000100Y44", "李四", "", "西津路 3 号", city.communities[0].name],
        ["丙店", licence_no(), "王五", "", "西津路 5 号", city.communities[3].name],  # not theirs
    ]
    page = post(people.station_head, sheet(rows, HEADER[:6]))
    assert page.status_code == 400 and not Shop.objects.exists()
    assert "第 3 行" in page.text and "校验位不正确" in page.text
    assert "第 4 行" in page.text and "所属社区" in page.text


def test_it_refuses_a_file_it_cannot_read(city, people):
    assert post(people.station_head, None).status_code == 400
    bad = SimpleUploadedFile("x.xlsx", b"not a workbook")
    assert "不是 Excel" in post(people.station_head, bad).text
    zipped = SimpleUploadedFile("x.xlsx", b"PK\x03\x04broken")
    assert "无法读取" in post(people.station_head, zipped).text
    missing = post(people.station_head, sheet([["甲", "x"]], ["店名", "备注"]))
    assert missing.status_code == 400 and "缺少必需的列" in missing.text
    assert post(people.grid_worker, None).status_code == 403


def test_it_refuses_a_licence_twice_in_one_file(city, people):
    number = licence_no()
    rows = [
        ["甲面馆", number, "张三", "", "西津路 1 号", city.communities[0].name],
        ["乙面馆", number, "李四", "", "西津路 2 号", city.communities[0].name],
    ]
    page = post(people.station_head, sheet(rows, HEADER[:6]))
    assert page.status_code == 400 and "重复" in page.text and not Shop.objects.exists()
