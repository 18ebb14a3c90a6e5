"""Looking cases up for a user: 404 outside their scope, 403 for a missing action."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from civicgrid.cases.models import Case
from civicgrid.people.scopes import can


def case_for(user, code: str, action: str | None = None) -> Case:
    """The case with this tracking code if the user may see it (and do `action` on it)."""
    case = (
        Case.objects.visible_to(user)
        .select_related("category", "grid", "department", "escalated_to", "duplicate_of")
        .filter(code=code)
        .first()
    )
    if case is None:
        raise Http404(_("案件不存在或不在您的管辖范围内"))
    if action and not can(user, action, case):
        raise PermissionDenied(_("您没有该操作的权限"))
    return case
