"""Staff inboxes: who has which, their counts in one query, the shared filter, batch actions."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from civicgrid.cases import inbox
from civicgrid.cases import workflow as wf
from civicgrid.cases.choices import Status
from civicgrid.cases.models import Case
from civicgrid.cases.tests.helpers import category, new_case, walk_to

pytestmark = pytest.mark.django_db

INBOXES = {
    "dispatcher": [
        "to_accept",
        "to_dispatch",
        "sent_back",
        "to_verify",
        "to_close",
        "overdue",
        "urged",
        "extension",
        "mine",
        "open",
    ],
    "handler": ["to_handle", "in_progress", "rework", "urged", "open"],
    "grid_worker": ["to_verify", "mine", "open"],
    "station_head": ["to_accept", "to_verify", "overdue", "mine", "open"],
    "leader": ["overdue", "extension", "open"],
}


@pytest.fixture
def spread(city, people):
    """One case in each interesting place of the loop, all in the first community."""
    cases = {
        s: walk_to(new_case(city), people, s) for s in Status if s not in ("rejected", "merged")
    }
    sent = walk_to(new_case(city), people, Status.IN_PROGRESS)
    wf.send_back(case=sent, actor=people.handler, reason="不属于环卫职责")
    cases["sent_back"] = sent
    urged = walk_to(new_case(city), people, Status.DISPATCHED)
    wf.urge(case=urged, actor=people.leader, note="请加快处置")
    cases["urged"] = urged
    extension = walk_to(new_case(city), people, Status.IN_PROGRESS)
    until = extension.handle_due + timedelta(days=3)
    wf.request_extension(case=extension, actor=people.handler, until=until, reason="需要采购配件")
    cases["extension"] = extension
    late = new_case(city, at=timezone.now() - timedelta(days=10))
    cases["overdue"] = late
    mine = new_case(city, actor=people.grid_worker, channel="grid")
    cases["mine"] = mine
    return cases


@pytest.mark.parametrize("persona", INBOXES)
def test_it_gives_each_persona_the_inboxes_of_the_actions_it_holds(people, persona):
    assert [b.key for b in inbox.inboxes_for(getattr(people, persona))] == INBOXES[persona]
    assert inbox.inboxes_for(people.outsider) == []


def test_it_counts_every_inbox_of_a_user_in_one_query(city, people, spread):
    user = people.dispatcher
    inbox.inboxes_for(user)  # grants are loaded once per request, before the counts
    with CaptureQueriesContext(connection) as captured:
        counts = inbox.counts(user)
    assert len(captured.captured_queries) == 1
    assert counts == {
        "to_accept": 3,  # the reported one, the late one and the grid worker's
        "to_dispatch": 2,  # the accepted one and the one sent back
        "sent_back": 1,
        "to_verify": 1,
        "to_close": 1,
        "overdue": 1,
        "urged": 1,
        "extension": 1,
        "mine": 0,
        "open": 11,
    }
    assert inbox.counts(people.grid_worker)["mine"] == 1
    assert inbox.counts(people.handler) == {
        "to_handle": 2,
        "in_progress": 2,
        "rework": 0,
        "urged": 1,
        "open": 6,  # also the handled and verified ones, still in its department
    }
    assert inbox.counts(people.outsider) == {}
    assert inbox.counts(people.neighbour) == {"to_verify": 0, "mine": 0, "open": 0}


@pytest.mark.parametrize("persona", INBOXES)
def test_it_lists_each_inbox_within_ten_queries(
    client, city, people, spread, persona, django_assert_max_num_queries
):
    client.force_login(getattr(people, persona))
    for i, key in enumerate(INBOXES[persona]):
        # The first page of a process also builds the supervisors' phones (volunteers/marks.py).
        with django_assert_max_num_queries(11 if i == 0 else 10):
            response = client.get(reverse("cases:case-list"), {"inbox": key})
        assert response.status_code == 200
        assert 'aria-current="page"' in response.content.decode()


def test_it_shows_a_case_in_its_inbox_and_not_in_the_others(client, city, people, spread):
    client.force_login(people.dispatcher)
    url = reverse("cases:case-list")
    to_close = spread[Status.VERIFIED].code
    assert to_close in client.get(url, {"inbox": "to_close"}).content.decode()
    assert to_close not in client.get(url, {"inbox": "to_accept"}).content.decode()
    sent = spread["sent_back"].code
    assert sent in client.get(url, {"inbox": "sent_back"}).content.decode()
    page = client.get(url, {"inbox": "to_dispatch"}).content.decode()
    assert sent in page and spread[Status.ACCEPTED].code in page


def test_it_opens_the_first_inbox_with_work_in_it_by_default(client, city, people, spread):
    client.force_login(people.handler)
    page = client.get(reverse("cases:case-list")).content.decode()
    assert 'id="inbox-to_handle" class="current"' in page
    assert spread[Status.DISPATCHED].code in page
    assert spread[Status.IN_PROGRESS].code not in page
    client.force_login(people.neighbour)
    page = client.get(reverse("cases:case-list")).content.decode()
    assert 'id="inbox-open" class="current"' in page


def test_it_sorts_by_the_nearest_deadline(client, city, people, spread):
    client.force_login(people.dispatcher)
    page = client.get(reverse("cases:case-list"), {"inbox": "to_accept"}).content.decode()
    late = page.index(spread["overdue"].code)
    assert late < page.index(spread[Status.REPORTED].code)
    assert "超期" in page


def test_it_answers_htmx_with_the_partial_only(client, city, people, spread):
    client.force_login(people.dispatcher)
    response = client.get(
        reverse("cases:case-list"), {"inbox": "to_verify"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="case-area"') and "<html" not in body
    assert spread[Status.HANDLED].code in body
    assert "HX-Request" in response["Vary"]


def test_it_filters_by_major_class_including_its_minor_classes(city, people):
    litter = new_case(city, category=category("06010"))
    other = new_case(city, category=category("06013"))
    elsewhere = new_case(city, category=category("01001", kind="component"))
    major = category("06010").parent
    from civicgrid.cases.filters import CaseFilter

    found = set(CaseFilter({"category": major.pk}, user=people.dispatcher).results())
    assert {litter, other} <= found and elsewhere not in found
    found = set(CaseFilter({"category": litter.category_id}, user=people.dispatcher).results())
    assert litter in found and other not in found


def test_it_filters_by_area_within_the_scope(city, people):
    from civicgrid.cases.filters import CaseFilter

    first = new_case(city, community=0)
    second = new_case(city, community=1)
    far = new_case(city, community=3)
    area = city.communities[1].code
    assert list(CaseFilter({"area": area}, user=people.dispatcher).results()) == [second]
    # The area filter never widens the scope: another street's code gives nothing here.
    other = city.communities[3].code
    assert list(CaseFilter({"area": other}, user=people.dispatcher).results()) == []
    assert far in CaseFilter({"area": other}, user=city.users["dispatcher"]).results()
    street = city.streets[0].code
    assert set(CaseFilter({"area": street}, user=people.dispatcher).results()) == {first, second}


def test_it_filters_by_dates_channel_department_overdue_and_text(city, people, spread):
    from civicgrid.cases.filters import CaseFilter

    def codes(**data):
        return {c.code for c in CaseFilter(data, user=people.dispatcher).results()}

    today = timezone.localdate()
    old = (today - timedelta(days=10)).isoformat()
    assert codes(reported_from=old, reported_to=old) == {spread["overdue"].code}
    assert spread["overdue"].code not in codes(reported_from=today.isoformat())
    assert codes(channel="grid") == {spread["mine"].code}
    sanitation = city.departments["sanitation"].pk
    assert spread[Status.DISPATCHED].code in codes(department=sanitation)
    assert spread[Status.REPORTED].code not in codes(department=sanitation)
    assert codes(overdue="on") == {spread["overdue"].code}
    code = spread[Status.CLOSED].code
    assert codes(q=code.lower()) == {code}
    assert len(codes(q="生活垃圾")) == len(spread)
    assert codes(status="closed") == {code}


@pytest.mark.parametrize(
    "params, message",
    [
        ({"reported_from": "2025-13-40"}, "请输入有效的日期"),
        ({"reported_from": "2025-07-02", "reported_to": "2025-07-01"}, "结束日期不能早于开始日期"),
        ({"category": "999999"}, "请选择有效的分类"),
        ({"area": "999"}, "找不到区划代码为 999 的区域"),
        ({"status": "nonsense"}, "选择一个有效的选项"),
        ({"page": "abc", "inbox": "to_accept"}, "待受理"),
    ],
)
def test_it_explains_bad_filters_in_chinese_without_failing(
    client, city, people, spread, params, message
):
    client.force_login(people.dispatcher)
    response = client.get(reverse("cases:case-list"), params)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_it_escapes_what_residents_typed(client, city, people):
    new_case(city, description="<script>alert(1)</script>门口垃圾")
    client.force_login(people.dispatcher)
    page = client.get(reverse("cases:case-list"), {"inbox": "to_accept"}).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_it_offers_batch_buttons_only_to_those_who_may(client, city, people, spread):
    client.force_login(people.dispatcher)
    page = client.get(reverse("cases:case-list")).content.decode()
    assert 'id="batch-accept"' in page and 'id="batch-dispatch"' in page
    client.force_login(people.handler)
    page = client.get(reverse("cases:case-list")).content.decode()
    assert "批量" not in page and 'name="codes"' not in page


def test_it_batch_accepts_and_reports_what_failed(client, city, people):
    fresh = [new_case(city) for _ in range(2)]
    unclassified = new_case(city, category=None)
    far = new_case(city, community=3)
    client.force_login(people.dispatcher)
    codes = [c.code for c in (*fresh, unclassified, far)]
    response = client.post(
        reverse("cases:case-batch"),
        {"action": "accept", "codes": codes, "next": "/cases/?inbox=to_accept"},
        follow=True,
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/cases/?inbox=to_accept"
    assert "已受理 2 件，2 件未能处理" in page
    assert f"{unclassified.code}：立案前请先选择案件分类" in page
    assert f"{far.code}：案件不存在或不在您的管辖范围内" in page
    assert Case.objects.filter(status=Status.ACCEPTED).count() == 2
    far.refresh_from_db()
    assert far.status == Status.REPORTED
    assert list(fresh[0].events.values_list("action", flat=True)) == ["report", "accept"]


def test_it_batch_dispatches_by_the_responsibility_matrix(client, city, people):
    cases = [walk_to(new_case(city), people, Status.ACCEPTED) for _ in range(2)]
    client.force_login(people.dispatcher)
    response = client.post(
        reverse("cases:case-batch"),
        {"action": "dispatch", "codes": [c.code for c in cases], "next": "https://evil.example/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("cases:case-list")
    assert "已派遣 2 件" in response.content.decode()
    for case in cases:
        case.refresh_from_db()
        assert case.status == Status.DISPATCHED
        assert case.department == city.departments["sanitation"]


def test_it_refuses_batch_actions_to_those_who_may_not(client, city, people):
    case = new_case(city)
    client.force_login(people.handler)
    response = client.post(
        reverse("cases:case-batch"), {"action": "accept", "codes": [case.code]}, follow=True
    )
    assert "0 件" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.REPORTED


def test_it_shows_outsiders_no_case_anywhere(client, city, people, spread):
    client.force_login(people.outsider)
    response = client.get(reverse("cases:case-list"), {"status": "open"})
    page = response.content.decode()
    assert response.status_code == 200
    assert not any(case.code in page for case in spread.values())
    response = client.post(
        reverse("cases:case-batch"),
        {"action": "accept", "codes": [spread[Status.REPORTED].code]},
        follow=True,
    )
    assert "不在您的管辖范围内" in response.content.decode()
    spread[Status.REPORTED].refresh_from_db()
    assert spread[Status.REPORTED].status == Status.REPORTED


def test_it_keeps_the_chosen_filters_selected_in_the_form(client, city, people):
    client.force_login(people.dispatcher)
    major = category("06010").parent
    params = {"inbox": "open", "channel": "qr", "category": major.pk, "area": city.streets[0].code}
    page = client.get(reverse("cases:case-list"), params).content.decode()
    assert '<option value="qr" selected>城管码</option>' in page
    assert f'<option value="{major.pk}" selected>{major.name}</option>' in page
    assert f'<option value="{city.streets[0].code}" selected>' in page
    assert '<optgroup label="事项">' in page
    # Areas outside the user's scope are not offered.
    assert city.streets[1].code not in page
