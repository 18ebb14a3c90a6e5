"""Tasks 任务下派: sending a task to people or a workstation, and each assignee's steps.

The one table of steps is RULES; `act()` applies it under a row lock and writes the assignee's
row, one immutable AssignmentLog and its outbox notice in the same transaction.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.models import Area
from civicgrid.catalog.timelimits import calendar
from civicgrid.catalog.worktime import NoCalendarData
from civicgrid.field.choices import OPEN_TARGET, TargetStatus
from civicgrid.field.models import (
    Assignment,
    AssignmentLog,
    AssignmentNotice,
    AssignmentPhoto,
    AssignmentTarget,
)
from civicgrid.lib.images import BadImage, clean_photo
from civicgrid.lib.text import visible
from civicgrid.people import actions
from civicgrid.people.models import Workstation
from civicgrid.people.scopes import area_scope, can, scope_filter

S = TargetStatus
MAX_ASSIGNEES = 200


class AssignmentError(Exception):
    """A refused request; the message is shown to the user as it is."""


class NotAllowed(AssignmentError):
    pass


class InvalidInput(AssignmentError):
    pass


@dataclass(frozen=True)
class Rule:
    action: str
    label: "str | Promise"
    sources: frozenset[str]
    target: str | None  # None: the status stays (a progress report)
    by: str  # "assignee" or "sender"
    needs_note: bool = False


RULES = {
    r.action: r
    for r in (
        Rule("accept", _("接收任务"), frozenset({S.SENT}), S.ACCEPTED, "assignee"),
        Rule(
            "progress", _("报告进展"), frozenset({S.ACCEPTED, S.RETURNED}), None, "assignee", True
        ),
        Rule(
            "finish", _("反馈完成"), frozenset({S.ACCEPTED, S.RETURNED}), S.DONE, "assignee", True
        ),
        Rule("approve", _("验收通过"), frozenset({S.DONE}), S.APPROVED, "sender"),
        Rule("return", _("退回重办"), frozenset({S.DONE}), S.RETURNED, "sender", True),
    )
}


def display_name(user) -> str:
    profile = getattr(user, "staff", None)
    return (profile.name if profile else "") or user.username


def people_in_scope(user, action: str = actions.TASK_ASSIGN) -> QuerySet:
    """Active staff whose work lies in the user's scope for `action`: a role over an area in
    it, a department based in it, or a workstation of a community in it."""
    reach = Q()
    for field in (
        "role_assignments__area__path",
        "role_assignments__department__area__path",
        "staff__workstation__community__path",
    ):
        reach |= scope_filter(user, action, area_field=field, department=None)
    found = get_user_model().objects.filter(reach, is_active=True, staff__isnull=False)
    return found.distinct().select_related("staff").order_by("staff__name", "pk")


def workstations_in_scope(user, action: str = actions.TASK_ASSIGN) -> QuerySet[Workstation]:
    where = scope_filter(user, action, area_field="community__path", department=None)
    return Workstation.objects.filter(where).select_related("community").order_by("community__path")


def sending_areas(user, action: str = actions.TASK_ASSIGN) -> QuerySet[Area]:
    """The areas a task (or campaign) of this user may be about, widest first."""
    return Area.objects.filter(area_scope(user, action)).order_by("level", "path")


def deadline_after_workdays(days: int, *, start: date | None = None) -> datetime:
    """The end of office hours on the `days`-th working day after `start` (today)."""
    work = calendar.get()
    day = start or timezone.localdate()
    try:
        for _n in range(max(days, 1)):
            day += timedelta(days=1)
            while not work.is_workday(day):
                day += timedelta(days=1)
    except NoCalendarData as exc:
        raise InvalidInput(
            _("工作日历缺少 %(year)s 年的数据，请直接选择截止日期") % {"year": exc.args[0]}
        ) from exc
    closing = work.hours.periods[-1][1] if work.hours.periods else 17 * 60 + 30
    moment = datetime.combine(day, time(closing // 60, closing % 60))
    return timezone.make_aware(moment)


def _photos(files: Iterable) -> list:
    try:
        return [clean_photo(f) for f in files or ()]
    except BadImage as exc:
        raise InvalidInput(str(exc)) from exc


def write_log(
    assignment,
    target,
    action,
    actor,
    *,
    note="",
    photos=(),
    lng=None,
    lat=None,
    data=None,
    before="",
    after="",
    at=None,
):
    """One log row, its photos and its outbox notice; inside the caller's transaction."""
    entry = AssignmentLog(
        assignment=assignment,
        target=target,
        action=action,
        actor=actor,
        at=at or timezone.now(),
        from_status=before,
        to_status=after,
        note=note,
        lng=lng,
        lat=lat,
        data=data or {},
    )
    entry.save()
    for photo in photos:
        AssignmentPhoto.objects.create(assignment=assignment, log=entry, image=photo)
    AssignmentNotice.objects.create(log=entry)
    return entry


