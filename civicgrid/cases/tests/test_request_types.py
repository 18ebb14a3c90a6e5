"""Each request type's short path through the one table: answer, forward a praise, retype."""

import pytest
from django.urls import reverse

from civicgrid.cases import workflow as wf
from civicgrid.cases.choices import RequestType, Status
from civicgrid.cases.tests.helpers import new_case, walk_to
from civicgrid.cases.tests.test_export import sheet_text
from civicgrid.notify.rules import resident_text, staff_recipients

pytestmark = pytest.mark.django_db


def offered(case, user) -> set[str]:
    return {rule.action for rule in wf.allowed_actions(case, user)}


@pytest.mark.parametrize("kind", [RequestType.CONSULT, RequestType.SUGGESTION])
@pytest.mark.parametrize("status", [Status.REPORTED, Status.ACCEPTED])
def test_it_answers_and_closes_a_consult_or_suggestion(city, people, kind, status):
    case = walk_to(new_case(city, request_type=kind), people, status)
    assert "answer" in offered(case, people.dispatcher)
    event = wf.answer(case=case, actor=people.dispatcher, reply="垃圾清运时间为每天 7 点和 18 点")
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.closed_at and case.due_at is None
    assert event.public and event.note.startswith("垃圾清运时间")
    assert resident_text(event) and "已答复" in resident_text(event)


def test_it_shows_the_answer_on_the_tracking_page(client, city, people):
    case = new_case(city, request_type=RequestType.CONSULT)
    wf.answer(case=case, actor=people.dispatcher, reply="请到社区服务中心办理，工作日 9 点至 17 点")
    page = client.get(reverse("intake:track", args=[case.code])).content.decode()
    assert "请到社区服务中心办理" in page and "咨询" in page and "已结案" in page


def test_it_refuses_an_empty_answer(city, people):
    case = new_case(city, request_type=RequestType.CONSULT)
    with pytest.raises(wf.InvalidInput):
        wf.answer(case=case, actor=people.dispatcher, reply="  ")
    case.refresh_from_db()
    assert case.status == Status.REPORTED


@pytest.mark.parametrize("persona", ["grid_worker", "handler", "outsider", "neighbour"])
def test_it_refuses_an_answer_from_a_persona_without_accept(city, people, persona):
    case = new_case(city, request_type=RequestType.CONSULT)
    with pytest.raises(wf.NotAllowed):
        wf.answer(case=case, actor=getattr(people, persona), reply="答复内容")
    assert not case.events.filter(action="answer").exists()


@pytest.mark.parametrize(
    "kind", [RequestType.COMPLAINT, RequestType.HELP, RequestType.TIP_OFF, RequestType.PRAISE]
)
def test_it_refuses_an_answer_to_a_request_that_needs_work_or_is_praise(city, people, kind):
    case = new_case(city, request_type=kind)
    assert "answer" not in offered(case, people.dispatcher)
    with pytest.raises(wf.IllegalTransition):
        wf.answer(case=case, actor=people.dispatcher, reply="答复内容")


def test_it_refuses_an_answer_once_the_case_is_dispatched(city, people):
    case = walk_to(new_case(city, request_type=RequestType.SUGGESTION), people, Status.DISPATCHED)
    with pytest.raises(wf.IllegalTransition):
        wf.answer(case=case, actor=people.dispatcher, reply="已采纳")


def test_it_lets_a_suggestion_take_the_normal_loop(city, people):
    case = new_case(city, request_type=RequestType.SUGGESTION)
    assert {"answer", "accept"} <= offered(case, people.dispatcher)
    walk_to(case, people, Status.CLOSED)
    assert case.status == Status.CLOSED


def test_it_forwards_a_praise_to_the_praised_unit_and_counts_it_there(city, people):
    case = new_case(city, request_type=RequestType.PRAISE, description="环卫工人每天打扫很干净")
    assert offered(case, people.dispatcher) >= {"forward_praise", "reject"}
    assert not offered(case, people.dispatcher) & {"answer", "dispatch", "self_handle"}
    unit = city.departments["sanitation"]
    event = wf.forward_praise(case=case, actor=people.dispatcher, department=unit, note="转环卫所")
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.department == unit
    praised = type(case).objects.filter(department=unit, request_type=RequestType.PRAISE)
    assert praised.count() == 1
    assert people.handler.pk in staff_recipients(event)  # the praised unit hears of it
    assert people.other_handler.pk not in staff_recipients(event)


def test_it_refuses_to_forward_a_praise_without_a_unit_or_for_a_complaint(city, people):
    case = new_case(city, request_type=RequestType.PRAISE)
    with pytest.raises(wf.InvalidInput):
        wf.forward_praise(case=case, actor=people.dispatcher, department=None)
    complaint = new_case(city)
    assert "forward_praise" not in offered(complaint, people.dispatcher)
    with pytest.raises(wf.IllegalTransition):
        wf.forward_praise(
            case=complaint, actor=people.dispatcher, department=city.departments["sanitation"]
        )


