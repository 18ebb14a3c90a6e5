"""The tracking page: public timeline, photos, rating, reopening and +1."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from civicgrid.cases import workflow as wf
from civicgrid.cases.models import Case
from civicgrid.cases.tests.helpers import new_case
from civicgrid.demo.photos import photo
from civicgrid.intake.residents import owner_key
from civicgrid.intake.tests.helpers import act_url, form_data, report_url, track_url

pytestmark = pytest.mark.django_db


def closed_case(city, people):
    case = new_case(city)
    wf.accept(case=case, actor=people.dispatcher)
    wf.dispatch(case=case, actor=people.dispatcher)
    wf.start(case=case, actor=people.handler)
    wf.finish(case=case, actor=people.handler, note="已清理完毕", photos=[photo("after")])
    wf.verify(case=case, actor=people.grid_worker)
    wf.close(case=case, actor=people.dispatcher)
    return case


def test_it_hides_staff_names_and_internal_notes_from_the_resident(client, city, people):
    case = new_case(city)
    wf.accept(case=case, actor=people.dispatcher)
    wf.dispatch(case=case, actor=people.dispatcher)
    wf.urge(case=case, actor=people.leader, note="内部督办意见")
    page = client.get(track_url(case)).content.decode()
    assert "受理立案" in page and "派遣" in page
    assert "内部督办意见" not in page and "督办" not in page
    assert people.dispatcher.staff.name not in page and people.dispatcher.username not in page


def test_it_shows_after_photos_beside_before_photos(client, city, people):
    case = closed_case(city, people)
    page = client.get(track_url(case)).content.decode()
    assert "处置前后对比" in page and "处置后照片" in page and "已清理完毕" in page


def test_it_lets_the_reporter_rate_a_closed_case_once(client, city, people):
    case = closed_case(city, people)
    page = client.get(track_url(case, key=True), follow=True).content.decode()
    assert 'id="rate-form"' in page
    response = client.post(act_url(case, "rate"), {"score": "4", "comment": "不错"}, follow=True)
    assert "感谢您的评价" in response.content.decode()
    case.refresh_from_db()
    assert case.rating == 4 and case.rating_comment == "不错"
    again = client.post(act_url(case, "rate"), {"score": "1"}, follow=True)
    assert "已评价" in again.content.decode()
    assert Case.objects.get(pk=case.pk).rating == 4


def test_it_lets_only_the_reporter_rate(client, city, people):
    case = closed_case(city, people)
    page = client.get(track_url(case)).content.decode()
    assert 'id="rate-form"' not in page and 'id="reopen"' not in page
    response = client.post(act_url(case, "rate"), {"score": "1"}, follow=True)
    assert "只有反映人本人" in response.content.decode()
    assert Case.objects.get(pk=case.pk).rating is None


def test_it_remembers_the_reporter_from_the_report_itself(client, city, people):
    client.post(report_url(city), form_data(city))
    case = Case.objects.get()
    wf.reject(case=case, actor=people.dispatcher, reason="不属于城管职责")
    page = client.get(track_url(case)).content.decode()
    assert "不属于城管职责" in page  # the reason is shown to the resident


def test_a_report_lands_on_the_tracking_page_without_the_owner_key(client, city):
    response = client.post(report_url(city), form_data(city))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == track_url(case)
    page = client.get(response["Location"]).content.decode()
    assert owner_key(case.code) not in page  # nor in a form, where it would reach Referers


def test_the_text_message_link_trades_its_key_for_the_cookie(client, city, people):
    case = closed_case(city, people)
    response = client.get(track_url(case, key=True))
    # The key is in this one request only: the browser moves on to the bare address.
    assert response.status_code == 303 and response["Location"] == track_url(case)
    page = client.get(response["Location"]).content.decode()
    assert 'id="rate-form"' in page and owner_key(case.code) not in page
    rated = client.post(act_url(case, "rate"), {"score": "5"}, follow=True)
    assert "感谢您的评价" in rated.content.decode()


def test_a_wrong_key_in_the_link_proves_nothing(city, people):
    case = closed_case(city, people)
    stranger = Client()
    response = stranger.get(track_url(case) + "?k=0123456789abcdef")
    assert response.status_code == 303 and response["Location"] == track_url(case)
    assert 'id="rate-form"' not in stranger.get(track_url(case)).content.decode()


def test_it_lets_the_reporter_reopen_within_the_window_only(client, city, people, settings):
    case = closed_case(city, people)
    client.get(track_url(case, key=True))
    with time_machine.travel(timezone.now() + timedelta(days=settings.CIVICGRID_REOPEN_DAYS + 1)):
        late = client.post(act_url(case, "reopen"), {"reason": "还是很脏"}, follow=True)
        assert "重新办理期限" in late.content.decode()
        assert 'id="reopen"' not in client.get(track_url(case)).content.decode()
    page = client.get(track_url(case)).content.decode()
    assert "天内可申请重新办理" in page
    response = client.post(act_url(case, "reopen"), {"reason": "还是很脏"}, follow=True)
    assert "已重新提交办理" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == "accepted"


def test_it_counts_a_neighbours_plus_one_once(client, city):
    case = new_case(city)
    neighbour = Client(REMOTE_ADDR="10.1.1.1")
    page = neighbour.get(track_url(case)).content.decode()
    assert "+1 我也遇到了" in page
    first = neighbour.post(act_url(case, "support"), {"note": "我也看到了"}, follow=True)
    assert "已记录您也遇到了这个问题" in first.content.decode()
    second = neighbour.post(act_url(case, "support"), {}, follow=True)
    assert "您已反映过这个问题" in second.content.decode()
    case.refresh_from_db()
    assert case.supporter_count == 1
    assert "另有 1 位居民反映了同一问题" in second.content.decode()
    assert "+1 我也遇到了" not in second.content.decode()


def test_it_does_not_let_the_reporter_plus_one_their_own_case(client, city):
    client.post(report_url(city), form_data(city))
    case = Case.objects.get()
    assert "+1 我也遇到了" not in client.get(track_url(case)).content.decode()
    client.post(act_url(case, "support"))
    assert Case.objects.get(pk=case.pk).supporter_count == 0


def test_it_limits_actions_per_ip(city, settings):
    settings.CIVICGRID_RATE_ACTIONS_PER_IP_HOUR = 1
    first, second = new_case(city), new_case(city)
    neighbour = Client(REMOTE_ADDR="10.2.2.2")
    neighbour.post(act_url(first, "support"))
    response = neighbour.post(act_url(second, "support"), follow=True)
    assert "提交过于频繁" in response.content.decode()
    assert Case.objects.get(pk=second.pk).supporter_count == 0


def test_it_answers_404_for_an_unknown_tracking_code(client, city):
    assert client.get("/t/NOPE/").status_code == 404
    assert client.post("/t/NOPE/support/").status_code == 404
