"""Every workflow action, allowed for the right persona and refused for the wrong one."""

from datetime import timedelta

import pytest
from django.utils import timezone

from civicgrid.cases import services
from civicgrid.cases import workflow as wf
from civicgrid.cases.choices import Status
from civicgrid.cases.models import CaseEvent, ImmutableError, WhistleSummons
from civicgrid.cases.tests.helpers import category, new_case, walk_to
from civicgrid.demo.photos import photo

pytestmark = pytest.mark.django_db


def test_it_walks_the_whole_loop_and_logs_one_event_per_step(city, people):
    case = new_case(city)
    assert case.status == Status.REPORTED and case.due_at is not None
    walk_to(case, people, Status.CLOSED)
    wf.rate(case=case, actor=None, score=4, comment="处理及时")
    case.refresh_from_db()
    assert case.rating == 4 and case.closed_at and case.department.code == "sanitation"
    actions = list(case.events.values_list("action", flat=True))
    assert actions == ["report", "accept", "dispatch", "start", "finish", "verify", "close", "rate"]
    assert case.attachments.filter(kind="after").count() == 1


def test_it_routes_dispatch_through_the_responsibility_matrix(city, people):
    case = new_case(city, category=category("01001", "component"))  # 供水井盖 -> water company
    walk_to(case, people, Status.DISPATCHED)
    assert case.department.code == "water"


@pytest.mark.parametrize(
    "persona, action, status",
    [
        ("grid_worker", "accept", Status.REPORTED),
        ("handler", "accept", Status.REPORTED),
        ("outsider", "accept", Status.REPORTED),
        ("neighbour", "self_handle", Status.REPORTED),
        ("grid_worker", "dispatch", Status.ACCEPTED),
        ("other_handler", "start", Status.DISPATCHED),
        ("dispatcher", "start", Status.DISPATCHED),
        ("other_handler", "finish", Status.IN_PROGRESS),
        ("handler", "verify", Status.HANDLED),
        ("grid_worker", "close", Status.VERIFIED),
        ("leader", "close", Status.VERIFIED),
        ("handler", "urge", Status.DISPATCHED),
        ("grid_worker", "whistle", Status.ACCEPTED),
        ("handler", "approve_extension", Status.IN_PROGRESS),
        ("station_head", "recategorize", Status.ACCEPTED),
        ("handler", "merge", Status.REPORTED),
        ("grid_worker", "reject", Status.REPORTED),
        ("grid_worker", "send_back", Status.DISPATCHED),
        ("handler", "rework", Status.HANDLED),
        ("handler", "escalate", Status.ACCEPTED),
        ("other_handler", "report_in", Status.DISPATCHED),
        ("grid_worker", "request_extension", Status.IN_PROGRESS),
        ("handler", "deny_extension", Status.IN_PROGRESS),
        ("handler", "rate", Status.CLOSED),
        ("grid_worker", "reopen", Status.CLOSED),
    ],
)
def test_it_refuses_actions_outside_a_persona_permissions(city, people, persona, action, status):
    case = walk_to(new_case(city), people, status)
    actor = getattr(people, persona)
    assert action not in [r.action for r in wf.allowed_actions(case, actor)]
    with pytest.raises(wf.NotAllowed):
        call(action, case, actor, people)
    case.refresh_from_db()
    assert case.status == status
    assert not case.events.filter(action=action).exists()


def call(action, case, actor, people, **extra):
    """Call an action with plausible input, so only the rule under test can refuse it."""
    later = timezone.now() + timedelta(days=30)
    kwargs = {
        "accept": {},
        "reject": {"reason": "不属于城管职责"},
        "self_handle": {"note": "已处理", "photos": [photo()]},
        "dispatch": {},
        "start": {},
        "send_back": {"reason": "非本部门职责"},
        "finish": {"note": "已处理", "photos": [photo()]},
        "verify": {},
        "rework": {"reason": "没有处理干净"},
        "close": {},
        "rate": {"score": 5},
        "reopen": {"reason": "问题又出现了"},
        "escalate": {"reason": "社区协调不了"},
        "whistle": {"departments": [people.handler.staff.department]},
        "report_in": {},
        "urge": {"note": "请尽快"},
        "request_extension": {"until": later, "reason": "需要采购材料"},
        "approve_extension": {},
        "deny_extension": {"reason": "理由不充分"},
        "recategorize": {"category": category("06042")},
        "merge": {"into": extra.pop("into", None) or duplicate_target(case)},
    }[action]
    kwargs.update(extra)
    return getattr(wf, action)(case=case, actor=actor, **kwargs)


