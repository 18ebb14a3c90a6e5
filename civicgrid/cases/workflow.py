"""The closed loop of a case: one table of transitions, `perform()` and `transition()`.

Every channel (pages, API, field phone, resident tracking, batches) runs an action through
`perform()`, which checks that the caller saw the current version and calls the action's
function. Each action function checks its input, then calls `transition()`, which checks the
actor's permission and the state, applies the change, writes the case with a conditional
UPDATE on its version and writes exactly one event (cases/events.py), all in one transaction.
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from civicgrid.areas.choices import Level
from civicgrid.areas.geo import haversine_m
from civicgrid.cases import events, search
from civicgrid.cases.choices import (
    HANDLING_STATUSES,
    OPEN_STATUSES,
    Clock,
    EscalationLevel,
    RequestType,
    Status,
    Tier,
)
from civicgrid.cases.errors import (  # noqa: F401 - re-exported for callers
    CaseChanged,
    IllegalTransition,
    InvalidInput,
    NotAllowed,
    UnknownAction,
    WorkflowError,
)
from civicgrid.cases.models import Case, CaseEvent, WhistleSummons
from civicgrid.cases.sla import start_stage
from civicgrid.catalog.choices import Stage
from civicgrid.catalog.routing import responsible_department
from civicgrid.lib.images import BadImage, clean_photo
from civicgrid.lib.privacy import normalise_mobile
from civicgrid.lib.text import visible
from civicgrid.people import actions as A
from civicgrid.people.scopes import can

S = Status
ACTIVE = HANDLING_STATUSES
BEFORE_HANDLING = frozenset({S.REPORTED, S.ACCEPTED})
NO_STATUS = frozenset({""})  # the source of a case that does not exist yet


@dataclass(frozen=True)
class Rule:
    """One row of the transition table."""

    action: str
    label: StrOrPromise
    sources: frozenset
    target: str | None  # None: the status stays
    permission: str
    reporter_may: bool = False  # a resident holding the tracking code
    public: bool = True  # shown on the resident's timeline
    guard: Callable[[Case, object], str | None] | None = None  # why not, for this case and user
    offered: bool = True  # a button; False for rows reached through another action or a clock


def _no_pending_extension(case, user):
    return _("已有待审批的延期申请") if case.extension_until else None


def _pending_extension(case, user):
    return None if case.extension_until else _("没有待审批的延期申请")


def _not_rated(case, user):
    return _("该案件已评价") if case.rating else None


def _reopen_window(case, user):
    if case.closed_at is None:
        return _("案件尚未结案")
    if timezone.now() > case.closed_at + timedelta(days=settings.CIVICGRID_REOPEN_DAYS):
        return _("已超过结案后 %(days)s 天的重新办理期限") % {
            "days": settings.CIVICGRID_REOPEN_DAYS
        }
    return None


def _can_escalate(case, user):
    return (
        _("已是最高层级，无法继续上报")
        if case.escalation_level >= EscalationLevel.DISTRICT
        else None
    )


def _department_of(user) -> int | None:
    return getattr(getattr(user, "staff", None), "department_id", None)


def _summoned_here(case, user):
    """A whistle waits for the user's own department."""
    department_id = _department_of(user)
    waiting = department_id and case.summons.filter(department_id=department_id, responded_at=None)
    return None if waiting and waiting.exists() else _("您所在的部门没有待报到的吹哨")


# Request types (诉求类型) and their short paths: a consult or a suggestion is answered and
# closed (答复), a praise is passed to the praised unit and closed (转达表扬); only a request that
# needs work on the ground (求助, 投诉, 举报, or a suggestion taken up) runs the handling loop.
ANSWERED = frozenset({RequestType.CONSULT, RequestType.SUGGESTION})
NO_WORK = frozenset({RequestType.CONSULT, RequestType.PRAISE})


def _answerable(case, user):
    return None if case.request_type in ANSWERED else _("只有咨询、建议类诉求可以直接答复")


