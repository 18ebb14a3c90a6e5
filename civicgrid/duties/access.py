"""Looking units, lists and tasks up for a user: 404 outside their scope, 403 for a missing
action."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from civicgrid.duties import plans
from civicgrid.duties.models import ListItem, PlanTask, Unit, WorkPlan
from civicgrid.people import actions
from civicgrid.people.scopes import can


def _seen(user, obj) -> bool:
    return any(can(user, a, obj) for a in (actions.DUTY_MANAGE, actions.CASE_VIEW))


def unit_for(user, pk: int) -> Unit:
    """A unit whose lists the user may draw up (403 in scope without duty.manage)."""
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None or not _seen(user, unit):
        raise Http404(_("单位不存在或不在您的管辖范围内"))
    if not can(user, actions.DUTY_MANAGE, unit):
        raise PermissionDenied(_("您没有编制这个单位清单的权限"))
    return unit


def item_for(user, pk: int) -> ListItem:
    item = ListItem.objects.select_related("version__duty_list__unit").filter(pk=pk).first()
    if item is None:
        raise Http404(_("事项不存在"))
    unit_for(user, item.version.duty_list.unit_id)
    return item


def require_manage(user) -> None:
    if not can(user, actions.DUTY_MANAGE):
        raise PermissionDenied(_("您没有编制清单和任务分解的权限"))


def require_board(user) -> None:
    if not (can(user, actions.DUTY_MANAGE) or can(user, actions.DUTY_REPORT)):
        raise PermissionDenied(_("您没有查看任务分解的权限"))


def plan_for(user, pk: int, *, manage: bool = False) -> WorkPlan:
    plan = plans.visible_plans(user).filter(pk=pk).first()
    if plan is None:
        raise Http404(_("工作方案不存在或不在您的管辖范围内"))
    if manage and not can(user, actions.DUTY_MANAGE, plan):
        raise PermissionDenied(_("您没有编制这份任务分解表的权限"))
    return plan


def task_for(user, pk: int) -> PlanTask:
    task = plans.visible_tasks(user).select_related("plan__area", "lead").filter(pk=pk).first()
    if task is None:
        raise Http404(_("任务不存在或不在您的管辖范围内"))
    return task