def duplicate_target(case):
    return services.report(
        channel="hotline",
        description="同一处垃圾又有人反映",
        community=case.grid.parent,
        category=case.category,
    )


@pytest.mark.parametrize(
    "action, status",
    [
        ("dispatch", Status.REPORTED),
        ("start", Status.ACCEPTED),
        ("finish", Status.ACCEPTED),
        ("verify", Status.IN_PROGRESS),
        ("close", Status.HANDLED),
        ("rate", Status.HANDLED),
        ("reject", Status.ACCEPTED),
        ("urge", Status.REPORTED),
        ("reopen", Status.VERIFIED),
    ],
)
def test_it_refuses_actions_in_the_wrong_state_with_a_chinese_message(city, people, action, status):
    case = walk_to(new_case(city), people, status)
    admin = city.users["admin"]
    with pytest.raises(wf.IllegalTransition) as refused:
        call(action, case, admin, people)
    assert "案件当前状态为" in str(refused.value)
    case.refresh_from_db()
    assert case.status == status


def test_it_lets_a_grid_worker_self_handle_and_the_station_head_verify(city, people):
    case = new_case(city, channel="grid")
    wf.self_handle(case=case, actor=people.grid_worker, note="已现场清理", photos=[photo("after")])
    assert case.status == Status.HANDLED and case.tier == "self"
    wf.verify(case=case, actor=people.station_head)
    assert case.status == Status.VERIFIED


def test_it_requires_after_photos_to_finish(city, people):
    case = walk_to(new_case(city), people, Status.IN_PROGRESS)
    with pytest.raises(wf.InvalidInput, match="照片"):
        wf.finish(case=case, actor=people.handler, note="已处理", photos=[])


def test_it_sends_back_to_the_dispatcher_with_a_reason(city, people):
    case = walk_to(new_case(city), people, Status.DISPATCHED)
    with pytest.raises(wf.InvalidInput):
        wf.send_back(case=case, actor=people.handler, reason="  ")
    wf.send_back(case=case, actor=people.handler, reason="不属于环卫职责")
    assert case.status == Status.ACCEPTED and case.department is None
    assert case.events.last().note == "不属于环卫职责"


def test_it_counts_rework_when_verification_fails(city, people):
    case = walk_to(new_case(city), people, Status.HANDLED)
    wf.rework(case=case, actor=people.grid_worker, reason="现场仍有垃圾")
    assert case.status == Status.DISPATCHED and case.rework_count == 1
    assert case.handled_at is None and case.due_at > timezone.now()


def test_it_rejects_with_a_reason_and_stops_the_clock(city, people):
    case = new_case(city)
    with pytest.raises(wf.InvalidInput, match="理由"):
        wf.reject(case=case, actor=people.dispatcher, reason="")
    wf.reject(case=case, actor=people.dispatcher, reason="属于物业管理范围")
    assert case.status == Status.REJECTED and case.due_at is None


def test_it_lets_the_resident_rate_once(city, people):
    case = walk_to(new_case(city), people, Status.CLOSED)
    with pytest.raises(wf.InvalidInput):
        wf.rate(case=case, score=6)
    wf.rate(case=case, score=2, comment="太慢")
    with pytest.raises(wf.IllegalTransition, match="已评价"):
        wf.rate(case=case, score=5)


def test_it_lets_the_resident_reopen_within_the_window_only(city, people):
    case = walk_to(new_case(city), people, Status.CLOSED)
    wf.reopen(case=case, reason="垃圾又堆起来了")
    assert case.status == Status.ACCEPTED and case.closed_at is None

    old = walk_to(new_case(city), people, Status.CLOSED)
    wf.Case.objects.filter(pk=old.pk).update(closed_at=timezone.now() - timedelta(days=8))
    old.refresh_from_db()
    with pytest.raises(wf.IllegalTransition, match="7 天"):
        wf.reopen(case=old, reason="又出现了")


def test_it_escalates_up_the_tree_until_the_district(city, people):
    case = walk_to(new_case(city), people, Status.ACCEPTED)
    levels = []
    for _ in range(3):
        wf.escalate(case=case, actor=people.dispatcher, reason="需上级协调")
        levels.append(case.escalated_to.level)
    assert levels == [4, 3, 2]  # community, street, district
    with pytest.raises(wf.IllegalTransition, match="最高层级"):
        wf.escalate(case=case, actor=people.dispatcher, reason="再上报")


