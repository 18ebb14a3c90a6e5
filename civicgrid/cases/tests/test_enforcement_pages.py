"""The enforcement pages: the form offers only what the guide allows, the party is masked and
shown in full only to those allowed (logged), outsiders get 404/403, bad input gets Chinese."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from civicgrid.audit.models import AuditEntry, Kind
from civicgrid.cases import workflow as wf
from civicgrid.cases.choices import Status
from civicgrid.cases.enforcement.services import measures_for
from civicgrid.cases.models import Case
from civicgrid.cases.tests.enforcement_helpers import (
    SHOP,
    dispatched_to_squad,
    enforced,
    officer,
    vtype,
)

pytestmark = pytest.mark.django_db


def act(client, case, action, data, where="cases:case-act"):
    url = reverse(where, kwargs={"code": case.code, "action": action})
    return client.post(url, {"version": case.version, **data}, follow=True)


def client_for(client, user):
    client.force_login(user)
    return client


def page_of(client, case):
    return client.get(reverse("cases:case-detail", args=[case.code])).content.decode()


def test_it_takes_a_case_into_enforcement_from_the_case_page(client, city, people):
    case = dispatched_to_squad(city, people)
    client.force_login(officer(city))
    page = page_of(client, case)
    assert "转入执法处置" in page and 'id="action-enforce"' in page
    data = {
        "violation_type": vtype().pk,
        "party_kind": "shop",
        "party_name": "老王水果店",
        "party_id_number": "92360702ma35xyz12k",
        "party_phone": "139 1234 5678",
        "note": "现场检查",
    }
    response = act(client, case, "enforce", data)
    assert "已转入执法处置" in response.content.decode()
    case.refresh_from_db()
    assert case.enforcement.party_id_number == "92360702MA35XYZ12K"
    assert case.enforcement.party_phone == "13912345678"


def test_it_answers_bad_party_input_in_chinese(client, city, people):
    case = dispatched_to_squad(city, people)
    client.force_login(officer(city))
    data = {"violation_type": vtype().pk, "party_kind": "shop", "party_name": "店"}
    page = act(client, case, "enforce", {**data, "party_phone": "1234"}).content.decode()
    assert "手机号" in page
    page = act(client, case, "enforce", {**data, "violation_type": 999999}).content.decode()
    assert "违法行为类型" in page and "选择一个有效的选项" in page
    case.refresh_from_db()
    assert case.status == Status.DISPATCHED


def test_it_offers_only_the_measures_the_guide_allows_and_says_why_not(client, city, people):
    first = enforced(city, people)
    wf.measure(case=first, actor=officer(city), measure="first_offence", corrected=True)
    second = enforced(city, people, grid=1)
    client.force_login(officer(city))
    page = page_of(client, second)
    assert 'value="educate"' in page and 'value="penalty"' in page
    assert 'value="first_offence"' not in page
    assert "不可用“首违不罚”" in page and first.code in page
    # Posted anyway, the measure is refused with the same reason.
    page = act(client, second, "measure", {"measure": "first_offence"}).content.decode()
    assert "首违不罚" in page
    second.refresh_from_db()
    assert second.measure == ""


def test_it_refuses_an_order_to_correct_without_a_deadline_in_chinese(client, city, people):
    case = enforced(city, people)
    client.force_login(officer(city))
    page = act(client, case, "measure", {"measure": "order_correct", "deadline": ""})
    assert "责令改正须设定改正期限" in page.content.decode()
    page = act(client, case, "measure", {"measure": "order_correct", "deadline": "明天"})
    assert "日期" in page.content.decode()
    case.refresh_from_db()
    assert case.measure == ""


def test_it_masks_the_party_and_logs_the_full_view(client, city, people):
    case = enforced(city, people)
    client.force_login(people.dispatcher)
    page = page_of(client, case)
    assert "老王***" in page and "139****5678" in page and "923***********Z12K" in page
    assert "13912345678" not in page and "老王水果店" not in page
    assert 'id="reveal-party"' not in page  # the dispatcher may not see it in full
    url = reverse("cases:case-party", args=[case.code])
    assert client.post(url).status_code == 403
    client.force_login(officer(city))
    assert 'id="reveal-party"' in page_of(client, case)
    shown = client.post(url, follow=True).content.decode()
    assert "老王水果店" in shown and "13912345678" in shown and "本次查看已记录" in shown
    entry = AuditEntry.objects.filter(kind=Kind.PII_VIEW).latest("at")
    assert entry.actor == officer(city) and entry.target == case.code
    assert entry.data == {"field": "enforcement.party"}


@pytest.mark.parametrize("who", ["other_squad", "outsider"])
def test_it_hides_the_case_from_an_officer_of_another_area(client, city, people, who):
    case = enforced(city, people)
    user = officer(city, squad=2) if who == "other_squad" else people.outsider
    client.force_login(user)
    assert client.get(reverse("cases:case-detail", args=[case.code])).status_code == 404
    assert client.post(reverse("cases:case-party", args=[case.code])).status_code == 404
    url = reverse("cases:case-act", kwargs={"code": case.code, "action": "measure"})
    assert client.post(url, {"version": case.version, "measure": "educate"}).status_code == 404
    field = reverse("field:task-act", kwargs={"code": case.code, "action": "measure"})
    assert client.post(field, {"version": case.version, "measure": "educate"}).status_code == 404
    case.refresh_from_db()
    assert case.measure == ""


def test_it_refuses_enforcement_to_staff_without_the_action(client, city, people):
    case = dispatched_to_squad(city, people)
    client.force_login(people.dispatcher)
    assert 'id="action-enforce"' not in page_of(client, case)
    page = act(client, case, "enforce", {"violation_type": vtype().pk, **SHOP}).content.decode()
    assert "您没有权限" in page


def test_it_shows_the_measure_on_the_residents_timeline_without_the_party(client, city, people):
    case = enforced(city, people)
    deadline = timezone.now() + timedelta(hours=20)
    wf.measure(case=case, actor=officer(city), measure="order_correct", deadline=deadline)
    wf.recheck(case=case, actor=officer(city), corrected="0", note="老王仍在占道")
    wf.measure(case=case, actor=officer(city), measure="penalty", decision_no="章城管罚〔2026〕7号")
    client.logout()
    page = client.get(reverse("intake:track", args=[case.code])).content.decode()
    assert "转入执法处置" in page and "违法行为：占道经营" in page
    assert "处置措施：责令改正，改正期限" in page and "复查结果：未改正" in page
    assert "处置措施：行政处罚，处罚决定书 章城管罚〔2026〕7号" in page
    for secret in ("老王", "13912345678", "92360702", "139****5678"):
        assert secret not in page  # the officer's notes stay inside too
    staff = page_of(client_for(client, officer(city)), case)
    assert "老王仍在占道" in staff


def test_it_filters_and_exports_by_tier_and_measure(client, city, people):
    educated = enforced(city, people)
    wf.measure(case=educated, actor=officer(city), measure="educate")
    ordinary = dispatched_to_squad(city, people, grid=1)
    client.force_login(people.dispatcher)
    listing = client.get(reverse("cases:case-list"), {"tier": "enforcement"}).content.decode()
    assert educated.code in listing and ordinary.code not in listing
    listing = client.get(reverse("cases:case-list"), {"measure": "penalty"}).content.decode()
    assert educated.code not in listing
    bad = client.get(reverse("cases:case-list"), {"measure": "jail"})
    assert bad.status_code == 200 and "选择一个有效的选项" in bad.content.decode()
    api = client.get("/api/v1/cases", {"measure": "educate"}).json()
    assert [c["code"] for c in api["items"]] == [educated.code]
    response = client.get(reverse("cases:case-export"), {"tier": "enforcement"})
    rows = CalamineWorkbook.from_filelike(_file(response)).get_sheet_by_index(0).to_python()
    header = rows[0]
    row = dict(zip(header, rows[1], strict=True))
    assert row["处置层级"] == "执法处置" and row["违法行为"] == "占道经营"
    assert row["处置措施"] == "教育劝导" and len(rows) == 2


def _file(response):
    return io.BytesIO(b"".join(response.streaming_content))


def test_measures_for_counts_each_measure(city, people):
    case = enforced(city, people)
    wf.measure(case=case, actor=officer(city), measure="educate")
    counts = measures_for(Case.objects.filter(pk=case.pk))
    assert counts["educate"] == 1 and counts["penalty"] == 0 and len(counts) == 6


def test_it_runs_the_enforcement_actions_through_the_api(client, city, people):
    case = dispatched_to_squad(city, people)
    client.force_login(officer(city))
    url = f"/api/v1/cases/{case.code}/actions/"
    body = {"version": case.version, "violation_type": vtype().pk, **SHOP}
    answer = client.post(url + "enforce", body, content_type="application/json")
    assert answer.status_code == 200, answer.content
    deadline = (timezone.now() + timedelta(hours=12)).isoformat()
    body = {"version": answer.json()["case"]["version"], "measure": "order_correct"}
    refused = client.post(url + "measure", body, content_type="application/json")
    assert refused.status_code == 422 and "改正期限" in refused.json()["detail"]
    answer = client.post(
        url + "measure", {**body, "deadline": deadline}, content_type="application/json"
    )
    assert answer.status_code == 200 and answer.json()["event"] == "责令改正"
    body = {"version": answer.json()["case"]["version"], "corrected": True}
    answer = client.post(url + "recheck", body, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["event"] == "复查"
