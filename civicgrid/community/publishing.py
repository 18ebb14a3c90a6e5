"""Who may author a community's notices, events and 以案普法, and what they may open.

A station head holds community.publish over their own community only: another community's
items are a 404 (they cannot see it), a staff member who sees it but may not publish a 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.people import actions
from civicgrid.people.scopes import area_scope, can, scope_filter


def communities(user):
    """The communities this user may publish for."""
    scope = area_scope(user, actions.COMMUNITY_PUBLISH)
    return Area.objects.filter(scope, level=Level.COMMUNITY).order_by("path")


def items(user, model):
    """The notices, events or stories of the communities in the user's scope."""
    scope = scope_filter(
        user, actions.COMMUNITY_PUBLISH, area_field="community__path", department=None
    )
    return model.objects.filter(scope).select_related("community")


def item_for(user, model, pk: int):
    """One item the user may edit: 404 outside what they see, 403 without the action."""
    obj = model.objects.select_related("community").filter(pk=pk).first()
    if obj is None or not can(user, actions.CASE_VIEW, obj):
        raise Http404(_("不存在或不在您的管辖范围内"))
    if not can(user, actions.COMMUNITY_PUBLISH, obj):
        raise PermissionDenied(_("您没有发布社区内容的权限"))
    return obj


def may_preview(user, obj) -> bool:
    """A draft or withdrawn item is shown only to those who may publish it."""
    return obj.is_published or can(user, actions.COMMUNITY_PUBLISH, obj)
