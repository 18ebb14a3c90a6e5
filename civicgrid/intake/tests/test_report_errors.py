"""A failed report, without JavaScript: the summary on top and the photos asked for again."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

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
