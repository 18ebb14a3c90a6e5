"""What each action changes on a case, apart from checking its input."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.choices import Level
from civicgrid.cases import search
from civicgrid.cases.choices import (
    Clock,
    Tier,
)
from civicgrid.cases.errors import InvalidInput
from civicgrid.cases.models import Case, CaseEvent, WhistleSummons
from civicgrid.cases.sla import start_stage
from civicgrid.cases.workflow.core import _require
from civicgrid.catalog.choices import Stage
from civicgrid.catalog.routing import responsible_department

# --- what each action changes -------------------------------------------------------------
# The state change of each action, apart from checking its input: `transition()` applies it to
# a working copy of the case, and the demo history (demo/lifecycle.py) applies the same
# function to cases it builds in memory, so both write exactly the same fields. Report-in and
# merge also change other rows (the summons, the target case), so they keep their change
# beside their action below.


def change_accept(c: Case, now: datetime, *, category=None, urgency=None) -> None:
    if category is not None:
        c.category = category
    if urgency:
        c.urgency = urgency
    _require(c.category_id, _("立案前请先选择案件分类"))
    c.accepted_at = now
    c.tier = c.tier or Tier.DISPATCH
    start_stage(c, Stage.DISPATCH, now)


def change_self_handle(c: Case, now: datetime, *, actor, category=None) -> None:
    if category is not None:
        c.category = category
    c.tier = Tier.SELF
    c.accepted_at = c.accepted_at or now
    c.handled_at = now
    c.handler = actor
    start_stage(c, Stage.VERIFY, now)


def change_dispatch(c: Case, now: datetime, *, department=None, handler=None) -> None:
    c.department = department or responsible_department(c.category, c.area_path)
    _require(c.department_id, _("请选择处置部门（责任矩阵中没有匹配的部门）"))
    c.handler = handler
    c.dispatched_at = now
    start_stage(c, Stage.HANDLE, now)


def change_start(c: Case, now: datetime, *, actor) -> None:
    c.handler = c.handler or actor


def change_send_back(c: Case, now: datetime) -> None:
    c.department = None
    c.handler = None
    c.extension_until = None
    start_stage(c, Stage.DISPATCH, now)


def change_finish(c: Case, now: datetime) -> None:
    c.handled_at = now
    c.extension_until = None
    start_stage(c, Stage.VERIFY, now)


def change_verify(c: Case, now: datetime) -> None:
    c.verified_at = now
    _finish_clock(c, now)


def change_rework(c: Case, now: datetime, *, department=None) -> None:
    if department is not None:
        c.department = department
    _require(c.department_id, _("随手办案件返工时请选择处置部门"))
    c.rework_count += 1
    c.handled_at = None
    c.dispatched_at = now
    start_stage(c, Stage.HANDLE, now)


def change_close(c: Case, now: datetime) -> None:
    c.closed_at = now
    _finish_clock(c, now)


def change_rate(c: Case, now: datetime, *, score: int, comment: str = "") -> None:
    c.rating = score
    c.rating_comment = comment[:500]


def change_reopen(c: Case, now: datetime) -> None:
    c.closed_at = None
    c.verified_at = None
    c.handled_at = None
    c.rating = None
    c.rating_comment = ""
    c.department = None
    start_stage(c, Stage.DISPATCH, now)


def change_escalate(c: Case, now: datetime, *, ancestor=None) -> None:
    """One level up; `ancestor(area, level)` finds the area (the demo passes a cached one)."""
    c.escalation_level += 1
    anchor = c.grid or c.escalated_to
    level = Level.GRID - c.escalation_level
    if ancestor is None:
        target = anchor.ancestor_at(level) if anchor else None
    else:
        target = ancestor(anchor, level) if anchor else None
    _require(target, _("找不到上一级区域，无法上报"))
    c.escalated_to = target


def change_reject(c: Case, now: datetime) -> None:
    _finish_clock(c, now)


def change_answer(c: Case, now: datetime) -> None:
    c.accepted_at = c.accepted_at or now
    c.closed_at = now
    _finish_clock(c, now)


def change_forward_praise(c: Case, now: datetime, *, department) -> None:
    # The praised unit is the case's department: issue 13's assessment counts praise per
    # department from (department, request_type).
    c.department = department
    change_answer(c, now)


def change_retype(c: Case, now: datetime, *, request_type: str) -> None:
    c.request_type = request_type


def change_request_extension(c: Case, now: datetime, *, until: datetime) -> None:
    if c.handle_due and until <= c.handle_due:
        raise InvalidInput(_("延期后的时限必须晚于当前处置时限"))
    c.extension_until = until


def change_approve_extension(c: Case, now: datetime) -> None:
    until = c.extension_until
    assert until is not None  # the rule's guard: an extension is pending
    c.handle_due = c.due_at = until
    c.warn_at = now + (until - now) * settings.CIVICGRID_WARN_SHARE
    c.clock = Clock.ON_TIME
    c.extension_until = None


def change_deny_extension(c: Case, now: datetime) -> None:
    c.extension_until = None


def change_recategorize(c: Case, now: datetime, *, category) -> None:
    c.category = category


def change_reroute(c: Case, now: datetime, *, category, department) -> None:
    c.category = category
    change_dispatch(c, now, department=department)


def change_urge(c: Case, now: datetime) -> None:
    c.urge_count += 1


def change_support(c: Case, now: datetime) -> None:
    c.supporter_count += 1


UPDATABLE = ("description", "address", "reporter_name", "reporter_phone", "request_type")


def change_hotline_update(c: Case, now: datetime, *, changes: dict) -> None:
    for name, value in changes.items():
        setattr(c, name, value)
    if "description" in changes or "address" in changes:
        search.index([(c.pk, c.description, c.address)])


def change_place(c: Case, now: datetime, *, area) -> None:
    c.grid = area if area.level == Level.GRID else None
    c.area_path = area.path


def _finish_clock(c: Case, now=None) -> None:
    c.due_at = None
    c.warn_at = None


def whistle_data(departments) -> dict:
    """The event data of a whistle: who is summoned and for how long."""
    return {
        "departments": [d.pk for d in departments],
        "minutes": settings.CIVICGRID_WHISTLE_MINUTES,
    }


def summonses(case: Case, event: CaseEvent, departments) -> list[WhistleSummons]:
    """One summons per department, each with its response clock from the whistle's time."""
    due = event.at + timedelta(minutes=event.data["minutes"])
    return [
        WhistleSummons(case=case, department=d, event=event, summoned_at=event.at, respond_due=due)
        for d in departments
    ]
