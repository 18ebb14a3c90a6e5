"""The error pages: Chinese, in the site's layout, each with a way on (DEBUG is off in tests)."""

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from civicgrid.lib import errors

LAYOUT = '<header class="top">'


def assert_page(response, status, *texts):
    page = response.content.decode()
    assert response.status_code == status
    assert LAYOUT in page and 'name="viewport"' in page
    for text in texts:
        assert text in page
    return page


@pytest.mark.django_db
def test_it_offers_the_code_box_again_for_a_mistyped_tracking_code(client, city):
    page = assert_page(client.get("/t/ABCDEFGH2345678Z/"), 404, "没有找到这个查询码")
    assert 'id="track-again"' in page and 'value="ABCDEFGH2345678Z"' in page
    assert f'href="{reverse("intake:home")}?public"' in page  # on to find the community
    assert 'action="/i18n/setlang/"' in page  # the language switch of the resident pages


@pytest.mark.django_db
def test_it_says_page_not_found_in_chinese_elsewhere(client, city):
    page = assert_page(client.get("/no-such-page/"), 404, "页面不存在")
    assert 'id="track-again"' not in page and "Not Found" not in page


@pytest.mark.django_db
def test_it_explains_a_missing_permission(client, city, people):
    client.force_login(people.handler)
    community = city.communities[0]
    response = client.get(reverse("community:poster-detail", args=[community.code]))
    assert_page(response, 403, "没有权限访问此页面", "返回工作台")


@pytest.mark.django_db
def test_it_tells_a_visitor_without_an_account_that_residents_need_none(city):
    response = errors.permission_denied(RequestFactory().get("/x/"), None)
    assert response.status_code == 403 and "市民反映问题无需登录" in response.content.decode()


@pytest.mark.django_db
def test_it_asks_to_submit_again_after_a_failed_csrf_check(city):
    client = Client(enforce_csrf_checks=True)
    report = reverse("intake:report", args=[city.communities[0].code])
    response = client.post(
        report, {"description": "路灯不亮了"}, HTTP_REFERER=f"http://testserver{report}"
    )
    page = assert_page(response, 403, "页面已过期，请重新提交")
    assert f'href="http://testserver{report}"' in page and "CSRF" not in page


@pytest.mark.django_db
def test_it_answers_413_for_a_body_over_djangos_limit(client, city, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(reverse("login"), {"username": "x" * 2000, "password": "y"})
    assert_page(response, 413, "上传内容过大", "减少照片数量")


def test_it_renders_the_500_page_without_a_database():
    # No db mark: any query, from the page or a context processor, would fail this test.
    response = errors.server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert LAYOUT in page and "抱歉，服务器出错了" in page and "12345" in page


@pytest.mark.django_db
def test_it_serves_the_500_page_for_an_exception(city, settings):
    settings.ROOT_URLCONF = "civicgrid.lib.tests.urls_failing"
    client = Client(raise_request_exception=False)
    assert_page(client.get("/fail/"), 500, "抱歉，服务器出错了")


def test_it_falls_back_to_bare_html_when_the_500_template_fails(settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [], "APP_DIRS": False}]
    response = errors.server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500 and "服务器出错了" in page and LAYOUT not in page


@pytest.mark.django_db
def test_it_words_the_429_page_in_chinese(city):
    page = render_to_string("429.html", request=RequestFactory().get("/"))
    assert LAYOUT in page and "操作过于频繁" in page and "12345" in page
