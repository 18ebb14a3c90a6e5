"""The demo's bulk history writes what the real services and workflow write for the same steps."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from civicgrid.cases import services, sla
from civicgrid.cases import workflow as wf
from civicgrid.cases.models import Attachment, Case, CaseEvent, WhistleSummons
from civicgrid.cases.tests.helpers import category
from civicgrid.demo.lifecycle import Life, save_all, swept
from civicgrid.demo.photos import photo

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 4, 9, 0, 7, 123456, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Wednesday


def _report_fields(city, *, channel="qr", request_type="complaint"):
    grid = next(g for g in city.grids if g.parent_id == city.communities[0].pk)
    grid.refresh_from_db()
    return dict(
        channel=channel,
        request_type=request_type,
        description="小区门口有一堆生活垃圾没人清理",
        category=category(),
        lng=grid.centroid_lng,
        lat=grid.centroid_lat,
        address="西津路小区门口",
        reporter_name="王芳",
        reporter_phone="13812345678",
    )


def _dispatched_steps(city, people):
    """(minutes after the report, action, arguments): every action the demo history uses."""
    head, grid_worker = people.station_head, people.grid_worker
    water, power = city.departments["water"], city.departments["power"]
    near = dict(lng=114.9081, lat=25.8725)
    return [
        (110, "accept", dict(actor=people.dispatcher)),  # late enough to be warned first
        (125, "dispatch", dict(actor=people.dispatcher)),
        (140, "escalate", dict(actor=head, reason="涉及多个部门，社区协调不了")),
        (150, "whistle", dict(actor=head, departments=[water, power], note="请到场")),
        (170, "report_in", dict(actor=city.handlers["water"][0], note="已到场")),
        (200, "start", dict(actor=people.handler)),
        (60 * 24 * 4, "urge", dict(actor=people.dispatcher, note="请尽快处置")),
        (60 * 24 * 6, "finish", dict(actor=people.handler, note="已处置完毕", photos=1)),
        (60 * 24 * 6 + 90, "rework", dict(actor=grid_worker, reason="仍未处理干净", **near)),
        (60 * 24 * 7, "finish", dict(actor=people.handler, note="已返工处理", photos=1)),
        (60 * 24 * 7 + 60, "verify", dict(actor=grid_worker, note="现场核查已处理", **near)),
        (60 * 24 * 7 + 90, "close", dict(actor=people.dispatcher)),
        (60 * 24 * 8, "rate", dict(score=4, comment="满意")),
    ]


def _self_handled_steps(city, people):
    return [
        (20, "self_handle", dict(actor=people.grid_worker, note="已现场处理", photos=1)),
        (60 * 30, "verify", dict(actor=people.station_head, note="复核通过")),
        (60 * 31, "close", dict(actor=people.dispatcher)),
    ]


def _rejected_steps(city, people):
    return [(60, "reject", dict(actor=people.dispatcher, reason="不属于城市管理职责范围"))]


def _answered_steps(city, people):
    return [(45, "answer", dict(actor=people.dispatcher, reply="清运时间为每天 7 点和 18 点"))]


def _praise_steps(city, people):
    unit = city.departments["sanitation"]
    return [(30, "forward_praise", dict(actor=people.dispatcher, department=unit, note="转达"))]


def _real(fields, actor, steps) -> Case:
    """The steps through services.report and the workflow, swept as the serve loop would."""
    case = services.report(**fields, actor=actor, photos=[photo()], at=START)
    for minutes, action, kwargs in steps:
        at = START + timedelta(minutes=minutes)
        _sweep_until(case, at)
        kwargs = dict(kwargs)
        if "photos" in kwargs:
            kwargs["photos"] = [photo("after")] * kwargs["photos"]
        if action == "rate":
            kwargs["actor"] = None
        getattr(wf, action)(case=case, at=at, **kwargs)
    _sweep_until(case, _after(steps))
    case.refresh_from_db()
    return case


def _after(steps):
    return START + timedelta(minutes=steps[-1][0] + 1)


def _sweep_until(case, moment):
    """Run the minute sweep at the minutes where it changes something, up to `moment`."""
    case.refresh_from_db()
    for deadline in (case.warn_at, case.due_at):
        if deadline and swept(deadline) <= moment:
            sla.sweep(now=swept(deadline))
    case.refresh_from_db()  # the next action is taken on a page loaded after the sweep


def _bulk(fields, actor, steps) -> Case:
    life = Life.report(at=START, actor=actor, photos=["x.jpg"], code="DEMOTEST", **fields)
    for minutes, action, kwargs in steps:
        kwargs = dict(kwargs)
        if "photos" in kwargs:
            kwargs["photos"] = ["y.jpg"] * kwargs["photos"]
        if action == "escalate":
            kwargs["ancestor"] = lambda area, level: area.ancestor_at(level)
        getattr(life, action)(at=START + timedelta(minutes=minutes), **kwargs)
    life.sweep_until(_after(steps))
    save_all([life])
    return Case.objects.get(pk=life.case.pk)


def _fields(case):
    skip = {"id", "code"}
    return {f.attname: getattr(case, f.attname) for f in Case._meta.concrete_fields} | {
        k: None for k in skip
    }


def _events(case):
    return list(
        CaseEvent.objects.filter(case=case)
        .order_by("at", "pk")
        .values_list(
            "action",
            "actor",
            "actor_label",
            "at",
            "from_status",
            "to_status",
            "note",
            "public",
            "data",
        )
    )


def _photos(case):
    return list(
        Attachment.objects.filter(case=case)
        .order_by("uploaded_at", "pk")
        .values_list("kind", "uploaded_at", "event__action")
    )


def _summons(case):
    return list(
        WhistleSummons.objects.filter(case=case)
        .order_by("department")
        .values_list(
            "department",
            "summoned_at",
            "respond_due",
            "responded_at",
            "responded_by",
            "event__action",
        )
    )


@pytest.mark.parametrize(
    "steps, channel, reporter, kind",
    [
        (_dispatched_steps, "qr", None, "complaint"),
        (_self_handled_steps, "grid", "grid_worker", "complaint"),
        (_rejected_steps, "hotline", None, "complaint"),
        (_answered_steps, "phone", "dispatcher", "consult"),
        (_praise_steps, "visit", "dispatcher", "praise"),
    ],
)
def test_it_writes_what_the_workflow_writes(city, people, steps, channel, reporter, kind):
    fields = _report_fields(city, channel=channel, request_type=kind)
    actor = getattr(people, reporter) if reporter else None
    plan = steps(city, people)
    real = _real(fields, actor, plan)
    bulk = _bulk(fields, actor, plan)
    assert _fields(bulk) == _fields(real)
    assert _events(bulk) == _events(real)
    assert _photos(bulk) == _photos(real)
    assert _summons(bulk) == _summons(real)


def test_it_marks_late_stages_as_the_sweep_does(city, people):
    # The comparison above covers the sweep's marks only if the steps are late somewhere.
    bulk = _bulk(_report_fields(city), None, _dispatched_steps(city, people))
    actions = [e[0] for e in _events(bulk)]
    assert "warned" in actions and "overdue" in actions
    assert bulk.overdue_count >= 1
