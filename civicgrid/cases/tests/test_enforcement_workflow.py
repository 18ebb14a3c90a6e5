"""The enforcement tier: taking a case into enforcement, each measure's rule, the re-check."""

from datetime import timedelta

import pytest
from django.utils import timezone

from civicgrid.cases import workflow as wf
from civicgrid.cases.choices import Status, Tier
from civicgrid.cases.enforcement import rules
from civicgrid.cases.tests.enforcement_helpers import (
    SHOP,
    dispatched_to_squad,
    enforced,
    officer,
    vtype,
)
from civicgrid.demo.photos import photo

pytestmark = pytest.mark.django_db


def test_it_takes_a_case_into_enforcement_with_the_party_encrypted(city, people):
    case = enforced(city, people)
    case.refresh_from_db()
    assert case.tier == Tier.ENFORCEMENT and case.status == Status.IN_PROGRESS
    assert case.violation_type.code == "V09006"
    record = case.enforcement
    assert record.party_name == "老王水果店" and record.masked_phone == "139****5678"
    event = case.events.get(action="enforce")
    assert event.public and event.data == {"violation_type": "V09006", "party_kind": "shop"}
    # The party's data never goes into an event (the resident's timeline reads events).
    assert "老王" not in str(event.data) + event.note and "13912345678" not in str(event.data)


def test_it_refuses_an_officer_of_another_squad(city, people):
    case = dispatched_to_squad(city, people)
    with pytest.raises(wf.NotAllowed):
        wf.enforce(case=case, actor=officer(city, squad=2), violation_type=vtype(), **SHOP)


def test_it_asks_for_the_party_in_chinese(city, people):
    case = dispatched_to_squad(city, people)
    bad = [
        (dict(SHOP, party_name=" "), "请填写当事人名称或姓名"),
        (dict(SHOP, party_kind="alien"), "请选择当事人类型"),
        (dict(SHOP, party_phone="12345"), "手机"),
        (dict(SHOP, party_id_number="36<script>"), "证件号码只能包含数字和字母"),
    ]
    for party, message in bad:
        with pytest.raises(wf.InvalidInput, match=message):
            wf.enforce(case=case, actor=officer(city), violation_type=vtype(), **party)
    with pytest.raises(wf.InvalidInput, match="请选择违法行为类型"):
        wf.enforce(case=case, actor=officer(city), violation_type=None, **SHOP)


def test_it_closes_the_handling_with_education_and_goes_to_verification(city, people):
    case = enforced(city, people)
    wf.measure(case=case, actor=officer(city), measure="educate", note="已劝导收摊")
    case.refresh_from_db()
    assert case.status == Status.HANDLED and case.measure == "educate"
    wf.verify(case=case, actor=people.grid_worker)
    wf.close(case=case, actor=people.dispatcher)
    assert case.status == Status.CLOSED


def test_it_offers_no_finish_to_an_enforcement_case(city, people):
    case = enforced(city, people)
    with pytest.raises(wf.IllegalTransition, match="执法处置"):
        wf.finish(case=case, actor=officer(city), note="好了", photos=[photo("after")])


def test_it_grants_first_offence_once_per_party_and_type(city, people):
    first = enforced(city, people)
    with pytest.raises(wf.InvalidInput, match="及时改正"):
        wf.measure(case=first, actor=officer(city), measure="first_offence")
    wf.measure(case=first, actor=officer(city), measure="first_offence", corrected=True)
    assert first.measure == "first_offence"
    second = enforced(city, people, grid=1)
    offered, refused = rules.choices(second)
    assert "first_offence" not in dict(offered)
    assert any("不适用首违不罚" in str(why) for _label, why in refused)
    with pytest.raises(wf.InvalidInput, match=f"案件 {first.code}"):
        wf.measure(case=second, actor=officer(city), measure="first_offence", corrected=True)
    # Another party, or the same party for another violation type, is a first offence.
    other = enforced(city, people, party=dict(SHOP, party_id_number="92360702MA35ABC99Q"))
    assert "first_offence" in dict(rules.choices(other)[0])


def test_it_forgets_an_offence_older_than_the_look_back(city, people):
    first = enforced(city, people)
    wf.measure(case=first, actor=officer(city), measure="first_offence", corrected=True)
    type_ = vtype()
    type_.first_offence_days = 30
    type_.save()
    later = timezone.now() + timedelta(days=31)
    second = enforced(city, people, grid=1)
    assert rules.unavailable(second, "first_offence", now=later) is None
    assert rules.unavailable(second, "first_offence") is not None


def test_it_needs_an_id_number_to_tell_a_first_offence(city, people):
    case = enforced(city, people, party=dict(SHOP, party_id_number=""))
    with pytest.raises(wf.InvalidInput, match="证件号码"):
        wf.measure(case=case, actor=officer(city), measure="first_offence")


def test_it_exempts_a_minor_offence_only_when_minor_and_corrected(city, people):
    case = enforced(city, people)
    with pytest.raises(wf.InvalidInput, match="情节轻微"):
        wf.measure(case=case, actor=officer(city), measure="minor_exempt", corrected=True)
    with pytest.raises(wf.InvalidInput, match="及时改正"):
        wf.measure(case=case, actor=officer(city), measure="minor_exempt", minor=True)
    wf.measure(case=case, actor=officer(city), measure="minor_exempt", minor=True, corrected=True)
    case.enforcement.refresh_from_db()
    assert case.measure == "minor_exempt" and case.enforcement.corrected is True