def _praise(case, user):
    return None if case.request_type == RequestType.PRAISE else _("只有表扬类诉求可以转达表扬")


def _needs_work(case, user):
    if case.request_type in NO_WORK:
        return _("“%(type)s”类诉求无需派遣处置，请答复或转达") % {
            "type": case.get_request_type_display()
        }
    return None


_RULES = [
    Rule("report", _("上报"), NO_STATUS, S.REPORTED, A.CASE_REPORT, True, offered=False),
    Rule("accept", _("受理立案"), frozenset({S.REPORTED}), S.ACCEPTED, A.CASE_ACCEPT),
    Rule("reject", _("不予立案"), frozenset({S.REPORTED}), S.REJECTED, A.CASE_ACCEPT),
    Rule(
        "self_handle",
        _("随手办"),
        BEFORE_HANDLING,
        S.HANDLED,
        A.CASE_SELF_HANDLE,
        guard=_needs_work,
    ),
    Rule(
        "dispatch",
        _("派遣"),
        frozenset({S.ACCEPTED}),
        S.DISPATCHED,
        A.CASE_DISPATCH,
        guard=_needs_work,
    ),
    # The reply is the event's public note: the resident reads it on the tracking page.
    Rule("answer", _("答复"), BEFORE_HANDLING, S.CLOSED, A.CASE_ACCEPT, guard=_answerable),
    Rule("forward_praise", _("转达表扬"), BEFORE_HANDLING, S.CLOSED, A.CASE_ACCEPT, guard=_praise),
    Rule("retype", _("改诉求类型"), BEFORE_HANDLING, None, A.CASE_ACCEPT, public=False),
    Rule("start", _("开始处置"), frozenset({S.DISPATCHED}), S.IN_PROGRESS, A.CASE_HANDLE),
    Rule("send_back", _("退单"), ACTIVE, S.ACCEPTED, A.CASE_HANDLE),
    Rule("finish", _("处置反馈"), ACTIVE, S.HANDLED, A.CASE_HANDLE),
    Rule("verify", _("核查通过"), frozenset({S.HANDLED}), S.VERIFIED, A.CASE_VERIFY),
    Rule("rework", _("核查不通过，返工"), frozenset({S.HANDLED}), S.DISPATCHED, A.CASE_VERIFY),
    Rule("close", _("结案"), frozenset({S.VERIFIED}), S.CLOSED, A.CASE_CLOSE),
    Rule("rate", _("回访评价"), frozenset({S.CLOSED}), None, A.CASE_RATE, True, guard=_not_rated),
    Rule(
        "reopen",
        _("重新办理"),
        frozenset({S.CLOSED}),
        S.ACCEPTED,
        A.CASE_REOPEN,
        True,
        guard=_reopen_window,
    ),
    Rule("escalate", _("上报上级"), OPEN_STATUSES, None, A.CASE_ESCALATE, guard=_can_escalate),
    Rule("whistle", _("吹哨"), OPEN_STATUSES, None, A.CASE_WHISTLE),
    # A summoned department sees the case (case.view reaches it) and reports in; it does not
    # handle it: case.handle reaches only the department the case is dispatched to.
    Rule("report_in", _("吹哨报到"), OPEN_STATUSES, None, A.CASE_VIEW, guard=_summoned_here),
    Rule("urge", _("督办"), OPEN_STATUSES - BEFORE_HANDLING, None, A.CASE_URGE, public=False),
    Rule(
        "request_extension",
        _("申请延期"),
        ACTIVE,
        None,
        A.CASE_HANDLE,
        public=False,
        guard=_no_pending_extension,
    ),
    Rule(
        "approve_extension",
        _("批准延期"),
        ACTIVE,
        None,
        A.CASE_EXTENSION,
        public=False,
        guard=_pending_extension,
    ),
    Rule(
        "deny_extension",
        _("驳回延期"),
        ACTIVE,
        None,
        A.CASE_EXTENSION,
        public=False,
        guard=_pending_extension,
    ),
    Rule(
        "recategorize",
        _("改类"),
        BEFORE_HANDLING | ACTIVE,
        None,
        A.CASE_RECATEGORIZE,
        public=False,
    ),
    # A new class that another department answers for: the case goes to that department.
    Rule(
        "reroute",
        _("改类改派"),
        ACTIVE,
        S.DISPATCHED,
        A.CASE_RECATEGORIZE,
        public=False,
        offered=False,
    ),
    Rule("merge", _("合并重复案件"), BEFORE_HANDLING, S.MERGED, A.CASE_MERGE),
    # A note on the file; internal unless the writer makes it public. Never changes the case.
    Rule("comment", _("备注"), frozenset(S), None, A.CASE_VIEW, public=False),
    Rule("support", _("附议 +1"), OPEN_STATUSES, None, A.CASE_REPORT, reporter_may=True),
    # A channel's own record changed (a 12345 work order imported again with new content).
    Rule(
        "hotline_update",
        _("热线工单更新"),
        frozenset(S),
        None,
        A.HOTLINE_IMPORT,
        public=False,
        offered=False,
    ),
    # A case filed without a known place (an unmatched hotline address) put in its area.
    Rule("place", _("定位"), OPEN_STATUSES, None, A.CASE_ACCEPT, public=False, offered=False),
    # Clock marks written by the deadline sweep (cases/sla.py), never by a person.
    Rule("warned", _("时限预警"), OPEN_STATUSES, None, "", public=False, offered=False),
    Rule("overdue", _("超期"), OPEN_STATUSES, None, "", public=False, offered=False),
]
RULES: dict[str, Rule] = {r.action: r for r in _RULES}
OFFERED = [r for r in _RULES if r.offered]


