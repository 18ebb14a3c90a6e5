"""Looking tasks and campaigns up for a user: 404 outside their scope, 403 for a missing action."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from civicgrid.field import assignments, campaigns
from civicgrid.field.models import Assignment, Campaign
from civicgrid.people import actions
from civicgrid.people.scopes import can


def assignment_for(user, pk: int) -> Assignment:
    """A task the user sent, was given, or holds task.assign over; else 404."""
    task = assignments.visible_assignments(user).filter(pk=pk).first()
    if task is None:
        raise Http404(_("任务不存在或不在您的管辖范围内"))
    return task


def require_assign(user) -> None:
    if not can(user, actions.TASK_ASSIGN):
        raise PermissionDenied(_("您没有下派任务的权限"))


def campaign_for(user, pk: int, *, manage: bool = False) -> Campaign:
    """A campaign the user may see (404 otherwise); with `manage`, one they may run (403)."""
    found = campaigns.visible_campaigns(user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("专项行动不存在或不在您的管辖范围内"))
    if manage and not can(user, actions.CAMPAIGN_MANAGE, found):
        raise PermissionDenied(_("您没有管理这项专项行动的权限"))
    return found


def require_campaigns(user) -> None:
    if not can(user, actions.CAMPAIGN_MANAGE):
        raise PermissionDenied(_("您没有策划专项执法行动的权限"))