def test_it_whistles_departments_each_with_its_own_clock(city, people):
    case = walk_to(new_case(city), people, Status.ACCEPTED)
    water = people.other_handler.staff.department
    sanitation = people.handler.staff.department
    event = wf.whistle(case=case, actor=people.station_head, departments=[water, sanitation])
    summons = WhistleSummons.objects.filter(case=case)
    assert summons.count() == 2
    assert all(s.respond_due - event.at == timedelta(minutes=30) for s in summons)
    # A summoned department now sees the case and reports in; the other clock keeps running.
    assert case in wf.Case.objects.visible_to(people.other_handler)
    wf.report_in(case=case, actor=people.other_handler, note="已到场")
    assert summons.get(department=water).responded_at is not None
    assert summons.get(department=sanitation).responded_at is None


def test_it_urges_and_counts(city, people):
    case = walk_to(new_case(city), people, Status.DISPATCHED)
    wf.urge(case=case, actor=people.leader, note="请加快")
    wf.urge(case=case, actor=people.dispatcher, note="群众再次来电")
    assert case.urge_count == 2
    assert not case.events.filter(action="urge").first().public


def test_it_moves_the_deadline_only_when_an_extension_is_approved(city, people):
    case = walk_to(new_case(city), people, Status.IN_PROGRESS)
    until = case.handle_due + timedelta(days=5)
    with pytest.raises(wf.InvalidInput, match="晚于"):
        wf.request_extension(case=case, actor=people.handler, until=case.handle_due, reason="x")
    wf.request_extension(case=case, actor=people.handler, until=until, reason="需要采购配件")
    with pytest.raises(wf.IllegalTransition, match="待审批"):
        wf.request_extension(case=case, actor=people.handler, until=until, reason="再申请")
    wf.approve_extension(case=case, actor=people.dispatcher)
    assert case.handle_due == until and case.due_at == until and case.extension_until is None

    other = walk_to(new_case(city), people, Status.IN_PROGRESS)
    due = other.handle_due
    wf.request_extension(
        case=other, actor=people.handler, until=due + timedelta(days=2), reason="x"
    )
    wf.deny_extension(case=other, actor=people.dispatcher, reason="可以按期完成")
    assert other.handle_due == due and other.extension_until is None


def test_it_reroutes_a_dispatched_case_when_recategorized(city, people):
    case = walk_to(new_case(city), people, Status.DISPATCHED)
    assert case.department.code == "sanitation"
    wf.recategorize(case=case, actor=people.dispatcher, category=category("01001", "component"))
    assert case.department.code == "water" and case.status == Status.DISPATCHED


def test_it_merges_a_duplicate_into_an_open_case(city, people):
    first, second = new_case(city), new_case(city)
    with pytest.raises(wf.InvalidInput):
        wf.merge(case=second, actor=people.dispatcher, into=second)
    wf.merge(case=second, actor=people.dispatcher, into=first)
    first.refresh_from_db()
    assert second.status == Status.MERGED and second.duplicate_of == first
    assert first.supporter_count == 1


def test_it_tells_a_stale_actor_that_the_case_changed(city, people):
    case = walk_to(new_case(city), people, Status.ACCEPTED)
    stale = wf.Case.objects.get(pk=case.pk)
    wf.dispatch(case=case, actor=people.dispatcher)
    with pytest.raises(wf.CaseChanged, match="已被他人更新"):
        wf.dispatch(case=stale, actor=people.dispatcher)
    assert case.events.filter(action="dispatch").count() == 1


def test_it_never_changes_or_deletes_an_event(city, people):
    case = new_case(city)
    event = case.events.get()
    event.note = "篡改"
    with pytest.raises(ImmutableError):
        event.save()
    with pytest.raises(ImmutableError):
        event.delete()
    assert CaseEvent.objects.get(pk=event.pk).note != "篡改"


def test_it_leaves_nothing_half_written_when_an_action_fails(city, people):
    case = walk_to(new_case(city), people, Status.IN_PROGRESS)
    before = case.events.count()
    with pytest.raises(wf.InvalidInput):
        # The extension check runs inside the transaction, after the case row is locked.
        wf.request_extension(case=case, actor=people.handler, until=timezone.now(), reason="x")
    case.refresh_from_db()
    assert case.extension_until is None and case.events.count() == before
