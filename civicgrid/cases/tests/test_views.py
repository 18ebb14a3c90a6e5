"""Staff case pages: scope, actions through forms, clear Chinese errors, query budgets."""

import pytest
from django.urls import reverse

from civicgrid.areas.models import Area
from civicgrid.cases import workflow as wf
from civicgrid.cases.choices import Status
from civicgrid.cases.models import ContactView
from civicgrid.cases.tests.helpers import new_case, walk_to
from civicgrid.demo.photos import photo

pytestmark = pytest.mark.django_db

CASE_URLS = [
    ("get", "cases:case-detail", {}),
    ("post", "cases:case-phone", {}),
    ("post", "cases:case-act", {"action": "accept"}),
]


@pytest.mark.parametrize("persona", ["outsider", "neighbour", "other_handler"])
@pytest.mark.parametrize("method, name, extra", CASE_URLS)
def test_it_answers_404_on_every_case_url_outside_the_scope(
    client, city, people, persona, method, name, extra
):
    case = new_case(city)
    client.force_login(getattr(people, persona))
    response = getattr(client, method)(reverse(name, kwargs={"code": case.code, **extra}))
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == Status.REPORTED


def test_it_sends_anonymous_visitors_to_the_login_page(client, city):
    case = new_case(city)
    response = client.get(reverse("cases:case-detail", kwargs={"code": case.code}))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_it_lists_only_cases_in_scope(client, city, people):
    mine = new_case(city, community=0)
    theirs = new_case(city, community=3)
    client.force_login(people.grid_worker)
    page = client.get(reverse("cases:case-list")).content.decode()
    assert mine.code in page and theirs.code not in page


def test_it_keeps_the_list_within_a_query_budget(
    client, city, people, django_assert_max_num_queries
):
    for _ in range(12):
        new_case(city)
    client.force_login(people.dispatcher)
    # A page short of 30 rows reads the cases with a deadline, then those without one.
    with django_assert_max_num_queries(9):
        response = client.get(reverse("cases:case-list"))
    assert response.status_code == 200


def test_it_shows_only_the_buttons_the_persona_may_press(client, city, people):
    case = new_case(city)
    client.force_login(people.dispatcher)
    page = client.get(reverse("cases:case-detail", kwargs={"code": case.code})).content.decode()
    assert 'id="action-accept"' in page and 'id="action-start"' not in page
    client.force_login(people.grid_worker)
    page = client.get(reverse("cases:case-detail", kwargs={"code": case.code})).content.decode()
    assert 'id="action-accept"' not in page and 'id="action-self_handle"' in page


def test_it_runs_an_action_from_its_form(client, city, people):
    case = new_case(city)
    client.force_login(people.dispatcher)
    url = reverse("cases:case-act", kwargs={"code": case.code, "action": "reject"})
    response = client.post(url, {"version": case.version, "reason": "属于物业职责"}, follow=True)
    assert "已不予立案" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.REJECTED


def test_it_explains_a_missing_reason_in_chinese(client, city, people):
    case = new_case(city)
    client.force_login(people.dispatcher)
    url = reverse("cases:case-act", kwargs={"code": case.code, "action": "reject"})
    response = client.post(url, {"version": case.version, "reason": ""}, follow=True)
    assert "不予立案理由" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.REPORTED


def test_it_tells_the_slower_of_two_users_that_the_case_changed(client, city, people):
    case = new_case(city)
    seen = case.version
    client.force_login(people.dispatcher)
    url = reverse("cases:case-act", kwargs={"code": case.code, "action": "accept"})
    client.post(url, {"version": seen})
    again = reverse("cases:case-act", kwargs={"code": case.code, "action": "reject"})
    response = client.post(again, {"version": seen, "reason": "重复"}, follow=True)
    assert "案件已被他人更新" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED


def test_it_uploads_after_photos_with_finish(client, city, people):
    from civicgrid.cases import workflow as wf

    case = new_case(city)
    wf.accept(case=case, actor=people.dispatcher)
    wf.dispatch(case=case, actor=people.dispatcher)
    client.force_login(people.handler)
    url = reverse("cases:case-act", kwargs={"code": case.code, "action": "finish"})
    client.post(url, {"version": case.version, "note": "已清理", "photos": [photo("after")]})
    case.refresh_from_db()
    assert case.status == Status.HANDLED and case.attachments.filter(kind="after").count() == 1


def test_it_masks_the_phone_and_logs_every_full_view(client, city, people):
    case = new_case(city, reporter_phone="13912345678")
    client.force_login(people.grid_worker)
    page = client.get(reverse("cases:case-detail", kwargs={"code": case.code})).content.decode()
    assert "139****5678" in page and "13912345678" not in page
    assert client.post(reverse("cases:case-phone", kwargs={"code": case.code})).status_code == 403
    client.force_login(people.station_head)
    response = client.post(reverse("cases:case-phone", kwargs={"code": case.code}), follow=True)
    assert "13912345678" in response.content.decode()
    assert ContactView.objects.filter(case=case, user=people.station_head).count() == 1


def test_a_date_at_the_end_of_the_calendar_is_refused_not_a_500(client, city, people):
    client.force_login(people.dispatcher)
    for far in ({"reported_to": "9999-12-31"}, {"reported_from": "0001-01-01"}):
        response = client.get(reverse("cases:case-list"), far)
        assert response.status_code == 200 and "日期超出范围" in response.content.decode()
    answer = client.get("/api/v1/cases", {"reported_to": "9999-12-31"})
    assert answer.status_code == 422 and "日期超出范围" in answer.json()["detail"]


def test_it_shows_an_edit_at_once_though_rows_and_selects_are_kept(client, city, people):
    case = new_case(city)
    client.force_login(people.dispatcher)
    url = reverse("cases:case-list") + "?inbox=open"

    def row() -> str:
        page = client.get(url).content.decode()
        return page.split(f'value="{case.code}"')[1].split("</tr>")[0]

    assert case.category.name in row() and "待受理" in row()
    case.category.name = "改过名的分类"
    case.category.save()  # as in admin
    assert "改过名的分类" in row()
    wf.accept(case=case, actor=people.dispatcher)
    assert "已立案" in row()
    community = Area.objects.get(pk=city.communities[0].pk)  # not the session's shared one
    community.name = "改过名的社区"
    community.save()
    page = client.get(url).content.decode()
    assert f'<option value="{community.code}">\u3000改过名的社区</option>' in page


def test_it_answers_a_file_that_is_no_picture_with_a_message_not_a_500(client, city, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = walk_to(new_case(city), people, Status.IN_PROGRESS)
    client.force_login(people.handler)
    bad = SimpleUploadedFile("a.jpg", b"nope", content_type="image/jpeg")
    url = reverse("cases:case-act", args=[case.code, "finish"])
    response = client.post(url, {"version": case.version, "note": "已处理", "photos": [bad]})
    assert response.status_code == 302
    assert "不是可识别的图片" in client.get(response["Location"]).content.decode()
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
