"""Typical cases 典型案例: the staff's list and editor, and the public page of the portal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.cases.access import case_for
from civicgrid.cases.choices import Status
from civicgrid.people import actions
from civicgrid.people.scopes import can
from civicgrid.stations import showcase
from civicgrid.stations.forms import ShowcaseForm
from civicgrid.stations.models import Showcase


def _may_manage(user) -> None:
    if not can(user, actions.SHOWCASE_MANAGE):
        raise PermissionDenied(_("您没有发布典型案例的权限"))


@login_required
def showcase_manage(request):
    """The typical cases of the viewer's scope, and closed cases with photos to choose from."""
    _may_manage(request.user)
    code = request.GET.get("code", "").strip()[:16]
    context = {
        "showcases": showcase.managed(request.user).select_related("case__category")[:200],
        "candidates": showcase.candidates(request.user, code=code),
        "code": code,
    }
    return render(request, "stations/showcase_manage.html", context)


@login_required
def showcase_edit(request, code):
    """Write, publish or withdraw the typical case of one closed case of the viewer's scope."""
    _may_manage(request.user)
    case = case_for(request.user, code, actions.SHOWCASE_MANAGE)
    found = Showcase.objects.filter(case=case).first()
    form = ShowcaseForm(request.POST or None, case=case, showcase=found)
    closed = case.status == Status.CLOSED
    if request.method == "POST":
        step = request.POST.get("step", "save")
        if step == "unpublish" and found is not None:
            showcase.unpublish(showcase=found, actor=request.user)
            messages.success(request, _("已从市民门户撤下，保留为草稿。"))
            return redirect("stations:showcase-edit", code=case.code)
        if not closed:
            messages.error(request, _("只有已结案的案件可以作为典型案例"))
        elif form.is_valid():
            try:
                showcase.save(
                    case=case, actor=request.user, publish=step == "publish", **form.cleaned_data
                )
            except showcase.InvalidInput as exc:
                form.add_error(None, str(exc))
            else:
                done = _("已发布到市民门户。") if step == "publish" else _("已保存为草稿。")
                messages.success(request, done)
                return redirect("stations:showcase-edit", code=case.code)
    choices = {
        name: [(value, label, str(form[name].value() or "") == value)
               for value, label in form.fields[name].choices if value]
        for name in ("before", "after")
    }  # fmt: skip
    context = {"case": case, "form": form, "showcase": found, "closed": closed, "photos": choices}
    return render(request, "stations/showcase_edit.html", context)


def _chosen(request, name: str, level: int) -> Area | None:
    code = request.GET.get(name, "").strip()[:20]
    return Area.objects.filter(code=code, level=level).first() if code else None


def showcase_list(request):
    """The portal's typical cases, newest first, by street and class; no login."""
    street = _chosen(request, "street", Level.STREET)
    try:
        category = int(request.GET.get("category", "") or 0)
    except ValueError:
        category = 0
    streets, classes = showcase.public_filters()
    context = {
        "cases": showcase.public_list(street=street, category_id=category or None),
        "streets": streets,
        "classes": classes,
        "street": street,
        "category": category,
    }
    return render(request, "stations/showcase_list.html", context)
