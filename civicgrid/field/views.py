"""Phone pages for grid workers and department handlers: my tasks, one task, its actions."""

import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.cases import services, workflow
from civicgrid.cases.access import case_for
from civicgrid.cases.enforcement.rules import enforcement_of
from civicgrid.field import patrols
from civicgrid.field.assignments import my_open_targets
from civicgrid.field.forms import FieldActionForm, FieldReportForm, PositionForm
from civicgrid.field.services import FIELD_ACTIONS, Task, distance_to, my_tasks
from civicgrid.lib.forms import report_form_errors
from civicgrid.people import actions
from civicgrid.people.scopes import area_scope, can

MAX_ASSIGNMENTS = 50


@login_required
def task_list(request):
    """My tasks, nearest first when the phone's position is known, else by deadline."""
    lng, lat = PositionForm(request.GET).position()
    tasks = my_tasks(user=request.user, lng=lng, lat=lat)
    assignment_rows = list(my_open_targets(request.user)[:MAX_ASSIGNMENTS])
    for row in assignment_rows:
        row.late = row.is_overdue()
    context = {
        "tasks": tasks,
        "assignment_rows": assignment_rows,
        "located": lng is not None,
        "lng": lng,
        "lat": lat,
        "may_report": can(request.user, actions.CASE_REPORT),
        "may_patrol": can(request.user, actions.FIELD_PATROL),
    }
    return render(request, "field/task_list.html", context)


@login_required
def task_detail(request, code):
    """One task on the phone: where it is, the before photos and the actions I may take."""
    case = case_for(request.user, code)
    lng, lat = PositionForm(request.GET).position()
    initial = {"version": case.version, "lng": lng, "lat": lat}
    forms = [
        (rule, FieldActionForm(rule.action, initial=initial, case=case))
        for rule in workflow.allowed_actions(case, request.user)
        if rule.action in FIELD_ACTIONS
    ]
    task = Task(case=case, kind="", clock=case.clock_at(), distance_m=distance_to(case, lng, lat))
    context = {
        "case": case,
        "task": task,
        "forms": forms,
        "radius": settings.CIVICGRID_VERIFY_RADIUS_M,
        "before": case.attachments.filter(kind="before"),
        "after": case.attachments.filter(kind="after"),
        "enforcement": enforcement_of(case),
    }
    return render(request, "field/task_detail.html", context)


@login_required
@require_POST
def task_act(request, code, action):
    """Apply one field action through the workflow; the on-site distance is reported back."""
    case = case_for(request.user, code)
    if action not in FIELD_ACTIONS:
        raise Http404(_("未知操作"))
    form = FieldActionForm(action, request.POST, request.FILES, case=case)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect("field:task-detail", code=code)
    try:
        event = form.run(case=case, actor=request.user)
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("field:task-detail", code=code)
    label = event.label  # the row the action took (a measure may be an order to correct)
    lng, lat = form.position()
    here = f"?{urlencode({'lng': f'{lng:.6f}', 'lat': f'{lat:.6f}'})}" if lng is not None else ""
    if "distance_m" in event.data:
        text = _("已%(action)s（距案件位置约 %(metres)s 米）") % {
            "action": label,
            "metres": event.data["distance_m"],
        }
        messages.success(request, text)
        if event.data["beyond_radius"]:
            messages.warning(
                request,
                _("注意：核查位置距案件位置超过 %(metres)s 米，已记录在案。")
                % {"metres": event.data["radius_m"]},
            )
    else:
        messages.success(request, _("已%(action)s") % {"action": label})
    if action == "start":
        return redirect(reverse("field:task-detail", args=[code]) + here)
    return redirect(reverse("field:task-list") + here)


def _my_grids(user):
    """The grids where the user may report: the fallback place when the phone has no fix."""
    scope = area_scope(user, actions.CASE_REPORT)
    return Area.objects.filter(scope, level=Level.GRID).order_by("path")


@login_required
def report_new(request):
    """随手拍: photo, place, class and text; "已现场处置" makes a self-handled case in one step."""
    if not can(request.user, actions.CASE_REPORT):
        raise PermissionDenied(_("您没有上报案件的权限"))
    grids = _my_grids(request.user)
    if request.method != "POST":
        only = list(grids[:2])
        initial = {"client_key": uuid.uuid4().hex, "grid": only[0] if len(only) == 1 else None}
        return _report_page(request, FieldReportForm(initial=initial, grids=grids))
    form = FieldReportForm(request.POST, request.FILES, grids=grids)
    if form.is_valid():
        then, then_data = form.then()
        patrol = patrols.open_patrol(request.user)
        try:
            case = patrols.report_found(
                actor=request.user,
                patrol=patrol,
                then=then,
                then_data=then_data,
                client_key=form.cleaned_data["client_key"] or None,
                **form.report_fields(),
            )
        except services.OutsideArea as exc:
            form.forget_point(str(exc))
        except workflow.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            if case.status == workflow.S.HANDLED:
                text = _("已随手办结，查询码 %(code)s，等待核查。")
            else:
                text = _("已上报，查询码 %(code)s，可在“我的上报”中查看进度。")
            messages.success(request, text % {"code": case.code})
            return redirect("field:patrol" if patrol else "field:task-list")
    return _report_page(request, form)


def _report_page(request, form):
    picked = getattr(form, "cleaned_data", {}).get("category")
    context = {
        "form": form,
        # A class found with the search box is not among the radios: show it, still chosen.
        "picked": picked if picked and picked.common_rank is None else None,
    }
    return render(request, "field/report_new.html", context)
