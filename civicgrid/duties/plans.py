"""Work plans decomposed into tasks, and the units' progress reports on them."""

from datetime import date, datetime
from typing import Literal

from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.areas.models import Area
from civicgrid.duties.errors import DutyError, NotAllowed
from civicgrid.duties.models import PlanTask, ProgressPhoto, ProgressReport, Unit, WorkPlan
from civicgrid.duties.units import OFFICE_LEVELS, units_in_scope
from civicgrid.lib.images import BadImage, clean_photo
from civicgrid.people import actions
from civicgrid.people.scopes import can, scope_filter

MAX_TASKS = 200


def _require_manage(actor, plan_or_area) -> None:
    if not can(actor, actions.DUTY_MANAGE, plan_or_area):
        raise NotAllowed(_("您没有编制这份任务分解表的权限"))


def _text(value: str, name: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DutyError(_("请填写%(name)s") % {"name": name})
    if len(value) > limit:
        raise DutyError(_("%(name)s最多 %(limit)s 个字") % {"name": name, "limit": limit})
    return value


def plan_areas(user) -> QuerySet[Area]:
    """Districts and streets whose plans the user may draw up."""
    from civicgrid.people.scopes import area_scope

    return Area.objects.filter(area_scope(user, actions.DUTY_MANAGE), level__in=OFFICE_LEVELS)


def create_plan(*, actor, title: str, year: int, area: Area, note: str = "") -> WorkPlan:
    """A new, empty work plan of a district or street in the actor's scope."""
    if area.level not in OFFICE_LEVELS:
        raise DutyError(_("工作方案由区或街道编制"))
    _require_manage(actor, area)
    if not 2000 <= year <= 2100:
        raise DutyError(_("年度不正确"))
    return WorkPlan.objects.create(
        title=_text(title, _("方案名称"), 100),
        year=year,
        area=area,
        note=_text(note, _("说明"), 2000, required=False),
        created_by=actor,
    )


def task_units(plan: WorkPlan) -> QuerySet[Unit]:
    """The units a plan may give tasks to: those in its area, and every department."""
    inside = Q(area_path__startswith=plan.area.path)
    return Unit.objects.filter(inside | Q(department__isnull=False))


def _check_units(plan: WorkPlan, lead: Unit, co_units: list[Unit]) -> list[Unit]:
    allowed = set(task_units(plan).values_list("pk", flat=True))
    if lead.pk not in allowed or any(u.pk not in allowed for u in co_units):
        raise DutyError(_("所选单位不在本方案的范围内"))
    return [u for u in co_units if u.pk != lead.pk]


def _fields(title, content, deadline) -> dict:
    if not isinstance(deadline, date):
        raise DutyError(_("请填写时间节点"))
    return {
        "title": _text(title, _("工作项目"), 100),
        "content": _text(content, _("主要内容"), 2000),
        "deadline": deadline,
    }


@transaction.atomic
def add_task(
    *, plan: WorkPlan, actor, title: str, content: str, deadline: date, lead: Unit, co_units=()
) -> PlanTask:
    """Add one task at the end of the plan's table."""
    _require_manage(actor, plan)
    WorkPlan.objects.select_for_update().filter(pk=plan.pk).first()
    co = _check_units(plan, lead, list(co_units))
    count = plan.tasks.count()
    if count >= MAX_TASKS:
        raise DutyError(_("一份方案最多 %(n)s 项任务") % {"n": MAX_TASKS})
    number = (plan.tasks.aggregate(n=Max("number"))["n"] or 0) + 1
    task = PlanTask.objects.create(
        plan=plan, number=number, lead=lead, **_fields(title, content, deadline)
    )
    task.co_units.set(co)
    return task


@transaction.atomic
def edit_task(
    *, task: PlanTask, actor, title: str, content: str, deadline: date, lead: Unit, co_units=()
) -> PlanTask:
    """Change a task's text, deadline or units; its progress history stays."""
    _require_manage(actor, task.plan)
    co = _check_units(task.plan, lead, list(co_units))
    for field, value in _fields(title, content, deadline).items():
        setattr(task, field, value)
    if task.deadline != PlanTask.objects.get(pk=task.pk).deadline:
        task.reminded_at = None  # a new deadline earns a new reminder
    task.lead = lead
    task.save()
    task.co_units.set(co)
    return task


def units_of(task: PlanTask) -> list[Unit]:
    return [task.lead, *task.co_units.all()]


def reporting_units(user, task: PlanTask) -> list[Unit]:
    """The task's units this user may report progress for."""
    return [u for u in units_of(task) if can(user, actions.DUTY_REPORT, u)]


@transaction.atomic
def report(
    *,
    task: PlanTask,
    unit: Unit,
    actor,
    percent: int,
    text: str,
    photos=(),
    at: datetime | None = None,
) -> ProgressReport:
    """Append one progress report; the lead unit's report is the task's progress. `at`: the
    demo's history only."""
    locked = PlanTask.objects.select_for_update().select_related("lead").get(pk=task.pk)
    if unit.pk not in {u.pk for u in units_of(locked)}:
        raise NotAllowed(_("该单位不是这项任务的牵头或配合单位"))
    if not can(actor, actions.DUTY_REPORT, unit):
        raise NotAllowed(_("您只能为本单位填报进展"))
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        raise DutyError(_("完成进度应为 0 到 100 之间的整数"))
    try:
        cleaned = [clean_photo(f) for f in photos or ()]
    except BadImage as exc:
        raise DutyError(str(exc)) from exc
    entry = ProgressReport.objects.create(
        task=locked,
        unit=unit,
        author=actor,
        percent=percent,
        text=_text(text, _("进展情况"), 2000),
        data={"lead": unit.pk == locked.lead_id},
        at=at or timezone.now(),
    )
    for photo in cleaned:
        ProgressPhoto.objects.create(report=entry, image=photo)
    if unit.pk == locked.lead_id:
        locked.percent, locked.reported_at = percent, entry.at
        locked.done_at = entry.at if percent >= 100 else None
        locked.save(update_fields=["percent", "reported_at", "done_at"])
    elif locked.reported_at is None:  # a co-lead's first word starts the task too
        locked.reported_at = entry.at
        locked.save(update_fields=["reported_at"])
    task.percent, task.reported_at, task.done_at = (
        locked.percent,
        locked.reported_at,
        locked.done_at,
    )
    return entry


def visible_plans(user) -> QuerySet[WorkPlan]:
    """Plans the user draws up or oversees, and plans with tasks of the user's units."""
    mine = units_in_scope(user, actions.DUTY_REPORT)
    managed = scope_filter(user, actions.DUTY_MANAGE, area_field="area__path", department=None)
    involved = Q(tasks__lead__in=mine) | Q(tasks__co_units__in=mine)
    ids = WorkPlan.objects.filter(managed | involved).values("pk")
    return WorkPlan.objects.filter(pk__in=ids).select_related("area")


def visible_tasks(user) -> QuerySet[PlanTask]:
    """Tasks of plans the user manages, and tasks the user's units lead or co-lead."""
    mine = units_in_scope(user, actions.DUTY_REPORT)
    managed = scope_filter(
        user, actions.DUTY_MANAGE, area_field="plan__area__path", department=None
    )
    ids = PlanTask.objects.filter(managed | Q(lead__in=mine) | Q(co_units__in=mine)).values("pk")
    return PlanTask.objects.filter(pk__in=ids)


def report_photo_access(request, name: str) -> Literal["private"] | None:
    """A progress photo is for whoever may see the task (the /media/ route asks)."""
    user = request.user
    if not user.is_authenticated or not ProgressPhoto.objects.filter(image=name).exists():
        return None
    found = visible_tasks(user).filter(reports__photos__image=name)
    return "private" if found.exists() else None
