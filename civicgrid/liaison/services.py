"""Liaison with the 居委会, 物业 and 业委会: meetings, agreed actions, 物业履职, overdue items.

Everything lies in a community; liaison.manage over it is the one right (a station head's
community, a street's communities). A company is seen by whoever sees one of its estates.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.catalog import timelimits
from civicgrid.catalog.worktime import NoCalendarData
from civicgrid.liaison.choices import ActionStatus, Party
from civicgrid.liaison.models import (
    Action,
    ActionLog,
    DutyPhoto,
    DutyRecord,
    Estate,
    Meeting,
    PropertyCompany,
)
from civicgrid.lib.images import MAX_PHOTOS, BadImage, clean_photo
from civicgrid.lib.text import visible
from civicgrid.people import actions
from civicgrid.people.scopes import area_scope, can, scope_filter


class LiaisonError(Exception):
    pass


class NotAllowed(LiaisonError):
    pass


class InvalidInput(LiaisonError):
    pass


def _in_scope(user, field: str) -> Q:
    return scope_filter(user, actions.LIAISON_MANAGE, area_field=field, department=None)


def communities_for(user):
    found = Area.objects.filter(area_scope(user, actions.LIAISON_MANAGE))
    return found.filter(level=Level.COMMUNITY).order_by("path")


def meetings_for(user):
    return Meeting.objects.filter(_in_scope(user, "community__path")).select_related("community")


def actions_for(user):
    return Action.objects.filter(_in_scope(user, "meeting__community__path")).select_related(
        "meeting__community", "company"
    )


def estates_for(user):
    return Estate.objects.filter(_in_scope(user, "community__path")).select_related(
        "community", "company"
    )


def duties_for(user):
    return DutyRecord.objects.filter(_in_scope(user, "estate__community__path")).select_related(
        "estate__community", "company"
    )


def companies_for(user):
    mine = estates_for(user).filter(company=OuterRef("pk"))
    return PropertyCompany.objects.filter(Q(Exists(mine)) | _in_scope(user, "area__path"))


def _check(actor, obj) -> None:
    if not can(actor, actions.LIAISON_MANAGE, obj):
        raise NotAllowed(_("您没有记录该社区联络工作的权限"))


def create_meeting(
    *, actor, community, held_on, parties, attendees, minutes, estate=None
) -> Meeting:
    _check(actor, community)
    parties = [p for p in parties if p in Party.values]
    if not parties:
        raise InvalidInput(_("请选择参会方"))
    if not visible(attendees or "") or not visible(minutes or ""):
        raise InvalidInput(_("请填写参会人员和会议纪要"))
    if held_on > timezone.localdate():
        raise InvalidInput(_("会议日期不能晚于今天"))
    if estate is not None and estate.community_id != community.pk:
        raise InvalidInput(_("所选小区不在该社区"))
    return Meeting.objects.create(
        community=community,
        estate=estate,
        held_on=held_on,
        parties=parties,
        attendees=attendees.strip()[:500],
        minutes=minutes.strip()[:5000],
        created_by=actor,
    )


def add_action(*, actor, meeting, text, owner, deadline, company=None) -> Action:
    _check(actor, meeting)
    if not visible(text or ""):
        raise InvalidInput(_("请填写商定事项"))
    if owner not in Party.values:
        raise InvalidInput(_("请选择责任方"))
    if deadline < meeting.held_on:
        raise InvalidInput(_("完成期限不能早于会议日期"))
    if owner == Party.PROPERTY and company is None and meeting.estate is not None:
        company = meeting.estate.company
    with transaction.atomic():
        row = Action.objects.create(
            meeting=meeting,
            text=text.strip()[:300],
            owner=owner,
            deadline=deadline,
            company=company,
        )
        ActionLog.objects.create(action=row, status=row.status, actor=actor, note=str(_("商定")))
    return row


def set_status(*, actor, action: Action, status: str, note: str = "") -> Action:
    """Mark an action done or dropped (or open again); the log row goes with the change."""
    _check(actor, action)
    if status not in ActionStatus.values:
        raise InvalidInput(_("请选择状态"))
    if status == action.status:
        return action
    with transaction.atomic():
        action.status = status
        action.done_on = timezone.localdate() if status == ActionStatus.DONE else None
        action.save(update_fields=["status", "done_on"])
        ActionLog.objects.create(action=action, status=status, note=note[:300], actor=actor)
    return action


def record_duty(
    *, actor, estate, checked_on, fulfilled: bool, note: str, photos=(), action=None
) -> DutyRecord:
    """Whether the estate's property company did its part, with photos checked like a case's."""
    _check(actor, estate)
    if estate.company is None:
        raise InvalidInput(_("该小区尚未登记物业公司"))
    if not visible(note or ""):
        raise InvalidInput(_("请填写情况说明"))
    if checked_on > timezone.localdate():
        raise InvalidInput(_("检查日期不能晚于今天"))
    if len(photos) > MAX_PHOTOS:
        raise InvalidInput(_("最多上传 %(count)s 张照片") % {"count": MAX_PHOTOS})
    try:
        cleaned = [clean_photo(p) for p in photos]
    except BadImage as exc:
        raise InvalidInput(str(exc)) from exc
    with transaction.atomic():
        row = DutyRecord.objects.create(
            company=estate.company,
            estate=estate,
            action=action,
            checked_on=checked_on,
            fulfilled=fulfilled,
            note=note.strip()[:500],
            recorded_by=actor,
        )
        for image in cleaned:
            DutyPhoto.objects.create(record=row, image=image)
    return row


def working_days_late(deadline: date, today: date | None = None) -> int:
    """Working days from the day after the deadline through today (weekdays without a
    calendar for that year)."""
    today = today or timezone.localdate()
    calendar = timelimits.calendar.get()
    late, day = 0, deadline + timedelta(days=1)
    while day <= today:
        try:
            late += calendar.is_workday(day)
        except NoCalendarData:
            late += day.weekday() < 5
        day += timedelta(days=1)
    return late


def overdue(rows, today: date | None = None) -> list[tuple[Action, int]]:
    """Open actions past their deadline by at least one working day, latest first."""
    today = today or timezone.localdate()
    found = []
    for row in rows.filter(status=ActionStatus.OPEN, deadline__lt=today).order_by("deadline"):
        late = working_days_late(row.deadline, today)
        if late:
            found.append((row, late))
    return found


@dataclass
class CompanyLine:
    company: PropertyCompany
    estates: int
    actions: int
    done: int
    overdue: int
    checks: int
    fulfilled: int

    @property
    def rate(self) -> int | None:
        return round(100 * self.fulfilled / self.checks) if self.checks else None


def company_summary(user, today: date | None = None) -> list[CompanyLine]:
    """Per company, over what this user sees: estates, its actions, its 履职 checks."""
    mine = actions_for(user).filter(owner=Party.PROPERTY)
    late = {a.pk for a, _n in overdue(mine, today)}
    lines = []
    for company in companies_for(user).order_by("name"):
        theirs = list(mine.filter(company=company).values_list("pk", "status"))
        checks = list(duties_for(user).filter(company=company).values_list("fulfilled", flat=True))
        lines.append(
            CompanyLine(
                company=company,
                estates=estates_for(user).filter(company=company).count(),
                actions=len(theirs),
                done=sum(s == ActionStatus.DONE for _pk, s in theirs),
                overdue=sum(pk in late for pk, _s in theirs),
                checks=len(checks),
                fulfilled=sum(checks),
            )
        )
    return lines
