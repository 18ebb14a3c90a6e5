"""Volunteers and trainings for a user: 404 outside their scope, 403 without the right."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from civicgrid.people import actions
from civicgrid.people.scopes import can, scope_filter
from civicgrid.volunteers.models import Training, Volunteer


def visible_volunteers(user):
    return Volunteer.objects.filter(scope_filter(user, actions.VOLUNTEER_MANAGE, department=None))


def visible_trainings(user):
    return Training.objects.filter(scope_filter(user, actions.TRAINING_MANAGE, department=None))


def require(user, action: str) -> None:
    if not can(user, action):
        raise PermissionDenied(_("您没有此项权限"))


def volunteer_for(user, pk: int) -> Volunteer:
    found = visible_volunteers(user).select_related("community").filter(pk=pk).first()
    if found is None:
        raise Http404(_("志愿者不存在或不在您的管辖范围内"))
    return found


def training_for(user, pk: int) -> Training:
    found = visible_trainings(user).select_related("community").filter(pk=pk).first()
    if found is None:
        raise Http404(_("培训记录不存在或不在您的管辖范围内"))
    return found
