"""Desk duty 坐班 rosters: a week grid per workstation, edited by its head; today's duty."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.areas.models import Area
from civicgrid.field.models import DutyChange, DutySlot
from civicgrid.field.models.duty import HalfDay
from civicgrid.lib.privacy import mask_phone
from civicgrid.people import actions
from civicgrid.people.models import StaffProfile, Workstation
from civicgrid.people.scopes import area_scope, can


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def workstation_for(
    user, code: str, action: str = actions.FIELD_ROSTER, refusal: str = ""
) -> Workstation:
    """The workstation of the community `code`: 404 outside the user's areas, 403 (with
    `refusal`, the roster's by default) without the action there."""
    ws = Workstation.objects.select_related("community").filter(community__code=code).first()
    if ws is None or not (
        can(user, actions.CASE_VIEW, ws.community) or can(user, action, ws.community)
    ):
        raise Http404(_("工作站不存在或不在您的管辖范围内"))
    if not can(user, action, ws.community):
        raise PermissionDenied(refusal or _("您没有编排该工作站坐班表的权限"))
    return ws


def rostered_by(user) -> list[Workstation]:
    """The workstations whose roster the user may edit (links on the desk pages)."""
    scope = Area.objects.filter(area_scope(user, actions.FIELD_ROSTER))
    return list(Workstation.objects.filter(community__in=scope).select_related("community")[:20])


def staff_of(workstation: Workstation) -> list[StaffProfile]:
    """Who can sit at the desk: the workstation's own people."""
    return list(
        StaffProfile.objects.filter(workstation=workstation, user__is_active=True)
        .select_related("user")
        .order_by("title", "pk")
    )


def slot_key(day: date, half: str, user_id: int) -> str:
    return f"{day.isoformat()}|{half}|{user_id}"


@dataclass
class Cell:
    day: date
    half: str
    key: str
    on: bool


def week_grid(workstation: Workstation, monday: date) -> tuple[list[date], list[tuple]]:
    """(days, rows): one row per person, a cell per day and half-day, ticked when on duty."""
    days = [monday + timedelta(days=i) for i in range(7)]
    taken = {
        slot_key(s.date, s.half, s.user_id)
        for s in DutySlot.objects.filter(workstation=workstation, date__range=(days[0], days[-1]))
    }
    rows = []
    for person in staff_of(workstation):
        cells = [
            Cell(d, h, key, key in taken)
            for d in days
            for h in HalfDay.values
            for key in [slot_key(d, h, person.user_id)]
        ]
        rows.append((person, cells))
    return days, rows


def save_week(
    *, workstation: Workstation, monday: date, keys: list[str], actor
) -> DutyChange | None:
    """Make the week's roster the ticked keys; the change is logged. Unknown keys are refused."""
    days = {monday + timedelta(days=i) for i in range(7)}
    people = {p.user_id for p in staff_of(workstation)}
    wanted = set()
    for key in keys:
        try:
            day_text, half, user_text = key.split("|")
            day, user_id = date.fromisoformat(day_text), int(user_text)
        except ValueError as exc:
            raise ValueError(_("排班数据格式不正确")) from exc
        if day not in days or half not in HalfDay.values or user_id not in people:
            raise ValueError(_("排班只能安排本工作站人员在本周的上午或下午"))
        wanted.add((day, half, user_id))
    with transaction.atomic():
        current = DutySlot.objects.select_for_update().filter(
            workstation=workstation, date__in=days
        )
        have = {(s.date, s.half, s.user_id): s.pk for s in current}
        added = sorted(wanted - set(have))
        removed = sorted(set(have) - wanted)
        if not added and not removed:
            return None
        DutySlot.objects.filter(pk__in=[have[k] for k in removed]).delete()
        DutySlot.objects.bulk_create(
            [DutySlot(workstation=workstation, date=d, half=h, user_id=u) for d, h, u in added]
        )
        return DutyChange.objects.create(
            workstation=workstation,
            week=monday,
            actor=actor,
            added=[slot_key(*k) for k in added],
            removed=[slot_key(*k) for k in removed],
        )


@dataclass
class OnDuty:
    """Who sits at the desk in one half-day, as the public page shows them."""

    half: str
    name: str
    title: str
    phone: str


def on_duty_today(community, today: date | None = None) -> list[OnDuty]:
    """今日值班 of a community's workstation, phones masked."""
    return on_duty_by_community([community.pk], today).get(community.pk, [])


def on_duty_by_community(community_ids, today: date | None = None) -> dict[int, list[OnDuty]]:
    """今日值班 of many communities' workstations in one query (the station directory)."""
    today = today or timezone.localdate()
    slots = (
        DutySlot.objects.filter(workstation__community__in=community_ids, date=today)
        .select_related("user__staff", "workstation")
        .order_by("half", "user_id")
    )
    labels = dict(HalfDay.choices)
    shown: dict[int, list[OnDuty]] = {}
    for s in slots:
        staff = getattr(s.user, "staff", None)
        shown.setdefault(s.workstation.community_id, []).append(
            OnDuty(
                half=str(labels[s.half]),
                name=staff.name if staff else s.user.get_username(),
                title=staff.title if staff else "",
                phone=mask_phone(staff.phone) if staff and staff.phone else "",
            )
        )
    return shown
