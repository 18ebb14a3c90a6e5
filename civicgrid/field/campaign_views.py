"""Special enforcement campaigns: the planning table, a new campaign, its results and export."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.audit.log import log
from civicgrid.audit.models import Kind
from civicgrid.cases.access import case_for
from civicgrid.field import access, campaigns, export
from civicgrid.field.assign_forms import CampaignForm, PlanForm
from civicgrid.field.campaigns import InvalidInput, NotAllowed
from civicgrid.people import actions
from civicgrid.people.scopes import can


@login_required
def campaign_list(request):
    """The campaigns in scope, running first, each with its headline figures."""
    found = list(campaigns.visible_campaigns(request.user).order_by("-ends_on", "-pk")[:100])
    rows = [(c, campaigns.results(campaign=c)) for c in found]
    may_plan = can(request.user, actions.CAMPAIGN_MANAGE)
    return render(request, "field/campaign_list.html", {"rows": rows, "may_plan": may_plan})


@login_required
def campaign_plan(request):
    """Where cases cluster: class x channel x community over a period, top cells first."""
    access.require_campaigns(request.user)
    data = request.GET if "since" in request.GET else PlanForm.defaults()
    form = PlanForm(data, user=request.user)
    cells = []
    if form.is_valid():
        try:
            cells = campaigns.plan_table(user=request.user, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_error(None, str(exc))
    context = {"form": form, "cells": cells}
    return render(
        request, "field/campaign_plan.html", context, status=200 if form.is_valid() else 400
    )


@login_required
def campaign_new(request):
    """Set up a campaign; the planning table's picks arrive in the query string."""
    access.require_campaigns(request.user)
    if request.method == "POST":
        form = CampaignForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                campaign = campaigns.create(actor=request.user, **form.cleaned_data)
            except (InvalidInput, NotAllowed) as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已创建专项行动：%(name)s") % {"name": campaign.name})
                return redirect("field:campaign-detail", pk=campaign.pk)
        return render(request, "field/campaign_new.html", {"form": form}, status=400)
    picked = {name: request.GET.getlist(name) for name in ("categories", "channels", "areas")}
    today = timezone.localdate()
    initial = {
        "starts_on": today,
        "ends_on": today + timedelta(days=30),
        **{
            k: [v for v in vs if v.isdigit() or k == "channels"][:50]
            for k, vs in picked.items()
            if vs
        },
    }
    form = CampaignForm(initial=initial, user=request.user)
    chosen = form.fields["categories"].queryset.filter(pk__in=initial.get("categories", []))
    return render(request, "field/campaign_new.html", {"form": form, "chosen": chosen})


@login_required
def campaign_detail(request, pk):
    """A campaign's results against its targets, its cases and its tasks."""
    campaign = access.campaign_for(request.user, pk)
    cases = campaigns.linked_cases(campaign).select_related("category").order_by("-reported_at")
    context = {
        "campaign": campaign,
        "results": campaigns.results(campaign=campaign),
        "cases": cases[:100],
        "tasks": campaign.assignments.select_related("sender__staff").order_by("-created_at")[:50],
        "may_manage": can(request.user, actions.CAMPAIGN_MANAGE, campaign),
        "may_assign": can(request.user, actions.TASK_ASSIGN),
    }
    return render(request, "field/campaign_detail.html", context)


@login_required
def campaign_export(request, pk):
    """The results and the linked cases as an Excel file."""
    campaign = access.campaign_for(request.user, pk)
    results = campaigns.results(campaign=campaign)
    out, written = export.write_campaign(campaign, results, campaigns.linked_cases(campaign))
    log(Kind.EXPORT, request=request, target=f"campaign:{campaign.pk}", rows=written)
    name = _("专项行动-%(pk)s-%(time)s.xlsx") % {
        "pk": campaign.pk,
        "time": f"{timezone.localtime():%Y%m%d-%H%M}",
    }
    response = FileResponse(out, as_attachment=True, filename=name)
    response["X-Rows"] = str(written)
    return response


@login_required
@require_POST
def campaign_link(request, code):
    """Add a case to a campaign by hand, from the case page."""
    case = case_for(request.user, code)
    pk = request.POST.get("campaign", "")
    if not pk.isdigit() or len(pk) > 12:
        messages.error(request, _("请选择专项行动"))
        return redirect("cases:case-detail", code=case.code)
    campaign = access.campaign_for(request.user, int(pk), manage=True)
    try:
        campaigns.link_case(actor=request.user, campaign=campaign, case=case)
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except InvalidInput as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已关联到专项行动：%(name)s") % {"name": campaign.name})
    return redirect("cases:case-detail", code=case.code)
