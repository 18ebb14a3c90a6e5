"""The resident's report and tracking pages, without JavaScript."""

import pytest
from django.urls import reverse

from civicgrid.cases import workflow as wf
from civicgrid.cases.models import Case
from civicgrid.cases.tests.helpers import category, new_case

pytestmark = pytest.mark.django_db


def form_data(city, **extra):
    grid = city.grids[0]
    grid.refresh_from_db()
    data = {
        "category": category("06042").pk,
        "description": "垃圾桶满了，垃圾溢到地上",
        "address": "西津路口",
        "lng": grid.centroid_lng,
        "lat": grid.centroid_lat,
        "reporter_phone": "13812345678",
        "privacy": "on",
        "client_key": "k-1",
    }
    data.update(extra)
    return data


def test_it_files_a_report_and_opens_its_tracking_page(client, city):
    community = city.communities[0]
    url = reverse("intake:report", kwargs={"community_code": community.code})
    response = client.post(url, form_data(city), follow=True)
    case = Case.objects.get()
    assert response.request["PATH_INFO"] == f"/t/{case.code}/"
    assert "反映成功" in response.content.decode() and case.channel == "qr"


def test_it_makes_one_case_from_a_double_submit(client, city):
    url = reverse("intake:report", kwargs={"community_code": city.communities[0].code})
    client.post(url, form_data(city))
    client.post(url, form_data(city))
    assert Case.objects.count() == 1


def test_it_requires_the_privacy_notice_and_says_so(client, city):
    url = reverse("intake:report", kwargs={"community_code": city.communities[0].code})
    response = client.post(url, form_data(city, privacy=""))
    assert "请先阅读并同意个人信息保护说明" in response.content.decode()
    assert not Case.objects.exists()


def test_it_refuses_a_bad_phone_number_in_chinese(client, city):
    url = reverse("intake:report", kwargs={"community_code": city.communities[0].code})
    response = client.post(url, form_data(city, reporter_phone="12345"))
    assert "11 位手机号码" in response.content.decode()
    assert not Case.objects.exists()


def test_it_escapes_what_residents_type(client, city):
    url = reverse("intake:report", kwargs={"community_code": city.communities[0].code})
    client.post(url, form_data(city, description="<script>alert(1)</script>垃圾"))
    case = Case.objects.get()
    page = client.get(reverse("intake:track", kwargs={"code": case.code})).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_it_hides_staff_names_and_internal_notes_from_the_resident(client, city, people):
    case = new_case(city)
    wf.accept(case=case, actor=people.dispatcher)
    wf.dispatch(case=case, actor=people.dispatcher)
    wf.urge(case=case, actor=people.leader, note="内部督办意见")
    page = client.get(reverse("intake:track", kwargs={"code": case.code})).content.decode()
    assert "内部督办意见" not in page
    assert people.dispatcher.staff.name not in page
    assert "13812345678" not in page and "138****5678" not in page


def test_it_lets_the_resident_rate_a_closed_case(client, city, people):
    case = new_case(city)
    for step in ("accept", "dispatch"):
        getattr(wf, step)(case=case, actor=people.dispatcher)
    wf.start(case=case, actor=people.handler)
    from civicgrid.demo.photos import photo

    wf.finish(case=case, actor=people.handler, note="已清理", photos=[photo("after")])
    wf.verify(case=case, actor=people.grid_worker)
    wf.close(case=case, actor=people.dispatcher)
    url = reverse("intake:track-act", kwargs={"code": case.code, "action": "rate"})
    response = client.post(url, {"score": "4", "comment": "不错"}, follow=True)
    assert "感谢您的评价" in response.content.decode()
    case.refresh_from_db()
    assert case.rating == 4
    again = client.post(url, {"score": "1"}, follow=True)
    assert "已评价" in again.content.decode()


def test_it_answers_404_for_an_unknown_tracking_code(client, city):
    assert client.get(reverse("intake:track", kwargs={"code": "NOPE"})).status_code == 404