def event_label(action: str) -> str:
    """The Chinese name of an event in a timeline."""
    rule = RULES.get(action)
    return str(rule.label) if rule else action


def refusal(case: Case, action: str, user) -> WorkflowError | None:
    """Why `user` may not do `action` on `case` now, or None when they may."""
    rule = RULES[action]
    if user is None:
        if not rule.reporter_may:
            return NotAllowed(_("请先登录"))
    elif not rule.permission or not can(user, rule.permission, case):
        return NotAllowed(_("您没有权限对该案件执行“%(action)s”") % {"action": rule.label})
    if case.status not in rule.sources:
        message = _("案件当前状态为“%(status)s”，不能“%(action)s”")
        return IllegalTransition(
            message % {"status": case.get_status_display(), "action": rule.label}
        )
    why = rule.guard(case, user) if rule.guard else None
    return IllegalTransition(why) if why else None


def allowed_actions(case: Case, user) -> list[Rule]:
    """The actions this user may take on this case now: the buttons a page shows."""
    return [r for r in OFFERED if refusal(case, r.action, user) is None]


def perform(*, case: Case, action: str, actor, version: int | None = None, data=None) -> CaseEvent:
    """Run one offered action for a channel: the pages, the API, the field phone, batches.

    `version` is the version the person saw; a case changed since is refused (CaseChanged),
    as is an action that is not a button of the table (UnknownAction).
    """
    run = _RUNNERS.get(action)  # offered rows only
    if run is None:
        raise UnknownAction(_("未知操作"))
    if version is not None and version != case.version:
        raise CaseChanged()
    return run(case=case, actor=actor, **(data or {}))


