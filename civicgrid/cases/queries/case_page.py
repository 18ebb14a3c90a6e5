"""What the staff case page shows beyond the case itself: stage clocks, suggestions,
response templates and possible duplicates. Read-only helpers; the view stays thin."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.cases.choices import Clock
from civicgrid.cases.models import Case, ResponseTemplate
from civicgrid.catalog.routing import responsible_department

STAGES = [
    ("accept", _("受理"), "accept_due", "accepted_at"),
    ("dispatch", _("派遣"), "dispatch_due", "dispatched_at"),
    ("handle", _("处置"), "handle_due", "handled_at"),
    ("verify", _("核查"), "verify_due", "verified_at"),
]


@dataclass(frozen=True)
class StageClock:
    label: str
    due: datetime | None
    done: datetime | None
    state: str  # a Clock value, or "done_late" / "done" for finished stages
    text: str


def _span(delta) -> str:
    minutes = int(abs(delta.total_seconds()) // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(d)s 天 %(h)s 小时") % {"d": days, "h": hours}
    if hours:
        return _("%(h)s 小时 %(m)s 分") % {"h": hours, "m": minutes}
    return _("%(m)s 分钟") % {"m": minutes}


def stage_clocks(case: Case, now: datetime | None = None) -> list[StageClock]:
    """One clock per stage that has a deadline: finished on time or late, or running."""
    now = now or timezone.now()
    clocks = []
    for _key, label, due_field, done_field in STAGES:
        due, done = getattr(case, due_field), getattr(case, done_field)
        if due is None:
            continue
        if done is not None:
            late = done > due
            state = "done_late" if late else "done"
            text = _("超时 %(s)s 完成") % {"s": _span(done - due)} if late else _("按时完成")
        elif not case.is_open:
            state, text = "done", _("已结束")
        elif now >= due:
            state, text = Clock.OVERDUE, _("已超期 %(s)s") % {"s": _span(now - due)}
        else:
            warned = case.due_at == due and case.warn_at and now >= case.warn_at
            state = Clock.WARNED if warned else Clock.ON_TIME
            text = _("剩余 %(s)s") % {"s": _span(due - now)}
        clocks.append(StageClock(str(label), due, done, str(state), str(text)))
    return clocks


def suggestions(case: Case) -> dict:
    """For the dispatcher: likely classes from the text, and the department the matrix gives."""
    from civicgrid.catalog.suggest import suggest

    classes = [(c, round(score * 100)) for c, score in suggest(case.description, limit=3)]
    category = case.category or (classes[0][0] if classes else None)
    department = responsible_department(category, case.area_path) if category else None
    return {"classes": classes, "department": department, "for_category": category}


def templates_for(actions) -> dict[str, list[ResponseTemplate]]:
    """Response templates grouped by action, for the actions the page offers."""
    grouped: dict[str, list[ResponseTemplate]] = {}
    for t in ResponseTemplate.objects.filter(action__in=list(actions)):
        grouped.setdefault(t.action, []).append(t)
    return grouped


def possible_duplicates(case: Case, user, limit: int = 5) -> list[Case]:
    """Open cases of the same class near this one that this user may see."""
    if case.lng is None or case.lat is None or case.category_id is None or not case.is_open:
        return []
    from civicgrid.cases.services import nearby_open

    found = nearby_open(category=case.category, lng=case.lng, lat=case.lat, limit=limit + 1)
    visible = set(
        Case.objects.visible_to(user)
        .filter(pk__in=[c.pk for c in found])
        .values_list("pk", flat=True)
    )
    return [c for c in found if c.pk != case.pk and c.pk in visible][:limit]
