"""A failed report, without JavaScript: the summary on top and the photos asked for again."""

import re
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from civicgrid.cases.models import Case
from civicgrid.intake.tests.helpers import form_data, gps_jpeg, report_url

pytestmark = pytest.mark.django_db


def photo(name):
    return SimpleUploadedFile(name, gps_jpeg((400, 300)), content_type="image/jpeg")


def test_it_sums_up_the_errors_on_top_with_links_to_the_fields(client, city):
    data = form_data(city, description="灯", privacy="")
    page = client.post(report_url(city), data).content.decode()
    summary = page[page.index('id="error-summary"') : page.index('id="report-form"')]
    assert 'role="alert"' in summary and "autofocus" in summary
    assert '<a href="#id_description">问题描述：请用至少 4 个字描述问题</a>' in summary
    assert '<a href="#id_privacy">请先阅读并同意个人信息保护说明</a>' in summary
    assert "照片需要重新选择" not in page  # no photos were sent, none to re-ask


def test_it_asks_again_for_the_photos_a_failed_submit_dropped(client, city):
    data = form_data(city, privacy="", photos=[photo("a.jpg"), photo("b.jpg")])
    page = client.post(report_url(city), data).content.decode()
    assert 'id="photos-again"' in page and "您刚才选的 2 张照片没有提交成功" in page
    assert '<a href="#id_photos">照片需要重新选择</a>' in page


def test_it_shows_no_summary_on_a_fresh_page(client, city):
    assert 'id="error-summary"' not in client.get(report_url(city)).content.decode()


# --- bad input that used to slip through ------------------------------------------------------


def summary_of(response) -> str:
    page = response.content.decode()
    assert 'id="error-summary"' in page, "no message on the page shown again"
    return page[page.index('id="error-summary"') : page.index('id="report-form"')]


def hidden_value(response, name) -> str:
    match = re.search(rf'name="{name}"(?: value="([^"]*)")?', response.content.decode())
    assert match, name
    return match.group(1) or ""


@pytest.mark.parametrize(
    "blank", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u3000", "\xa0"]
)
def test_a_description_of_invisible_characters_only_is_refused(client, city, blank):
    response = client.post(report_url(city), form_data(city, description=blank * 8))
    assert "请描述您遇到的问题" in summary_of(response)
    assert not Case.objects.exists()


def test_a_description_padded_with_invisible_characters_needs_four_visible_ones(client, city):
    response = client.post(report_url(city), form_data(city, description="\u200b灯坏\u200b\u200b"))
    assert "请用至少 4 个字描述问题" in summary_of(response)
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("point", "says"),
    [
        ({"lat": "999"}, "超出经纬度范围"),
        ({"lat": "NaN"}, "定位结果无效"),
        ({"lng": "Infinity"}, "定位结果无效"),
        ({"lng": "-inf"}, "定位结果无效"),
        ({"lat": ""}, "只有经度或纬度"),
        ({"lng": ""}, "只有经度或纬度"),
    ],
)
def test_a_bad_location_is_said_plainly_and_cleared(client, city, point, says):
    response = client.post(report_url(city), form_data(city, **point))
    summary = summary_of(response)
    assert says in summary and summary.count("定位结果") == 1
    assert '<a href="#field-place">' in summary  # a link to the place box, not a hidden input
    assert hidden_value(response, "lng") == "" and hidden_value(response, "lat") == ""
    assert not Case.objects.exists()


def test_an_over_long_hidden_key_is_said_and_replaced(client, city):
    response = client.post(report_url(city), form_data(city, client_key="k" * 200))
    assert "页面信息有误" in summary_of(response) and "Client key" not in summary_of(response)
    fresh = hidden_value(response, "client_key")
    assert 0 < len(fresh) <= 64
    again = client.post(report_url(city), form_data(city, client_key=fresh))
    assert again.status_code == 302 and Case.objects.count() == 1


def test_a_point_outside_the_community_is_refused_and_an_address_then_works(client, city):
    community = city.communities[0]
    response = client.post(report_url(city), form_data(city, lng="100.0", lat="10.0"))
    assert f"您的定位不在“{community.name}”范围内" in summary_of(response)
    assert not Case.objects.exists()
    assert hidden_value(response, "lng") == "" and hidden_value(response, "lat") == ""
    again = client.post(report_url(city), form_data(city, lng="", lat="", address="西津路 12 号"))
    case = Case.objects.get()
    assert again.status_code == 302 and case.lng is None and case.area_path == community.path
    # A point in a grid of the next community is no foreign point: it is filed in that grid.
    foreign = [g for g in city.grids if g.parent_id == city.communities[1].pk][0]
    foreign.refresh_from_db()
    data = form_data(city, lng=foreign.centroid_lng, lat=foreign.centroid_lat, client_key="n")
    assert client.post(report_url(city), data).status_code == 302
    assert Case.objects.latest("pk").grid == foreign


def test_a_different_report_under_a_used_key_is_a_new_report(client, city):
    first = client.post(report_url(city), form_data(city, client_key="back-button"))
    # The Back button brings the sent form back, key and all; the resident writes another.
    other = form_data(city, client_key="back-button", description="路灯不亮，晚上很黑")
    second = client.post(report_url(city), other)
    retry = client.post(report_url(city), other)
    assert Case.objects.count() == 2
    assert second["Location"] != first["Location"] and retry["Location"] == second["Location"]
    assert {c.description for c in Case.objects.all()} == {
        "垃圾桶满了，垃圾溢到地上",
        "路灯不亮，晚上很黑",
    }


def png_claiming(width: int, height: int) -> bytes:
    """A PNG of a few dozen bytes whose header claims width x height pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 4)  # one row of one pixel; the rest never comes
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("side", [20_000, 7_000])  # 400 MP: Pillow's bomb; 49 MP: our limit
def test_a_decompression_bomb_is_refused_as_too_many_pixels(client, city, side):
    bomb = SimpleUploadedFile("bomb.png", png_claiming(side, side), content_type="image/png")
    response = client.post(report_url(city), form_data(city, photos=[bomb]))
    summary = summary_of(response)
    assert "像素过大" in summary and "不是可识别的图片" not in summary
    assert not Case.objects.exists()
