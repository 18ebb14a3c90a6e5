"""The needs list 需求清单: a resident's need from submission to its result, each step logged.

`act()` is the one way a need changes state: under a row lock, with its NeedLog row in the
same transaction. A need turned into a case then follows the case (read, never copied).
"""

import secrets
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from civicgrid.cases.choices import Channel
from civicgrid.cases.services import report
from civicgrid.council.choices import NeedCategory, NeedStatus
from civicgrid.council.models import Need, NeedLog
from civicgrid.lib.images import BadImage, clean_photo
from civicgrid.lib.privacy import normalise_mobile
from civicgrid.lib.text import visible
from civicgrid.people import actions
from civicgrid.people.scopes import can

S = NeedStatus
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class CouncilError(Exception):
    """A refused request; the message is shown to the user as it is."""


class NotAllowed(CouncilError):
    pass


class InvalidInput(CouncilError):
    pass


def new_code(prefix: str) -> str:
    return prefix + "".join(secrets.choice(CODE_ALPHABET) for _n in range(8))


def contact(name: str, phone: str) -> tuple[str, str]:
    phone = (phone or "").strip()
    if phone:
        try:
            phone = normalise_mobile(phone)
        except ValueError as exc:
            raise InvalidInput(str(exc)) from exc
    return (name or "").strip()[:50], phone


def submit(*, community, category: str, text: str, name="", phone="", photo=None, at=None):
    """A resident's need from the portal (no login)."""
    if category not in NeedCategory.values:
        raise InvalidInput(_("请选择需求类别"))
    text = (text or "").strip()
    if len(visible(text)) < 4:
        raise InvalidInput(_("请用至少 4 个字描述您的需求"))
    if len(text) > 1000:
        raise InvalidInput(_("需求内容最多 1000 字"))
    name, phone = contact(name, phone)
    try:
        image = clean_photo(photo) if photo else None
    except BadImage as exc:
        raise InvalidInput(str(exc)) from exc
    with transaction.atomic():
        need = Need(community=community, category=category, text=text, name=name, phone=phone)
        need.code, need.created_at = new_code("XQ"), at or timezone.now()
        if image:
            need.photo = image
        need.save()
        NeedLog(need=need, action="submit", at=need.created_at, to_status=S.SUBMITTED).save()
    return need


@dataclass(frozen=True)
class Step:
    label: StrOrPromise
    sources: frozenset
    target: str | None  # None: the status stays (a progress note)
    needs: str = ""  # the field that must be filled: note, assignee, result


OPEN = frozenset({S.SUBMITTED, S.ACCEPTED, S.ASSIGNED})
STEPS = {
    "accept": Step(_("受理"), frozenset({S.SUBMITTED}), S.ACCEPTED),
    "decline": Step(_("不予受理"), frozenset({S.SUBMITTED}), S.DECLINED, "note"),
    "assign": Step(_("派单"), frozenset({S.ACCEPTED, S.ASSIGNED}), S.ASSIGNED, "assignee"),
    "progress": Step(_("记录进展"), frozenset({S.ACCEPTED, S.ASSIGNED}), None, "note"),
    "finish": Step(_("办结"), frozenset({S.ACCEPTED, S.ASSIGNED}), S.DONE, "result"),
    "to_case": Step(_("转为案件"), OPEN, S.CASE),
}


def allowed_steps(need: Need, user) -> list[tuple[str, Step]]:
    if not can(user, actions.NEED_MANAGE, need):
        return []
    return [(k, s) for k, s in STEPS.items() if need.status in s.sources]


def act(
    *,
    need: Need,
    actor,
    action: str,
    note: str = "",
    assignee: str = "",
    deadline: date | None = None,
    result: str = "",
) -> Need:
    """One step of a need by the station (need.manage over its community)."""
    step = STEPS.get(action)
    if step is None:
        raise InvalidInput(_("未知操作"))
    if not can(actor, actions.NEED_MANAGE, need):
        raise NotAllowed(_("该需求不在您的管辖范围内"))
    note, assignee, result = (note or "").strip(), (assignee or "").strip(), (result or "").strip()
    if step.needs == "note" and not visible(note):
        raise InvalidInput(_("请填写说明（不予受理须说明原因）"))
    if step.needs == "assignee":
        if not visible(assignee):
            raise InvalidInput(_("请填写承办人或承办单位"))
        if deadline is None or deadline < timezone.localdate():
            raise InvalidInput(_("请填写不早于今天的办理时限"))
    if step.needs == "result" and not visible(result):
        raise InvalidInput(_("请填写办理结果"))
    with transaction.atomic():
        need = Need.objects.select_for_update().get(pk=need.pk)
        if need.status not in step.sources:
            raise InvalidInput(
                _("该需求当前为“%(status)s”，不能%(step)s")
                % {"status": need.get_status_display(), "step": step.label}
            )
        before = need.status
        if action == "decline":
            need.reason = note[:300]
        elif action == "assign":
            need.assignee, need.deadline = assignee[:100], deadline
            note = f"{assignee}，{deadline:%Y-%m-%d}" + (f"。{note}" if note else "")
        elif action == "finish":
            need.result, note = result[:1000], result
        elif action == "to_case":
            need.case = _case_of(need, actor)
            note = need.case.code
        if step.target:
            need.status = step.target
        need.save()
        NeedLog(
            need=need,
            action=action,
            actor=actor,
            from_status=before,
            to_status=need.status,
            note=note[:1000],
        ).save()
    return need


def _case_of(need: Need, actor):
    """A case through the report service, as staff register one; the resident's contact
    goes with it so the case's own rules guard it."""
    return report(
        channel=Channel.STAFF,
        description=f"【居民需求 {need.code}】{need.text}",
        community=need.community,
        reporter_name=need.name,
        reporter_phone=need.phone,
        actor=actor,
    )


def public_list(community):
    """The needs a resident may read on the community page: no contacts, no declined text."""
    return Need.objects.filter(community=community).select_related("case")


def photo_access(request, name: str):
    """A need's photo is for the staff who handle the need (the /media/ route asks)."""
    user = request.user
    if not user.is_authenticated:
        return None
    need = Need.objects.filter(photo=name).select_related("community").first()
    return "private" if need and can(user, actions.NEED_MANAGE, need) else None
