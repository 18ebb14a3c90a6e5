"""Phone pages for grid workers and department handlers: my tasks, one task, its actions."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.cases import workflow
from civicgrid.cases.access import case_for
from civicgrid.field.forms import FieldActionForm, PositionForm
from civicgrid.field.services import FIELD_ACTIONS, Task, distance_to, my_tasks
from civicgrid.lib.forms import report_form_errors


@login_required
def task_list(request):
    """My tasks, nearest first when the phone's position is known, else by deadline."""
    lng, lat = PositionForm(request.GET).position()
    tasks = my_tasks(user=request.user, lng=lng, lat=lat)
    context = {"tasks": tasks, "located": lng is not None, "lng": lng, "lat": lat}
    return render(request, "field/task_list.html", context)


@login_required
def task_detail(request, code):
    """One task on the phone: where it is, the before photos and the actions I may take."""
    case = case_for(request.user, code)
    lng, lat = PositionForm(request.GET).position()
    initial = {"version": case.version, "lng": lng, "lat": lat}
    forms = [
        (rule, FieldActionForm(rule.action, initial=initial))
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
    }
    return render(request, "field/task_detail.html", context)


@login_required
@require_POST
def task_act(request, code, action):
    """Apply one field action through the workflow; the on-site distance is reported back."""
    case = case_for(request.user, code)
    if action not in FIELD_ACTIONS:
        raise Http404(_("未知操作"))
    form = FieldActionForm(action, request.POST, request.FILES)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect("field:task-detail", code=code)
    try:
        event = form.run(case=case, actor=request.user)
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("field:task-detail", code=code)
    label = workflow.RULES[action].label
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
