"""Actions while a department handles a case, through checking, closing and rating."""

from datetime import datetime
from functools import partial

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.geo import haversine_m
from civicgrid.cases.errors import InvalidInput
from civicgrid.cases.models import CaseEvent
from civicgrid.cases.workflow.changes import (
    change_approve_extension,
    change_close,
    change_deny_extension,
    change_finish,
    change_rate,
    change_recategorize,
    change_reopen,
    change_request_extension,
    change_reroute,
    change_rework,
    change_send_back,
    change_start,
    change_urge,
    change_verify,
)
from civicgrid.cases.workflow.core import _require, transition
from civicgrid.cases.workflow.table import ACTIVE
from civicgrid.catalog.routing import responsible_department


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
