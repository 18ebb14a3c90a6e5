"""The resident's report page, without JavaScript."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from civicgrid.cases.models import Case
from civicgrid.cases.tests.helpers import category
from civicgrid.intake.tests.helpers import PHONE, form_data, gps_jpeg, report_url

pytestmark = pytest.mark.django_db


def test_it_shows_the_common_classes_with_icons_and_plain_names(client, city):
    page = client.get(report_url(city)).content.decode()
    assert city.communities[0].name in page
    assert "不知道分类" in page and "垃圾桶满了" in page and "路灯不亮" in page
    icons = "/static/vendor/tabler-icons-3.51.0/"
    assert f"{icons}trash-x.svg" in page and f"{icons}bulb-off.svg" in page
    assert "🚮" not in page and "💡" not in page  # no emoji: boxes without an emoji font
    assert page.count('name="category"') == 21  # 20 common classes and "不知道分类"
    assert "个人信息保护说明" in page and 'name="client_key"' in page


def test_it_answers_404_for_an_unknown_community(client, city):
    assert client.get("/c/000000000000/report/").status_code == 404


def test_it_files_a_report_and_opens_its_tracking_page(client, city):
    response = client.post(report_url(city), form_data(city), follow=True)
    case = Case.objects.get()
    assert response.request["PATH_INFO"] == f"/t/{case.code}/"
    page = response.content.decode()
    assert "反映成功" in page and case.code in page
    assert case.channel == "qr" and case.grid == city.grids[0]
    assert case.category.code == "06042" and case.reporter_phone == PHONE


def test_it_makes_one_case_from_a_double_submit(client, city):
    first = client.post(report_url(city), form_data(city))
    second = client.post(report_url(city), form_data(city))
    assert Case.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_it_places_a_report_without_a_location_in_its_community(client, city):
    client.post(report_url(city), form_data(city, lng="", lat="", address="西津路 12 号"))
    case = Case.objects.get()
    assert case.grid is None and case.area_path == city.communities[0].path


def test_a_grid_poster_places_a_report_without_a_location_in_that_grid(client, city):
    community = city.communities[0]
    grid = [g for g in city.grids if g.parent_id == community.pk][1]
    page = client.get(report_url(city) + f"?g={grid.code}").content.decode()
    assert f'value="{grid.code}"' in page
    client.post(report_url(city), form_data(city, lng="", lat="", grid=grid.code))
    case = Case.objects.get()
    assert case.grid == grid and case.area_path == grid.path


def test_a_grid_of_another_community_is_ignored(client, city):
    foreign = [g for g in city.grids if g.parent_id == city.communities[1].pk][0]
    client.post(report_url(city), form_data(city, lng="", lat="", grid=foreign.code))
    case = Case.objects.get()
    assert case.grid is None and case.area_path == city.communities[0].path


def test_it_suggests_a_class_when_the_resident_does_not_know(client, city):
    client.post(
        report_url(city), form_data(city, category="", description="晚上路灯不亮，看不见路")
    )
    assert Case.objects.get().category.code == "01037"


def test_it_leaves_the_class_open_when_the_text_is_unclear(client, city):
    client.post(report_url(city), form_data(city, category="", description="这里有点问题请来看看"))
    assert Case.objects.get().category is None


def test_it_takes_a_class_found_with_the_search_box(client, city):
    url = reverse("intake:classes", kwargs={"community_code": city.communities[0].code})
    found = client.get(url, {"q": "供水井盖"}).json()["classes"]
    other = category("01001", kind="component")
    icon = "/static/vendor/tabler-icons-3.51.0/search.svg"  # no icon of its own
    assert found[0] == {"id": other.pk, "name": "供水井盖", "icon": icon}
    response = client.post(report_url(city), form_data(city, category=other.pk, privacy=""))
    assert f'value="{other.pk}" checked' in response.content.decode()  # kept on re-show
    client.post(report_url(city), form_data(city, category=other.pk))
    assert Case.objects.get().category == other


def test_it_requires_the_privacy_notice_and_says_so(client, city):
    response = client.post(report_url(city), form_data(city, privacy=""))
    assert "请先阅读并同意个人信息保护说明" in response.content.decode()
    assert not Case.objects.exists()


def test_it_refuses_a_bad_phone_number_in_chinese(client, city):
    response = client.post(report_url(city), form_data(city, reporter_phone="12345"))
    assert "11 位手机号码" in response.content.decode()
    assert not Case.objects.exists()


def test_it_accepts_an_anonymous_report(client, city):
    client.post(report_url(city), form_data(city, reporter_phone="", reporter_name=""))
    assert Case.objects.get().reporter_phone == ""


def test_it_escapes_what_residents_type(client, city):
    evil = "<script>alert(1)</script>"
    response = client.post(
        report_url(city),
        form_data(city, description=evil + "垃圾", address=evil, reporter_name=evil),
        follow=True,
    )
    page = response.content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    again = client.post(report_url(city), form_data(city, description=evil, privacy=""))
    assert "<script>alert(1)" not in again.content.decode()  # re-shown in the form, escaped


def test_it_strips_exif_and_gps_from_photos(client, city):
    upload = SimpleUploadedFile("p.jpg", gps_jpeg(), content_type="image/jpeg")
    assert b"CivicPhone" in upload.read() and Image.open(io.BytesIO(gps_jpeg())).getexif()
    upload.seek(0)
    client.post(report_url(city), form_data(city, photos=[upload]))
    stored = Case.objects.get().attachments.get()
    raw = stored.image.read()
    assert b"CivicPhone" not in raw and b"Exif" not in raw
    with Image.open(io.BytesIO(raw)) as img:
        assert not img.getexif() and img.format == "JPEG" and max(img.size) <= 2560


def test_it_refuses_a_file_that_is_not_an_image_with_a_clear_message(client, city):
    fake = SimpleUploadedFile("invoice.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    response = client.post(report_url(city), form_data(city, photos=[fake]))
    assert "不是可识别的图片" in response.content.decode()
    assert not Case.objects.exists()


def test_it_refuses_more_than_nine_photos(client, city):
    photos = [SimpleUploadedFile(f"{i}.jpg", gps_jpeg((40, 30))) for i in range(10)]
    response = client.post(report_url(city), form_data(city, photos=photos))
    assert "最多上传 9 张照片" in response.content.decode()
    assert not Case.objects.exists()


def test_it_refuses_an_oversize_upload_before_reading_it(client, city):
    response = client.post(report_url(city), form_data(city), CONTENT_LENGTH=str(31 * 1024 * 1024))
    assert response.status_code == 413 and "上传内容过大" in response.content.decode()
    assert not Case.objects.exists()


def test_it_refuses_a_post_without_the_csrf_token(city):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(report_url(city), form_data(city)).status_code == 403
    assert not Case.objects.exists()


def test_it_limits_reports_per_ip_and_keeps_what_was_typed(client, city, settings):
    settings.CIVICGRID_RATE_REPORTS_PER_IP_HOUR = 2
    for k in range(2):
        client.post(report_url(city), form_data(city, client_key=f"ip-{k}", reporter_phone=""))
    response = client.post(
        report_url(city), form_data(city, client_key="ip-3", description="第三次反映的垃圾问题")
    )
    page = response.content.decode()
    assert response.status_code == 429 and "提交过于频繁" in page
    assert "第三次反映的垃圾问题" in page and Case.objects.count() == 2
    other = Client(REMOTE_ADDR="10.9.9.9")
    assert other.post(report_url(city), form_data(city, client_key="ip-4")).status_code == 302


def test_it_limits_reports_per_phone_number(client, city, settings):
    settings.CIVICGRID_RATE_REPORTS_PER_PHONE_DAY = 1
    client.post(report_url(city), form_data(city, client_key="ph-1"))
    elsewhere = Client(REMOTE_ADDR="10.8.8.8")
    response = elsewhere.post(report_url(city), form_data(city, client_key="ph-2"))
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()
    assert (
        elsewhere.post(
            report_url(city), form_data(city, client_key="ph-3", reporter_phone="13900001111")
        ).status_code
        == 302
    )


def test_it_does_not_count_a_retry_against_the_limit(client, city, settings):
    settings.CIVICGRID_RATE_REPORTS_PER_IP_HOUR = 1
    client.post(report_url(city), form_data(city))
    assert client.post(report_url(city), form_data(city)).status_code == 302


def test_a_retry_leaves_the_slot_for_the_next_report(client, city, settings):
    settings.CIVICGRID_RATE_REPORTS_PER_IP_HOUR = 2
    first = client.post(report_url(city), form_data(city))
    again = client.post(report_url(city), form_data(city))  # a double tap: the same case
    assert again.status_code == 302 and again["Location"] == first["Location"]
    other = form_data(city, client_key="k-2", description="路灯不亮，晚上看不清路")
    assert client.post(report_url(city), other).status_code == 302
    third = form_data(city, client_key="k-3", description="井盖缺失，有人差点摔倒")
    assert client.post(report_url(city), third).status_code == 429
    assert Case.objects.count() == 2


def test_it_files_a_report_in_at_most_twelve_queries(
    client, city, settings, django_assert_max_num_queries
):
    settings.CIVICGRID_RATE_REPORTS_PER_IP_HOUR = 10
    settings.CIVICGRID_RATE_REPORTS_PER_PHONE_DAY = 10
    client.post(report_url(city), form_data(city, client_key="first"))  # warm the caches
    data = form_data(city, client_key="second")
    with django_assert_max_num_queries(12):
        response = client.post(report_url(city), data)
    assert response.status_code == 302 and Case.objects.count() == 2
