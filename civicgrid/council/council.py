"""Council meetings: agenda items residents propose and support, meetings, decisions.

A decision may become a case (the report service) or a task (field.assignments.assign); its
public progress is then read from that case or task, never copied.
"""

import hashlib
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.cases.choices import Channel
from civicgrid.cases.services import InvalidInput as CaseInvalid
from civicgrid.cases.services import report
from civicgrid.council.choices import ATTENDEE_ROLES, ItemStatus, MeetingKind
from civicgrid.council.models import AgendaItem, Decision, Meeting, Support
from civicgrid.council.needs import InvalidInput, NotAllowed, contact, new_code
from civicgrid.field import assignments
from civicgrid.field.choices import TargetStatus
from civicgrid.lib.text import visible
from civicgrid.people import actions
from civicgrid.people.scopes import can


def _guard(actor, obj):
    if not can(actor, actions.COUNCIL_MANAGE, obj):
        raise NotAllowed(_("不在您的管辖范围内"))


def propose(*, community, title: str, text: str, name="", phone="", actor=None, at=None):
    """An agenda item from a resident (no actor) or added by staff."""
    if actor is not None:
        _guard(actor, community)
    title, text = (title or "").strip(), (text or "").strip()
    if not visible(title):
        raise InvalidInput(_("请填写议题"))
    if len(visible(text)) < 4:
        raise InvalidInput(_("请用至少 4 个字说明议题"))
    name, phone = contact(name, phone)
    return AgendaItem.objects.create(
        community=community,
        title=title[:100],
        text=text[:1000],
        name=name,
        phone=phone,
        code=new_code("YT"),
        created_at=at or timezone.now(),
    )


def support(*, item: AgendaItem, phone: str = "", browser: str = "") -> bool:
    """One supporter 附议 per phone, or per browser without a phone; False if already counted."""
    if item.status != ItemStatus.OPEN:
        raise InvalidInput(_("该议题已结束附议"))
    _name, phone = contact("", phone)
    source = f"phone:{phone}" if phone else f"browser:{browser}"
    if not phone and not browser:
        raise InvalidInput(_("无法识别您的浏览器，请填写手机号后附议"))
    key = hashlib.sha256(f"{item.pk}|{source}".encode()).hexdigest()
    try:
        with transaction.atomic():
            Support.objects.create(item=item, key=key)
            AgendaItem.objects.filter(pk=item.pk).update(supporters=F("supporters") + 1)
    except IntegrityError:
        return False
    return True


def parse_attendees(text: str) -> list[list[str]]:
    """Lines of "姓名 角色" (role one of ATTENDEE_ROLES, 其他 when missing or unknown)."""
    found = []
    for line in (text or "").splitlines():
        parts = line.replace("，", " ").replace(",", " ").split()
        if not parts:
            continue
        role = parts[-1] if len(parts) > 1 and parts[-1] in ATTENDEE_ROLES else "其他"
        name = " ".join(parts[:-1] if role == parts[-1] else parts)[:50]
        found.append([name, role])
    return found[:100]


def hold(
    *,
    actor,
    community,
    kind: str,
    title: str,
    held_at: datetime,
    place: str,
    attendees: str = "",
    minutes: str = "",
    items=(),
) -> Meeting:
    """Record a meeting with its attendees and minutes; the items chosen go onto it."""
    _guard(actor, community)
    if kind not in MeetingKind.values:
        raise InvalidInput(_("请选择会议类型"))
    title, place = (title or "").strip(), (place or "").strip()
    if not visible(title) or not visible(place):
        raise InvalidInput(_("请填写会议名称和地点"))
    if held_at is None:
        raise InvalidInput(_("请填写会议时间"))
    with transaction.atomic():
        meeting = Meeting.objects.create(
            community=community,
            kind=kind,
            title=title[:100],
            held_at=held_at,
            place=place[:200],
            attendees=parse_attendees(attendees),
            minutes=(minutes or "").strip()[:5000],
            created_by=actor,
        )
        for item in items:
            place_item(item=item, actor=actor, meeting=meeting)
    return meeting


def place_item(*, item: AgendaItem, actor, meeting: Meeting | None = None, reason: str = ""):
    """Put an open item onto a meeting of its community, or decline it with a public reason."""
    _guard(actor, item)
    if item.status != ItemStatus.OPEN:
        raise InvalidInput(_("该议题已处理"))
    if meeting is None:
        reason = (reason or "").strip()
        if not visible(reason):
            raise InvalidInput(_("请填写未列入议程的原因（将向居民公开）"))
        item.status, item.reason = ItemStatus.DECLINED, reason[:300]
    else:
        if meeting.community_id != item.community_id:
            raise InvalidInput(_("只能列入本社区的会议"))
        item.status, item.meeting = ItemStatus.ACCEPTED, meeting
    item.save(update_fields=["status", "reason", "meeting"])
    return item


def decide(
    *, meeting: Meeting, actor, text: str, becomes: str = "", owner=None, deadline=None
) -> Decision:
    """A decision of a meeting; "case" files it through the report service, "task" sends it
    to `owner` by `deadline` through the task service."""
    _guard(actor, meeting)
    text = (text or "").strip()
    if len(visible(text)) < 4:
        raise InvalidInput(_("请用至少 4 个字写明决议内容"))
    decision = Decision(meeting=meeting, text=text[:1000])
    with transaction.atomic():
        if becomes == "case":
            try:
                decision.case = report(
                    channel=Channel.STAFF,
                    description=f"【{meeting.title}决议】{text}",
                    community=meeting.community,
                    actor=actor,
                )
            except CaseInvalid as exc:
                raise InvalidInput(str(exc)) from exc
        elif becomes == "task":
            if owner is None:
                raise InvalidInput(_("请选择任务承办人"))
            try:
                decision.assignment = assignments.assign(
                    actor=actor,
                    title=f"议事会决议：{text[:40]}",
                    details=text,
                    deadline=deadline,
                    assignees=[owner],
                    area=meeting.community,
                )
            except assignments.AssignmentError as exc:
                raise InvalidInput(str(exc)) from exc
        decision.save()
    return decision


TASK_ORDER: list[str] = [
    TargetStatus.SENT,
    TargetStatus.ACCEPTED,
    TargetStatus.RETURNED,
    TargetStatus.DONE,
    TargetStatus.APPROVED,
]


def progress(decision: Decision) -> str:
    """What the public reads: the case's status or the task's least advanced assignee."""
    if decision.case is not None:
        return str(_("已转案件 · %(status)s") % {"status": decision.case.get_status_display()})
    if decision.assignment is not None:
        states = [str(t.status) for t in decision.assignment.targets.all()]
        if not states:
            return str(_("已派任务"))
        least = min(states, key=lambda s: TASK_ORDER.index(s) if s in TASK_ORDER else 0)
        return str(_("任务 · %(status)s") % {"status": TargetStatus(least).label})
    return str(_("已记录"))
