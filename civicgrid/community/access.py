"""Looking areas and batches up for staff: 404 outside their scope, 403 for a missing action."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from civicgrid.areas.models import Area
from civicgrid.community.models import PosterBatch
from civicgrid.people import actions
from civicgrid.people.scopes import can


def _guard(user, obj, action: str):
    # Outside every area the user may see cases in: it does not exist for them (404).
    if not can(user, actions.CASE_VIEW, obj):
        raise Http404(_("不存在或不在您的管辖范围内"))
    if not can(user, action, obj):
        raise PermissionDenied(_("您没有打印社区海报的权限"))
    return obj


def area_for(user, code: str, level: int, action: str = actions.COMMUNITY_POSTER) -> Area:
    """The area with this code and level if the user may do `action` on it."""
    area = Area.objects.select_related("parent").filter(code=code, level=level).first()
    if area is None:
        raise Http404(_("区域不存在"))
    return _guard(user, area, action)


def batch_for(user, pk: int) -> PosterBatch:
    """A street batch the user may see: the same rule as printing that street."""
    batch = PosterBatch.objects.select_related("street").filter(pk=pk).first()
    if batch is None:
        raise Http404(_("批量任务不存在"))
    return _guard(user, batch, actions.COMMUNITY_POSTER)
