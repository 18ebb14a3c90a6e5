"""Actions before handling: accept, reject, dispatch, the short paths, notes and merges."""

from functools import partial

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.choices import Level
from civicgrid.cases.choices import REQUEST_TYPES
from civicgrid.cases.errors import InvalidInput, NotAllowed
from civicgrid.cases.models import Case, CaseEvent
from civicgrid.cases.workflow.changes import (
    UPDATABLE,
    _finish_clock,
    change_accept,
    change_answer,
    change_dispatch,
    change_forward_praise,
    change_hotline_update,
    change_place,
    change_reject,
    change_retype,
    change_self_handle,
    change_support,
)
from civicgrid.cases.workflow.core import _require, transition
from civicgrid.lib.privacy import normalise_mobile
from civicgrid.lib.text import visible
from civicgrid.people import actions as A
from civicgrid.people.scopes import can


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
    if request_type not in REQUEST_TYPES:
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
    if "request_type" in changes and changes["request_type"] not in REQUEST_TYPES:
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
