"""Task decomposition: plans and their tables, a task's progress, the status board."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.audit.log import log
from civicgrid.audit.models import Kind
from civicgrid.duties import access, board, deadlines, export, plans
from civicgrid.duties.choices import TaskStatus
from civicgrid.duties.errors import DutyError, NotAllowed
from civicgrid.duties.forms import PlanForm, ReportForm, TaskForm
from civicgrid.duties.outcome import applied, cleaned
from civicgrid.people import actions
from civicgrid.people.scopes import can


@login_required
def plan_list(request):
    """The plans this user draws up, oversees or has tasks in."""
    access.require_board(request.user)
    found = plans.visible_plans(request.user).order_by("-year", "-created_at")
    context = {"plans": found, "may_create": plans.plan_areas(request.user).exists()}
    return render(request, "duties/plan_list.html", context)


@login_required
def plan_new(request):
    """Draw up a new work plan of a district or a street in scope."""
    access.require_manage(request.user)
    form = PlanForm(request.POST or None, areas=plans.plan_areas(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            plan = plans.create_plan(actor=request.user, **form.cleaned_data)
        except DutyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已建立工作方案，请添加任务"))
            return redirect("duties:plan-detail", pk=plan.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "duties/plan_new.html", {"form": form}, status=status)


@login_required
def plan_detail(request, pk):
    """A plan's decomposition table; its manager adds tasks here."""
    plan = access.plan_for(request.user, pk)
    manage = can(request.user, actions.DUTY_MANAGE, plan)
    form = None
    if manage:
        form = TaskForm(request.POST or None, units=plans.task_units(plan))
    if request.method == "POST":
        if not manage:
            raise PermissionDenied(_("您没有编制这份任务分解表的权限"))
        if form.is_valid():
            try:
                task = plans.add_task(plan=plan, actor=request.user, **form.cleaned_data)
            except NotAllowed as exc:
                raise PermissionDenied(str(exc)) from exc
            except DutyError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已添加任务：%(t)s") % {"t": task.title})
                return redirect("duties:plan-detail", pk=plan.pk)
    found = board.rows(request.user, board.Filters(plan_id=plan.pk))
    context = {"plan": plan, "rows": found, "form": form, "manage": manage}
    return render(
        request, "duties/plan_detail.html", context, status=400 if form and form.errors else 200
    )


@login_required
def task_detail(request, pk):
    """One task: its units, deadline and status, the progress history, the report form."""
    task = access.task_for(request.user, pk)
    today = timezone.localdate()
    units = plans.reporting_units(request.user, task)
    manage = can(request.user, actions.DUTY_MANAGE, task.plan)
    context = {
        "task": task,
        "status": deadlines.status_of(task, today),
        "status_label": TaskStatus(deadlines.status_of(task, today)).label,
        "late_days": deadlines.late_days(task, today),
        "days_left": deadlines.days_left(task, today),
        "effective": deadlines.effective(task.deadline),
        "co_units": list(task.co_units.all()),
        "reports": task.reports.select_related("unit", "author__staff").prefetch_related("photos"),
        "form": ReportForm(units=units, initial={"percent": task.percent}) if units else None,
        "edit_form": _edit_form(task) if manage else None,
    }
    return render(request, "duties/task_detail.html", context)


def _edit_form(task, data=None):
    initial = {
        "title": task.title,
        "content": task.content,
        "deadline": task.deadline,
        "lead": task.lead_id,
        "co_units": [u.pk for u in task.co_units.all()],
    }
    return TaskForm(data, units=plans.task_units(task.plan), initial=initial)


@login_required
@require_POST
def task_report(request, pk):
    """Append a progress report for one of the user's units on the task."""
    task = access.task_for(request.user, pk)
    units = plans.reporting_units(request.user, task)
    if not units:
        raise PermissionDenied(_("您只能为本单位牵头或配合的任务填报进展"))
    form = ReportForm(request.POST, request.FILES, units=units)
    back = reverse("duties:task-detail", args=[task.pk])

    def run():
        plans.report(task=task, actor=request.user, **cleaned(request, form))
        return _("已填报进展")

    return applied(request, back, run)


@login_required
@require_POST
def task_edit(request, pk):
    """Change a task's text, deadline or units (the plan's manager)."""
    task = access.task_for(request.user, pk)
    access.plan_for(request.user, task.plan_id, manage=True)
    form = _edit_form(task, request.POST)
    back = reverse("duties:task-detail", args=[task.pk])

    def run():
        plans.edit_task(task=task, actor=request.user, **cleaned(request, form))
        return _("已保存任务")

    return applied(request, back, run)


def _board_context(request) -> tuple[board.Filters, list[board.Row]]:
    access.require_board(request.user)
    filters = board.Filters.of(request.GET)
    return filters, board.rows(request.user, filters)


@login_required
def status_board(request):
    """Every visible task by status and by unit, overdue flagged, with filters."""
    filters, found = _board_context(request)
    everything = (
        found
        if not filters.status
        else board.rows(request.user, board.Filters(filters.plan_id, filters.unit_id))
    )
    context = {
        "filters": filters,
        "rows": found,
        "by_status": board.by_status(everything),
        "by_unit": board.by_unit(everything),
        "statuses": TaskStatus.choices,
        "plans": plans.visible_plans(request.user).order_by("-year", "title"),
        "query": request.GET.urlencode(),
    }
    return render(request, "duties/status_board.html", context)


@login_required
def board_export(request):
    """The filtered decomposition table with each task's latest progress, as Excel."""
    _filters, found = _board_context(request)
    out = export.write_board(found)
    log(Kind.EXPORT, request=request, target="duties:board", rows=len(found))
    response = FileResponse(out, as_attachment=True, filename=export.file_name(_("任务分解表")))
    response["X-Rows"] = str(len(found))
    return response