def transition(
    case: Case,
    action: str,
    *,
    actor,
    note: str = "",
    data: dict | None = None,
    apply: Callable[[Case, datetime], None] | None = None,
    photos=(),
    at: datetime | None = None,
    public: bool | None = None,
) -> CaseEvent:
    """Apply one row of the table to the case and write its event, all or nothing.

    The case is written with `UPDATE ... WHERE version = <the version loaded>`: if anybody
    changed it meanwhile, nothing is written and the caller is told (CaseChanged). Row locks
    are not needed: PostgreSQL re-checks the condition after a concurrent commit, and SQLite
    takes the write lock at BEGIN (see settings: transaction_mode IMMEDIATE).
    """
    rule = RULES[action]
    at = at or timezone.now()
    refused = refusal(case, action, actor)
    if refused:
        raise refused
    try:
        cleaned = [clean_photo(p) for p in photos]
    except BadImage as exc:  # a file that is no picture is the sender's mistake, not a 500
        raise InvalidInput(str(exc)) from exc
    work = _working_copy(case)
    with transaction.atomic():
        advance(work, action, at, apply)
        if not _write(work, case):
            raise CaseChanged()
        event = events.record(
            work,
            action,
            actor=actor,
            at=at,
            from_status=case.status,
            note=note,
            public=rule.public if public is None else public,
            data=data,
            photos=cleaned,
            before=case,
        )
    _copy_into(case, work)
    return event


def advance(c: Case, action: str, at: datetime, apply=None) -> None:
    """Apply one row of the table to a case in memory: its change, its status, a new version."""
    if apply:
        apply(c, at)
    target = RULES[action].target
    if target:
        c.status = target
    c.version += 1


_FIELDS = {f.attname: f for f in Case._meta.concrete_fields if not f.primary_key}
_UNSET = object()  # a deferred field: not loaded, so not changed
_UPDATES: dict[tuple[str, tuple[str, ...]], str] = {}  # (database, columns) -> statement


def _write(work: Case, loaded: Case) -> bool:
    """UPDATE the columns `work` changed, only if the row still has the loaded version.

    One prepared statement instead of a queryset per transition: filter() and update() cost
    more than the statement itself. Statements are built once per set of columns.
    """
    alias = router.db_for_write(Case)
    connection = connections[alias]
    new, old = work.__dict__, loaded.__dict__  # the column values, without descriptors
    changed = [
        name
        for name in _FIELDS
        if (value := new.get(name, _UNSET)) is not _UNSET and value != old.get(name, _UNSET)
    ]
    if "due_at" in changed and "clock" not in changed:
        # A new stage restarts the clock. The sweep may have marked the stored row since the
        # case was loaded (it keeps the version), so the clock is written even when the loaded
        # copy already says "on time".
        changed.append("clock")
    key = (alias, tuple(changed))
    sql = _UPDATES.get(key) or _UPDATES.setdefault(key, _update_statement(connection, changed))
    params = [_FIELDS[name].get_db_prep_save(new[name], connection) for name in changed]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, loaded.pk, loaded.version])
        return cursor.rowcount == 1


def _update_statement(connection, names: list[str]) -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(_FIELDS[name].column or name)} = %s" for name in names)
    return (
        f"UPDATE {quote(Case._meta.db_table)} SET {columns} "
        f"WHERE {quote('id')} = %s AND {quote('version')} = %s"
    )


def _working_copy(case: Case) -> Case:
    """A copy to apply the change to, so a refused action leaves the caller's case as it was."""
    work = type(case).__new__(type(case))
    work.__dict__.update(case.__dict__)
    work._state = copy.copy(case._state)
    work._state.fields_cache = dict(case._state.fields_cache)
    return work


def _copy_into(target: Case, source: Case) -> None:
    target.__dict__.update(source.__dict__)  # the new values, related objects and state


def _require(value, message):
    if not value:
        raise InvalidInput(message)


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


# --- the actions ---------------------------------------------------------------------------


def accept(*, case, actor, category=None, urgency=None, note="", at=None) -> CaseEvent:
    """Accept a reported case (立案), optionally fixing its class and urgency."""
    apply = partial(change_accept, category=category, urgency=urgency)
    return transition(case, "accept", actor=actor, note=note, apply=apply, at=at)


def reject(*, case, actor, reason, at=None) -> CaseEvent:
    """Refuse to open a case (不予立案); the reason is shown to the resident."""
    _require(reason.strip(), _("请填写不予立案的理由"))
    return transition(case, "reject", actor=actor, note=reason, apply=change_reject, at=at)