@pytest.mark.parametrize("kind", [RequestType.CONSULT, RequestType.PRAISE])
def test_it_never_dispatches_or_self_handles_a_request_that_needs_no_work(city, people, kind):
    case = new_case(city, request_type=kind)
    wf.accept(case=case, actor=people.dispatcher)
    assert "dispatch" not in offered(case, people.dispatcher)
    assert "self_handle" not in offered(case, people.grid_worker)
    with pytest.raises(wf.IllegalTransition):
        wf.dispatch(case=case, actor=people.dispatcher)
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED


def test_it_retypes_a_case_and_the_path_follows(city, people):
    case = new_case(city)  # a complaint that really is a question
    assert "answer" not in offered(case, people.dispatcher)
    event = wf.retype(case=case, actor=people.dispatcher, request_type=RequestType.CONSULT)
    assert not event.public and event.data == {"from": "complaint", "to": "consult"}
    case.refresh_from_db()
    assert case.request_type == RequestType.CONSULT and case.status == Status.REPORTED
    assert "answer" in offered(case, people.dispatcher)


@pytest.mark.parametrize("value", ["", "complaint", "bogus", "投诉"])
def test_it_refuses_a_retype_to_an_unknown_or_the_same_type(city, people, value):
    case = new_case(city)
    with pytest.raises(wf.InvalidInput):
        wf.retype(case=case, actor=people.dispatcher, request_type=value)


def test_it_refuses_a_retype_by_a_grid_worker(city, people):
    case = new_case(city)
    with pytest.raises(wf.NotAllowed):
        wf.retype(case=case, actor=people.grid_worker, request_type=RequestType.HELP)


def test_it_answers_from_the_case_page_and_never_500s_on_bad_input(client, city, people):
    case = new_case(city, request_type=RequestType.CONSULT)
    client.force_login(people.dispatcher)
    page = client.get(reverse("cases:case-detail", args=[case.code])).content.decode()
    assert 'id="action-answer"' in page and 'id="action-dispatch"' not in page
    url = reverse("cases:case-act", args=[case.code, "answer"])
    for data in ({"version": "x"}, {"version": case.version}, {"reply": "\x00" * 3}):
        assert client.post(url, data).status_code == 302
    bad_type = reverse("cases:case-act", args=[case.code, "retype"])
    assert client.post(bad_type, {"version": case.version, "request_type": "x"}).status_code == 302
    response = client.post(url, {"version": case.version, "reply": "可以到街道办事处咨询"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.CLOSED


def test_it_shows_the_request_type_on_the_list_and_the_case_page(client, city, people):
    consult = new_case(city, request_type=RequestType.CONSULT, description="请问垃圾分类的时间")
    client.force_login(people.dispatcher)
    listing = client.get(reverse("cases:case-list") + "?inbox=to_accept").content.decode()
    row = listing[listing.index(consult.code) :][:800]
    assert 'class="badge rt rt-consult">咨询' in row
    page = client.get(reverse("cases:case-detail", args=[consult.code])).content.decode()
    assert '<dd id="request-type">咨询</dd>' in page


def test_it_keeps_a_tip_offs_reporter_from_those_who_may_not_see_contacts(client, city, people):
    case = new_case(city, request_type=RequestType.TIP_OFF, reporter_name="李女士")
    walk_to(case, people, Status.DISPATCHED)
    client.force_login(people.handler)  # the department: sees the case, not who reported it
    page = client.get(reverse("cases:case-detail", args=[case.code])).content.decode()
    assert "举报人信息保密" in page and "李女士" not in page and "138****5678" not in page
    client.force_login(people.dispatcher)
    page = client.get(reverse("cases:case-detail", args=[case.code])).content.decode()
    assert "李女士" in page and "举报人（保密）" in page
    track = client.get(reverse("intake:track", args=[case.code])).content.decode()
    assert "李女士" not in track and "5678" not in track


def test_it_exports_the_request_type_and_hides_a_tip_offs_reporter(client, city, people):
    new_case(city, request_type=RequestType.TIP_OFF, reporter_name="李女士")
    new_case(city, reporter_name="王先生")
    client.force_login(people.dispatcher)
    text = sheet_text(client.get(reverse("cases:case-export") + "?status=open"))
    assert "诉求类型" in text and "举报" in text and "投诉" in text
    assert "保密" in text and "王先生" in text and "李女士" not in text


def test_it_answers_and_retypes_through_the_api(client, city, people):
    import json

    case = new_case(city)
    client.force_login(people.dispatcher)

    def post(action, payload):
        url = f"/api/v1/cases/{case.code}/actions/{action}"
        return client.post(url, json.dumps(payload), content_type="application/json")

    refused = post("answer", {"version": 0, "reply": "您好"})
    assert refused.status_code in (400, 409, 422) and "咨询" in refused.json()["detail"]
    assert post("retype", {"version": 0, "request_type": "consult"}).status_code == 200
    response = post("answer", {"version": 1, "reply": "您好，已为您解答"})
    assert response.status_code == 200 and response.json()["case"]["status"] == "closed"


def test_it_offers_ready_answers_on_the_case_page(client, city, people):
    case = new_case(city, request_type=RequestType.SUGGESTION)
    client.force_login(people.dispatcher)
    page = client.get(reverse("cases:case-detail", args=[case.code])).content.decode()
    answer = page[page.index('id="action-answer"') :][:2000]
    assert "建议已采纳" in answer and "data-template" in answer