def _area_for(actor, area, workstation, case) -> Area:
    if area is not None:
        return area
    if workstation is not None:
        return workstation.community
    widest = sending_areas(actor).first()
    if widest is None:
        raise NotAllowed(_("您没有下派任务的权限"))
    return widest


def assign(
    *,
    actor,
    title: str,
    details: str,
    deadline: datetime,
    assignees: Iterable = (),
    workstation: Workstation | None = None,
    campaign=None,
    case=None,
    area: Area | None = None,
    photos: Iterable = (),
    now: datetime | None = None,
) -> Assignment:
    """Send a task to named people and/or everyone of a workstation, within the actor's scope."""
    now = now or timezone.now()
    if not can(actor, actions.TASK_ASSIGN):
        raise NotAllowed(_("您没有下派任务的权限"))
    title, details = (title or "").strip(), (details or "").strip()
    if not visible(title):
        raise InvalidInput(_("请填写任务名称"))
    if not visible(details):
        raise InvalidInput(_("请填写任务要求"))
    if deadline is None or deadline <= now:
        raise InvalidInput(_("完成时限必须晚于现在"))
    if workstation is not None and not workstations_in_scope(actor).filter(pk=workstation.pk):
        raise NotAllowed(_("该工作站不在您的管辖范围内"))
    area = _area_for(actor, area, workstation, case)
    if not can(actor, actions.TASK_ASSIGN, area):
        raise NotAllowed(_("任务范围不在您的管辖范围内"))
    people = list(dict.fromkeys(assignees))
    allowed = people_in_scope(actor)
    if people:
        ids = {u.pk for u in people}
        found = set(allowed.filter(pk__in=ids).values_list("pk", flat=True))
        outside = [u for u in people if u.pk not in found]
        if outside:
            names = "、".join(display_name(u) for u in outside)
            raise NotAllowed(_("不能向管辖范围以外的人员下派任务：%(names)s") % {"names": names})
    if workstation is not None:
        crew = list(allowed.filter(staff__workstation=workstation))
        if not crew:
            raise InvalidInput(_("工作站“%(name)s”还没有在册人员") % {"name": workstation.name})
        people += [u for u in crew if u not in people]
    if not people:
        raise InvalidInput(_("请选择承办人员或工作站"))
    if len(people) > MAX_ASSIGNEES:
        raise InvalidInput(_("一个任务最多下派给 %(n)s 人") % {"n": MAX_ASSIGNEES})
    if case is not None and not can(actor, actions.CASE_VIEW, case):
        raise NotAllowed(_("关联案件不在您的管辖范围内"))
    if campaign is not None and not (
        campaign.area.path.startswith(area.path) or area.path.startswith(campaign.area.path)
    ):
        raise InvalidInput(_("任务范围不在该专项行动的范围内"))
    cleaned = _photos(photos)
    with transaction.atomic():
        task = Assignment.objects.create(
            title=title[:100],
            details=details[:3000],
            deadline=deadline,
            area=area,
            sender=actor,
            workstation=workstation,
            campaign=campaign,
            case=case,
            created_at=now,
        )
        AssignmentTarget.objects.bulk_create(
            [AssignmentTarget(assignment=task, assignee=u) for u in people]
        )
        data: dict[str, object] = {
            "assignees": [u.pk for u in people],
            "deadline": deadline.isoformat(),
        }
        if workstation is not None:
            data["workstation"] = workstation.pk
        write_log(
            task,
            None,
            "send",
            actor,
            note=details[:2000],
            photos=cleaned,
            data=data,
            after=S.SENT,
            at=now,
        )
    return task