def self_handle(*, case, actor, note, photos, category=None, at=None) -> CaseEvent:
    """A grid worker fixes a small problem on the spot (随手办) and shows the after photos."""
    _require(photos, _("随手办需上传处置后照片"))
    apply = partial(change_self_handle, actor=actor, category=category)
    return transition(
        case, "self_handle", actor=actor, note=note, apply=apply, photos=photos, at=at
    )


def answer(*, case, actor, reply, at=None) -> CaseEvent:
    """Answer a consult or a suggestion (答复) and close it; the reply is shown to the resident."""
    _require(reply.strip(), _("请填写答复内容"))
    return transition(case, "answer", actor=actor, note=reply, apply=change_answer, at=at)


def forward_praise(*, case, actor, department, note="", at=None) -> CaseEvent:
    """Pass a praise to the praised unit (转达表扬) and close it; it counts for that unit."""
    _require(department, _("请选择被表扬的单位"))
    apply = partial(change_forward_praise, department=department)
    data = {"department": department.pk}
    return transition(case, "forward_praise", actor=actor, note=note, apply=apply, at=at, data=data)


def retype(*, case, actor, request_type, note="", at=None) -> CaseEvent:
    """Correct the request type (改诉求类型): it decides which short path the case takes."""
    if request_type not in RequestType.values:
        raise InvalidInput(_("未知的诉求类型：%(value)s") % {"value": request_type})
    if request_type == case.request_type:
        raise InvalidInput(_("诉求类型没有变化"))
    apply = partial(change_retype, request_type=request_type)
    data = {"from": case.request_type, "to": request_type}
    return transition(case, "retype", actor=actor, note=note, apply=apply, at=at, data=data)


def dispatch(*, case, actor, department=None, handler=None, note="", at=None) -> CaseEvent:
    """Send an accepted case to a department (派遣); the matrix picks one if none is given."""
    apply = partial(change_dispatch, department=department, handler=handler)
    data = {"department": getattr(department, "pk", None)}
    return transition(case, "dispatch", actor=actor, note=note, apply=apply, at=at, data=data)


def start(*, case, actor, note="", at=None) -> CaseEvent:
    """The department starts work on the case."""
    apply = partial(change_start, actor=actor)
    return transition(case, "start", actor=actor, note=note, apply=apply, at=at)


def send_back(*, case, actor, reason, at=None) -> CaseEvent:
    """The department returns a misrouted case to the dispatcher (退单)."""
    _require(reason.strip(), _("请填写退单理由"))
    data = {"department": case.department_id}
    return transition(
        case, "send_back", actor=actor, note=reason, apply=change_send_back, at=at, data=data
    )


def finish(*, case, actor, note, photos, at=None) -> CaseEvent:
    """The department reports the work done, with after photos (处置反馈)."""
    _require(photos, _("处置反馈需上传处置后照片"))
    _require(note.strip(), _("请填写处置情况"))
    return transition(
        case, "finish", actor=actor, note=note, apply=change_finish, photos=photos, at=at
    )


def on_site(case, lng=None, lat=None) -> dict:
    """Where the checker stood: distance from the case point and whether beyond the radius."""
    if lng is None or lat is None or case.lng is None or case.lat is None:
        return {}
    distance = haversine_m(case.lng, case.lat, float(lng), float(lat))
    return {
        "distance_m": round(distance),
        "beyond_radius": distance > settings.CIVICGRID_VERIFY_RADIUS_M,
        "radius_m": settings.CIVICGRID_VERIFY_RADIUS_M,
    }


def verify(*, case, actor, note="", photos=(), lng=None, lat=None, at=None) -> CaseEvent:
    """The work is checked on site and found done (核查通过); the position is recorded if given."""
    data = on_site(case, lng, lat)
    return transition(
        case,
        "verify",
        actor=actor,
        note=note,
        apply=change_verify,
        photos=photos,
        at=at,
        data=data,
    )


