"""Surveys: publishing in scope, answering once per person, satisfaction follow-ups, results."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from civicgrid.cases.choices import Status
from civicgrid.cases.models import Case
from civicgrid.cases.tests.helpers import new_case
from civicgrid.consult import surveys
from civicgrid.consult.choices import SurveyKind
from civicgrid.consult.models import Response
from civicgrid.intake import residents

pytestmark = pytest.mark.django_db

QUESTIONS = """单选：您对社区环境满意吗？
满意
一般
不满意

多选：您最关心哪些问题？
占道经营
乱停乱放
噪音扰民

填空：其他建议（选答）"""


def new_survey(city, *, area=None, actor=None, kind=SurveyKind.COMMUNITY, days=(-1, 5)):
    community = city.communities[0]
    today = timezone.localdate()
    return surveys.publish(
        actor=actor or city.heads[community.pk],
        area=area or community,
        kind=kind,
        title="社区城管服务需求调查",
        starts_on=today + timedelta(days=days[0]),
        ends_on=today + timedelta(days=days[1]),
        questions=surveys.parse_questions(QUESTIONS),
    )


def answers_for(survey, single=0, many=(1,), text=""):
    q1, q2, q3 = survey.questions.all()
    return {q1.pk: single, q2.pk: list(many), q3.pk: text}


def test_parse_questions_reads_kinds_options_and_optional():
    found = surveys.parse_questions(QUESTIONS)
    assert [q["kind"] for q in found] == ["single", "multiple", "text"]
    assert found[0]["options"] == ["满意", "一般", "不满意"]
    assert found[2] == {"kind": "text", "text": "其他建议", "options": [], "required": False}
    with pytest.raises(surveys.InvalidInput, match="第 1 题"):
        surveys.parse_questions("问：你好吗")


def test_station_head_publishes_for_own_community_only(city):
    head = city.heads[city.communities[0].pk]
    survey = new_survey(city)
    assert survey.questions.count() == 3
    with pytest.raises(surveys.NotAllowed):
        new_survey(city, area=city.communities[3], actor=head)
    with pytest.raises(surveys.InvalidInput, match="2 至"):
        surveys.publish(
            actor=head,
            area=city.communities[0],
            title="x",
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate(),
            questions=[{"kind": "single", "text": "问", "options": ["一"]}],
        )


def test_a_survey_is_answered_once_per_person(city):
    survey = new_survey(city)
    community = city.communities[0]
    surveys.respond(survey=survey, answers=answers_for(survey), browser="b1", community=community)
    with pytest.raises(surveys.AlreadyAnswered):  # same browser
        surveys.respond(
            survey=survey, answers=answers_for(survey), browser="b1", community=community
        )
    surveys.respond(
        survey=survey,
        answers=answers_for(survey),
        browser="b2",
        community=community,
        phone="13800001111",
    )
    with pytest.raises(surveys.AlreadyAnswered):  # same phone, another browser
        surveys.respond(
            survey=survey,
            answers=answers_for(survey),
            browser="b3",
            community=community,
            phone="138 0000 1111",
        )
    assert survey.responses.count() == 2
    stored = Response.objects.get(browser="b2")
    assert stored.masked_phone == "138****1111"


def test_bad_answers_are_refused_in_chinese(city):
    survey = new_survey(city)
    community = city.communities[0]

    def respond(answers, **kw):
        surveys.respond(survey=survey, answers=answers, browser="x", community=community, **kw)

    with pytest.raises(surveys.InvalidInput, match="只能选一项"):
        respond({**answers_for(survey), survey.questions.first().pk: [0, 1]})
    with pytest.raises(surveys.InvalidInput, match="请从列出的选项中选择"):
        respond(answers_for(survey, single=9))
    with pytest.raises(surveys.InvalidInput, match="请回答"):
        respond(answers_for(survey, many=()))
    with pytest.raises(surveys.InvalidInput, match="范围内的社区"):
        surveys.respond(
            survey=survey, answers=answers_for(survey), browser="y", community=city.communities[3]
        )
    ended = new_survey(city, days=(-5, -1))
    with pytest.raises(surveys.Closed):
        surveys.respond(survey=ended, answers=answers_for(ended), browser="z", community=community)
    assert not Response.objects.exists()


def test_results_count_options_and_list_texts(city):
    survey = new_survey(city)
    community = city.communities[0]
    for i, (single, many, text) in enumerate([(0, (0, 1), "多巡查"), (0, (1,), ""), (2, (2,), "")]):
        surveys.respond(
            survey=survey,
            answers=answers_for(survey, single, many, text),
            browser=f"b{i}",
            community=community,
        )
    total, rows = surveys.results(survey, survey.responses.all())
    assert total == 3
    assert [n for _o, n, _p in rows[0].counts] == [2, 0, 1]
    assert [n for _o, n, _p in rows[1].counts] == [1, 2, 1]
    assert rows[2].texts == ["多巡查"]


def closed_case(city, community=0) -> Case:
    case = new_case(city, community=community)
    Case.objects.filter(pk=case.pk).update(status=Status.CLOSED, closed_at=timezone.now())
    case.refresh_from_db()
    return case


def test_satisfaction_follow_up_is_once_per_closed_case(city):
    follow = new_survey(
        city, area=city.county, actor=city.users["dispatcher"], kind=SurveyKind.SATISFACTION
    )
    case = closed_case(city)
    assert surveys.followup_for(case) == follow
    row = surveys.respond(survey=follow, answers=answers_for(follow), browser="b1", case=case)
    assert row.community == city.communities[0]
    with pytest.raises(surveys.AlreadyAnswered):
        surveys.respond(survey=follow, answers=answers_for(follow), browser="b2", case=case)
    case.refresh_from_db()
    assert case.rating is None  # the follow-up never writes the case's own rating
    open_case = new_case(city, community=0)
    assert surveys.followup_for(open_case) is None
    with pytest.raises(surveys.InvalidInput, match="已结案"):
        surveys.respond(survey=follow, answers=answers_for(follow), browser="b3", case=open_case)


def post_answer(client, survey, community, **extra):
    q1, q2, q3 = survey.questions.all()
    data = {"community": community.code, f"q{q1.pk}": "0", f"q{q2.pk}": ["1", "2"]}
    return client.post(reverse("consult:survey-detail", args=[survey.pk]), {**data, **extra})


def test_the_portal_takes_one_answer_per_browser(city):
    survey = new_survey(city)
    community = city.communities[0]
    client = Client(REMOTE_ADDR="10.9.0.1")
    page = client.get(reverse("consult:survey-detail", args=[survey.pk]))
    assert page.status_code == 200 and "提交问卷" in page.content.decode()
    done = post_answer(client, survey, community)
    assert done.status_code == 302 and done.url.endswith("/thanks/")
    again = post_answer(client, survey, community)
    assert "您已提交过这份问卷" in again.content.decode()
    assert survey.responses.count() == 1
    other = Client(REMOTE_ADDR="10.9.0.2")
    first = post_answer(other, survey, community, phone="13800002222", privacy="on")
    assert first.status_code == 302
    third = Client(REMOTE_ADDR="10.9.0.3")
    refused = post_answer(third, survey, community, phone="13800002222", privacy="on")
    assert refused.status_code == 409 and "每人只能提交一次" in refused.content.decode()
    bad = post_answer(third, survey, community, phone="12345")
    assert bad.status_code == 400 and "同意回访" in bad.content.decode()
    assert survey.responses.count() == 2


def test_satisfaction_page_needs_the_reporters_browser(city):
    follow = new_survey(
        city, area=city.county, actor=city.users["dispatcher"], kind=SurveyKind.SATISFACTION
    )
    case = closed_case(city)
    url = reverse("consult:survey-detail", args=[follow.pk])
    stranger = Client()
    assert "请从您的案件查询页面进入" in stranger.get(f"{url}?case={case.code}").content.decode()
    owner = Client()
    key = residents.owner_key(case.code)
    page = owner.get(f"{url}?case={case.code}&k={key}")
    assert case.code in page.content.decode()
    q1, q2, q3 = follow.questions.all()
    data = {f"q{q1.pk}": "1", f"q{q2.pk}": ["0"]}
    done = owner.post(f"{url}?case={case.code}&k={key}", data)
    assert done.status_code == 302
    assert Response.objects.get(survey=follow).case == case
    second = closed_case(city)  # the same browser follows up its next case too
    url2 = f"{url}?case={second.code}&k={residents.owner_key(second.code)}"
    assert owner.post(url2, data).status_code == 302
    assert follow.responses.count() == 2
    assert "您已提交过这份问卷" in owner.get(url2).content.decode()


def test_results_and_export_stay_in_scope(city, people):
    survey = new_survey(city)
    surveys.respond(
        survey=survey,
        answers=answers_for(survey, text="=HYPERLINK(1)"),
        browser="b",
        community=city.communities[0],
    )
    head = Client()
    head.force_login(city.heads[city.communities[0].pk])
    page = head.get(reverse("consult:survey-results", args=[survey.pk]))
    assert page.status_code == 200 and "=HYPERLINK(1)" in page.content.decode()
    export = head.get(reverse("consult:survey-export", args=[survey.pk]))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd")
    other = Client()
    other.force_login(city.heads[city.communities[3].pk])
    assert other.get(reverse("consult:survey-results", args=[survey.pk])).status_code == 404
    assert other.get(reverse("consult:survey-export", args=[survey.pk])).status_code == 404
    outsider = Client()
    outsider.force_login(people.outsider)
    assert outsider.get(reverse("consult:survey-create")).status_code == 403


def test_publish_form_creates_a_survey(city):
    head = Client()
    head.force_login(city.heads[city.communities[0].pk])
    today = timezone.localdate()
    data = {
        "area": city.communities[0].pk,
        "kind": "community",
        "title": "停车问题调查",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=7)).isoformat(),
        "questions": QUESTIONS,
    }
    done = head.post(reverse("consult:survey-create"), data)
    assert done.status_code == 302
    bad = head.post(reverse("consult:survey-create"), {**data, "questions": "问：x"})
    assert bad.status_code == 200 and "第 1 题" in bad.content.decode()


def test_tracking_page_links_the_follow_up_until_answered(city):
    follow = new_survey(
        city, area=city.county, actor=city.users["dispatcher"], kind=SurveyKind.SATISFACTION
    )
    case = closed_case(city)
    owner = Client()
    track = reverse("intake:track", args=[case.code])
    owner.get(f"{track}?k={residents.owner_key(case.code)}")  # trades the key for the cookie
    page = owner.get(track).content.decode()
    assert 'id="followup"' in page and f"?case={case.code}" in page
    assert 'id="followup"' not in Client().get(track).content.decode()  # not the owner
    surveys.respond(survey=follow, answers=answers_for(follow), browser="b", case=case)
    assert 'id="followup"' not in owner.get(track).content.decode()


def test_demo_seed_answers_follow_ups_for_closed_cases(city):
    from civicgrid.consult.survey_demo import seed

    for _ in range(5):
        closed_case(city)
    follow, local = seed(city)
    assert local.responses.count() == 28
    assert follow.responses.filter(case__isnull=False).exists()
    assert seed(city) == []