def test_it_allows_only_the_measures_of_the_type(city, people):
    case = enforced(city, people, vt="V06036")  # 堆放物料: no first offence
    with pytest.raises(wf.InvalidInput, match="不适用“首违不罚”"):
        wf.measure(case=case, actor=officer(city), measure="first_offence")
    with pytest.raises(wf.InvalidInput, match="未知的处置措施"):
        wf.measure(case=case, actor=officer(city), measure="jail")
    offered = dict(rules.choices(case)[0])
    assert set(offered) == {"educate", "order_correct", "penalty"}


def test_it_needs_the_service_for_public_service(city, people):
    case = enforced(city, people)
    with pytest.raises(wf.InvalidInput, match="公益服务内容"):
        wf.measure(case=case, actor=officer(city), measure="public_service")
    wf.measure(case=case, actor=officer(city), measure="public_service", service="社区保洁 4 小时")
    case.enforcement.refresh_from_db()
    assert case.enforcement.service == "社区保洁 4 小时"


def test_it_needs_a_deadline_within_the_types_limit_to_order_a_correction(city, people):
    case = enforced(city, people, vt="V06036")  # at most 3 days
    now = timezone.now()
    for deadline, message in [
        (None, "须设定改正期限"),
        (now - timedelta(hours=1), "须晚于当前时间"),
        (now + timedelta(days=4), "最长 3 天"),
    ]:
        with pytest.raises(wf.InvalidInput, match=message):
            wf.measure(case=case, actor=officer(city), measure="order_correct", deadline=deadline)
    deadline = now + timedelta(days=2)
    event = wf.measure(case=case, actor=officer(city), measure="order_correct", deadline=deadline)
    case.refresh_from_db()
    assert event.action == "order_correct" and case.status == Status.IN_PROGRESS
    assert case.due_at == deadline and case.enforcement.recheck_pending
    # While the order runs, no other measure; the re-check is the next step.
    with pytest.raises(wf.IllegalTransition, match="到期复查"):
        wf.measure(case=case, actor=officer(city), measure="educate")
    offered = {r.action for r in wf.allowed_actions(case, officer(city))}
    assert "recheck" in offered and not offered & {"measure", "finish", "enforce"}


def test_it_closes_the_order_when_the_recheck_finds_it_corrected(city, people):
    case = enforced(city, people)
    deadline = timezone.now() + timedelta(hours=12)
    wf.measure(case=case, actor=officer(city), measure="order_correct", deadline=deadline)
    wf.recheck(case=case, actor=officer(city), corrected="1", photos=[photo("after")])
    case.refresh_from_db()
    assert case.status == Status.HANDLED and case.enforcement.corrected is True


def test_it_leaves_only_a_penalty_when_the_recheck_finds_it_not_corrected(city, people):
    case = enforced(city, people)
    deadline = timezone.now() + timedelta(hours=12)
    wf.measure(case=case, actor=officer(city), measure="order_correct", deadline=deadline)
    with pytest.raises(wf.InvalidInput, match="写明现场情况"):
        wf.recheck(case=case, actor=officer(city), corrected="0")
    with pytest.raises(wf.InvalidInput, match="复查结果"):
        wf.recheck(case=case, actor=officer(city), corrected="")
    event = wf.recheck(case=case, actor=officer(city), corrected="0", note="仍在占道")
    assert event.action == "recheck_failed" and case.status == Status.IN_PROGRESS
    assert dict(rules.choices(case)[0]) == {"penalty": "行政处罚"}
    with pytest.raises(wf.InvalidInput, match="只能依法予以行政处罚"):
        wf.measure(case=case, actor=officer(city), measure="educate")
    with pytest.raises(wf.InvalidInput, match="处罚决定书文号"):
        wf.measure(case=case, actor=officer(city), measure="penalty")
    event = wf.measure(
        case=case, actor=officer(city), measure="penalty", decision_no="赣章城罚决字〔2026〕18号"
    )
    case.refresh_from_db()
    assert case.status == Status.HANDLED and case.measure == "penalty"
    assert case.enforcement.legal_basis == vtype().legal_basis
    assert event.data["decision_no"] == "赣章城罚决字〔2026〕18号"


def test_it_refuses_a_second_enforcement_and_a_measure_outside_enforcement(city, people):
    case = enforced(city, people)
    with pytest.raises(wf.IllegalTransition, match="已转入执法处置"):
        wf.enforce(case=case, actor=officer(city), violation_type=vtype(), **SHOP)
    plain = dispatched_to_squad(city, people, grid=1)
    wf.start(case=plain, actor=officer(city))
    with pytest.raises(wf.IllegalTransition, match="未转入执法处置"):
        wf.measure(case=plain, actor=officer(city), measure="educate")


def test_it_files_the_evidence_as_before_photos_and_the_correction_as_after(city, people):
    case = dispatched_to_squad(city, people)
    wf.enforce(
        case=case, actor=officer(city), violation_type=vtype(), **SHOP, photos=[photo("before")]
    )
    wf.measure(case=case, actor=officer(city), measure="educate", photos=[photo("after")])
    kinds = list(case.attachments.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["before", "after"]