def rework(
    *, case, actor, reason, department=None, photos=(), lng=None, lat=None, at=None
) -> CaseEvent:
    """The work is checked and not done: back to a department (返工)."""
    _require(reason.strip(), _("请填写核查不通过的原因"))
    return transition(
        case,
        "rework",
        actor=actor,
        note=reason,
        apply=partial(change_rework, department=department),
        photos=photos,
        at=at,
        data=on_site(case, lng, lat),
    )


def close(*, case, actor, note="", at=None) -> CaseEvent:
    """Close a verified case (结案)."""
    return transition(case, "close", actor=actor, note=note, apply=change_close, at=at)


def rate(*, case, actor=None, score: int, comment="", at=None) -> CaseEvent:
    """The resident rates the result (回访评价), 1 to 5."""
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise InvalidInput(_("评分须为 1 到 5 之间的整数"))
    apply = partial(change_rate, score=score, comment=comment)
    data = {"score": score}
    return transition(case, "rate", actor=actor, note=comment, apply=apply, at=at, data=data)


def reopen(*, case, actor=None, reason, at=None) -> CaseEvent:
    """An unsatisfied resident reopens a closed case within the window."""
    _require(reason.strip(), _("请说明对处理结果不满意的原因"))
    return transition(case, "reopen", actor=actor, note=reason, apply=change_reopen, at=at)


def escalate(*, case, actor, reason, at=None) -> CaseEvent:
    """Hand a hard case one level up the area tree (网格 → 社区 → 街道 → 区)."""
    _require(reason.strip(), _("请填写上报理由"))
    return transition(case, "escalate", actor=actor, note=reason, apply=change_escalate, at=at)


def whistle(*, case, actor, departments, note="", at=None) -> CaseEvent:
    """Summon departments to the case (吹哨); each must report in within its own clock."""
    _require(departments, _("请选择需要报到的部门"))
    with transaction.atomic():
        event = transition(
            case, "whistle", actor=actor, note=note, at=at, data=whistle_data(departments)
        )
        WhistleSummons.objects.bulk_create(summonses(case, event, departments))
    return event


def report_in(*, case, actor, note="", at=None) -> CaseEvent:
    """A summoned department reports in (报到), stopping its whistle clock."""
    department_id = _department_of(actor)

    def apply(c, now):
        WhistleSummons.objects.filter(
            case=c, department_id=department_id, responded_at=None
        ).update(responded_at=now, responded_by=actor)

    return transition(
        case,
        "report_in",
        actor=actor,
        note=note,
        apply=apply,
        at=at,
        data={"department": department_id},
    )


def urge(*, case, actor, note, at=None) -> CaseEvent:
    """Press the handling department to hurry (督办)."""
    _require(note.strip(), _("请填写督办意见"))
    return transition(case, "urge", actor=actor, note=note, apply=change_urge, at=at)


def request_extension(*, case, actor, until: datetime, reason, at=None) -> CaseEvent:
    """The department asks for more time (申请延期)."""
    _require(reason.strip(), _("请填写延期理由"))
    return transition(
        case,
        "request_extension",
        actor=actor,
        note=reason,
        apply=partial(change_request_extension, until=until),
        at=at,
        data={"until": until.isoformat()},
    )


def approve_extension(*, case, actor, note="", at=None) -> CaseEvent:
    """Grant the requested extension: the handling deadline moves."""
    apply = change_approve_extension
    return transition(case, "approve_extension", actor=actor, note=note, apply=apply, at=at)


def deny_extension(*, case, actor, reason, at=None) -> CaseEvent:
    """Refuse the requested extension."""
    _require(reason.strip(), _("请填写驳回理由"))
    apply = change_deny_extension
    return transition(case, "deny_extension", actor=actor, note=reason, apply=apply, at=at)


