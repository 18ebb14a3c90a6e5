"""The transition table: one row per action, its guards, and who may do what now."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from civicgrid.cases.choices import (
    HANDLING_STATUSES,
    OPEN_STATUSES,
    EscalationLevel,
    RequestType,
    Status,
    Tier,
)
from civicgrid.cases.enforcement.rules import enforcement_of
from civicgrid.cases.errors import IllegalTransition, NotAllowed, WorkflowError
from civicgrid.cases.models import Case
from civicgrid.people import actions as A
from civicgrid.people.scopes import can

S = Status
ACTIVE = HANDLING_STATUSES
BEFORE_HANDLING = frozenset({S.REPORTED, S.ACCEPTED})
IN_HAND = frozenset({S.IN_PROGRESS})
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


def _may_enforce(case, user):
    if case.tier == Tier.ENFORCEMENT:
        return _("案件已转入执法处置")
    return _needs_work(case, user)


def _not_enforcing(case, user):
    if case.tier == Tier.ENFORCEMENT:
        return _("执法案件请通过“执法处置”记录处置措施")
    return None


def _measure_due(case, user):
    record = enforcement_of(case) if case.tier == Tier.ENFORCEMENT else None
    if record is None:
        return _("案件未转入执法处置")
    if record.recheck_pending:
        return _("已责令改正，请到期复查")
    if case.measure and not record.penalty_due:
        return _("已记录处置措施")
    return None


def _recheck_due(case, user):
    record = enforcement_of(case) if case.tier == Tier.ENFORCEMENT else None
    return None if record and record.recheck_pending else _("没有待复查的责令改正")


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
    Rule("finish", _("处置反馈"), ACTIVE, S.HANDLED, A.CASE_HANDLE, guard=_not_enforcing),
    # The enforcement tier (cases/workflow/enforcement.py, the guide's conditions in
    # cases/enforcement/rules.py). An order to correct keeps the case in hand until re-checked.
    Rule(
        "enforce",
        _("转入执法处置"),
        frozenset({S.ACCEPTED}) | ACTIVE,
        S.IN_PROGRESS,
        A.CASE_ENFORCE,
        guard=_may_enforce,
    ),
    Rule("measure", _("记录处置措施"), IN_HAND, S.HANDLED, A.CASE_ENFORCE, guard=_measure_due),
    Rule(
        "order_correct",
        _("责令改正"),
        IN_HAND,
        None,
        A.CASE_ENFORCE,
        guard=_measure_due,
        offered=False,
    ),
    Rule("recheck", _("复查"), IN_HAND, S.HANDLED, A.CASE_ENFORCE, guard=_recheck_due),
    Rule(
        "recheck_failed",
        _("复查未改正"),
        IN_HAND,
        None,
        A.CASE_ENFORCE,
        guard=_recheck_due,
        offered=False,
    ),
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
