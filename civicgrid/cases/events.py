"""The one writer of a case's history: every change of a case is one immutable `CaseEvent`.

The report, every workflow action and the deadline sweep write through `record()`, inside the
transaction that changes the case, so the history can never miss a change or invent one.
"""

from datetime import datetime

from django.utils.translation import gettext as _

from civicgrid.cases.choices import PhotoKind
from civicgrid.cases.models import Attachment, Case, CaseEvent

SYSTEM = "system"  # the actor of clock marks: nobody pressed a button


def actor_label(actor) -> str:
    """The role shown on the public timeline: residents never see staff names."""
    if actor == SYSTEM:
        return _("系统")
    if actor is None:
        return _("市民")
    profile = getattr(actor, "staff", None)
    return (profile.title if profile else "") or _("工作人员")


def record(
    case: Case,
    action: str,
    *,
    actor,
    at: datetime,
    from_status: str = "",
    note: str = "",
    public: bool,
    data: dict | None = None,
    photos=(),
) -> CaseEvent:
    """Write one event of `case` (in its new state) and its photos, already cleaned."""
    event = CaseEvent(
        case=case,
        action=action,
        actor=None if actor == SYSTEM else actor,
        actor_label=actor_label(actor),
        at=at,
        from_status=from_status,
        to_status=case.status,
        note=note,
        public=public,
        data=data or {},
    )
    event.save()
    kind = PhotoKind.BEFORE if action == "report" else PhotoKind.AFTER
    for photo in photos:
        Attachment.objects.create(case=case, event=event, kind=kind, image=photo, uploaded_at=at)
    return event