def recategorize(*, case, actor, category, note="", at=None) -> CaseEvent:
    """Correct the class; a case being handled goes to the department now responsible."""
    _require(category, _("请选择新的分类"))
    data = {"from": case.category_id, "to": category.pk}
    routed = responsible_department(category, case.area_path) if case.status in ACTIVE else None
    if routed is None or routed.pk == case.department_id:
        apply = partial(change_recategorize, category=category)
        return transition(
            case, "recategorize", actor=actor, note=note, apply=apply, at=at, data=data
        )
    data["department"] = routed.pk
    apply = partial(change_reroute, category=category, department=routed)
    return transition(case, "reroute", actor=actor, note=note, apply=apply, at=at, data=data)


def merge(*, case, actor, into: Case, note="", at=None) -> CaseEvent:
    """Fold a duplicate report into the case it repeats; its reporter follows that case."""
    _require(into, _("请选择要合并到的案件"))
    if into.pk == case.pk:
        raise InvalidInput(_("不能合并到案件本身"))

    def apply(c, now):
        target = Case.objects.select_for_update().get(pk=into.pk)
        if not target.is_open:
            raise InvalidInput(_("目标案件已办结或已被合并，不能合并到该案件"))
        c.duplicate_of = target
        _finish_clock(c, now)
        Case.objects.filter(pk=target.pk).update(supporter_count=F("supporter_count") + 1)

    return transition(
        case, "merge", actor=actor, note=note, apply=apply, at=at, data={"into": into.code}
    )


def comment(*, case, actor, note, public=False, at=None) -> CaseEvent:
    """Add a note to the case's file; public notes show on the resident's tracking page."""
    _require(note.strip(), _("请填写备注内容"))
    return transition(case, "comment", actor=actor, note=note, public=bool(public), at=at)


def support(*, case, actor=None, note="", at=None) -> CaseEvent:
    """Someone else has the same problem (附议 +1): count them instead of a duplicate case."""
    return transition(case, "support", actor=actor, note=note[:500], apply=change_support, at=at)


def hotline_update(*, case, actor, changes: dict, note="", at=None) -> CaseEvent:
    """Apply what a re-imported hotline work order changed (text, address, caller, type)."""
    unknown = set(changes) - set(UPDATABLE)
    if unknown:
        raise InvalidInput(_("不能更新的字段：%(names)s") % {"names": "、".join(sorted(unknown))})
    changes = dict(changes)
    if "description" in changes:
        changes["description"] = (changes["description"] or "").strip()[:2000]
        _require(len(visible(changes["description"])) >= 4, _("请用至少 4 个字描述问题"))
    if "request_type" in changes and changes["request_type"] not in RequestType.values:
        raise InvalidInput(_("未知的诉求类型：%(value)s") % {"value": changes["request_type"]})
    if changes.get("reporter_phone"):
        try:
            changes["reporter_phone"] = normalise_mobile(changes["reporter_phone"])
        except ValueError as exc:
            raise InvalidInput(str(exc)) from exc
    for name, size in (("address", 200), ("reporter_name", 50)):
        if name in changes:
            changes[name] = (changes[name] or "")[:size]
    apply = partial(change_hotline_update, changes=changes)
    data = {"fields": sorted(changes)}  # names only: the caller's phone stays off the event
    return transition(case, "hotline_update", actor=actor, note=note, apply=apply, at=at, data=data)


def place(*, case, actor, area, note="", at=None) -> CaseEvent:
    """Put a case filed without a known place into its community or grid (定位)."""
    _require(area, _("请选择社区或网格"))
    if area.level not in (Level.COMMUNITY, Level.GRID):
        raise InvalidInput(_("请选择社区或网格"))
    if actor is None or not can(actor, A.CASE_ACCEPT, area):
        raise NotAllowed(_("该区域不在您的管辖范围内"))
    data = {"area": area.code, "from": case.area_path}
    apply = partial(change_place, area=area)
    return transition(case, "place", actor=actor, note=note, apply=apply, at=at, data=data)


_RUNNERS: dict[str, Callable[..., CaseEvent]] = {
    rule.action: globals()[rule.action] for rule in OFFERED
}