def may(rule: Rule, target: AssignmentTarget, user) -> bool:
    if rule.by == "assignee":
        return target.assignee_id == user.pk
    task = target.assignment
    return task.sender_id == user.pk or can(user, actions.TASK_ASSIGN, task)


def allowed_actions(target: AssignmentTarget, user) -> list[Rule]:
    """The steps this user may take on this assignee's row now: the page's buttons."""
    return [r for r in RULES.values() if target.status in r.sources and may(r, target, user)]


def act(
    *,
    target: AssignmentTarget,
    actor,
    action: str,
    note: str = "",
    photos: Iterable = (),
    lng: float | None = None,
    lat: float | None = None,
    now: datetime | None = None,
) -> AssignmentLog:
    """One step of an assignee's row (accept, progress, finish, approve, return)."""
    rule = RULES.get(action)
    if rule is None:
        raise InvalidInput(_("未知操作"))
    if not may(rule, target, actor):
        raise NotAllowed(_("您没有该操作的权限"))
    note = (note or "").strip()
    if rule.needs_note and not visible(note):
        raise InvalidInput(
            _("请填写%(what)s") % {"what": _("退回原因") if action == "return" else _("情况说明")}
        )
    if (lng is None) != (lat is None):
        raise InvalidInput(_("位置信息不完整"))
    cleaned = _photos(photos)
    now = now or timezone.now()
    with transaction.atomic():
        row = AssignmentTarget.objects.select_for_update().get(pk=target.pk)
        if row.status not in rule.sources:
            raise InvalidInput(
                _("任务状态已变为“%(status)s”，不能%(action)s，请刷新页面")
                % {"status": row.get_status_display(), "action": rule.label}
            )
        before = row.status
        if rule.target is not None:
            row.status = rule.target
            stamp = {"accept": "accepted_at", "finish": "done_at", "approve": "approved_at"}
            if action in stamp:
                setattr(row, stamp[action], now)
            row.save(update_fields=["status", "accepted_at", "done_at", "approved_at"])
        entry = write_log(
            row.assignment,
            row,
            action,
            actor,
            note=note[:2000],
            photos=cleaned,
            lng=lng,
            lat=lat,
            before=before,
            after=row.status,
            at=now,
        )
    target.refresh_from_db()
    return entry


def visible_assignments(user) -> QuerySet[Assignment]:
    """Tasks the user sent, is an assignee of, or holds task.assign over."""
    managed = scope_filter(user, actions.TASK_ASSIGN, area_field="area__path", department=None)
    mine = Assignment.objects.filter(Q(targets__assignee=user) | Q(sender=user)).values("pk")
    return Assignment.objects.filter(Q(pk__in=mine) | managed).select_related(
        "area", "sender__staff"
    )


def my_open_targets(user) -> QuerySet[AssignmentTarget]:
    """The user's own rows still to do or waiting for acceptance, nearest deadline first."""
    return (
        AssignmentTarget.objects.filter(assignee=user)
        .exclude(status=S.APPROVED)
        .select_related("assignment__area", "assignment__sender__staff")
        .order_by("assignment__deadline", "pk")
    )


def is_open(status: str) -> bool:
    return status in OPEN_TARGET


def task_photo_access(request, name: str) -> Literal["private"] | None:
    """A task's photo is for whoever may see the task (the /media/ route asks)."""
    user = request.user
    if not user.is_authenticated or not AssignmentPhoto.objects.filter(image=name).exists():
        return None
    tasks = visible_assignments(user).filter(photos__image=name)
    return "private" if tasks.exists() else None
