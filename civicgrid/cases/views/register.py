"""The desk's registration form (登记): a call or a walk-in becomes a case, accepted at once."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.cases import registration, workflow
from civicgrid.cases.forms import RegisterForm
from civicgrid.people import actions
from civicgrid.people.scopes import area_scope, can

NEEDED = (actions.CASE_REPORT, actions.CASE_ACCEPT)


def may_register(user) -> bool:
    """Registration is for the desk: those who may report cases and accept them."""
    return all(can(user, action) for action in NEEDED)


def _communities(user):
    scope = area_scope(user, actions.CASE_REPORT)
    return Area.objects.filter(scope, level=Level.COMMUNITY).order_by("path")


@login_required
def case_new(request):
    """Register a case for a caller or a visitor; 立即受理 accepts it in the same step."""
    if not may_register(request.user):
        raise PermissionDenied(_("您没有登记案件的权限"))
    communities = _communities(request.user)
    if request.method != "POST":
        form = RegisterForm(initial={"client_key": uuid.uuid4().hex}, communities=communities)
        return _page(request, form)
    form = RegisterForm(request.POST, communities=communities)
    if form.is_valid():
        accept = form.cleaned_data["accept_now"]
        try:
            case = registration.register(
                actor=request.user,
                then="accept" if accept else "",
                client_key=form.cleaned_data["client_key"] or None,
                **form.report_fields(coord_system=settings.CIVICGRID_MAP_TILE_CRS),
            )
        except workflow.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            text = _("已登记并受理，查询码 %(code)s") if accept else _("已登记，查询码 %(code)s")
            messages.success(request, text % {"code": case.code})
            return redirect("cases:case-detail", code=case.code)
    return _page(request, form)


def _page(request, form):
    config = {
        "tileUrl": settings.CIVICGRID_MAP_TILE_URL,
        "tileAttribution": settings.CIVICGRID_MAP_TILE_ATTRIBUTION,
        "gridsUrl": reverse("cases:map-grids"),
    }
    return render(request, "cases/case_new.html", {"form": form, "config": config})
