"""Tasks 任务: the phone page of one task and its steps; the desk's new task, board and export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.audit.log import log
from civicgrid.audit.models import Kind
from civicgrid.field import access, assignments, board, export
from civicgrid.field.assign_forms import AssignmentForm, StepForm
from civicgrid.lib.forms import report_form_errors
from civicgrid.people import actions
from civicgrid.people.scopes import can


@login_required
def assignment_detail(request, pk):
    """One task: what to do, my row and its steps, every assignee's row for the sender."""
    task = access.assignment_for(request.user, pk)
    targets = list(task.targets.select_related("assignee__staff").order_by("pk"))
    now = timezone.now()
    for t in targets:
        t.late = t.is_overdue(now)
        t.steps = [
            (r, StepForm(action=r.action, auto_id=f"t{t.pk}-{r.action}-%s"))
            for r in assignments.allowed_actions(t, request.user)
        ]
    mine = next((t for t in targets if t.assignee_id == request.user.pk), None)
    entries = task.log.select_related("actor__staff", "target__assignee__staff").prefetch_related(
        "photos"
    )
    context = {
        "task": task,
        "mine": mine,
        "targets": targets,
        "entries": entries,
        "is_sender": task.sender_id == request.user.pk
        or can(request.user, actions.TASK_ASSIGN, task),
    }
    return render(request, "field/assignment_detail.html", context)


@login_required
@require_POST
def assignment_act(request, pk, target, action):
    """Apply one step to one assignee's row; refusals come back as messages on the page."""
    task = access.assignment_for(request.user, pk)
    row = task.targets.filter(pk=target).select_related("assignment").first()
    if row is None or action not in assignments.RULES:
        raise Http404(_("未知操作"))
    form = StepForm(request.POST, request.FILES, action=action)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect("field:assignment-detail", pk=pk)
    try:
        assignments.act(target=row, actor=request.user, action=action, **form.step_fields())
    except assignments.NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except assignments.AssignmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已%(action)s") % {"action": assignments.RULES[action].label})
    return redirect("field:assignment-detail", pk=pk)


@login_required
def assignment_new(request):
    """Send a task to people or a workstation of the sender's scope."""
    access.require_assign(request.user)
    pick = request.GET.get("campaign", "")
    initial = {"campaign": pick} if pick.isdigit() and len(pick) < 12 else {}
    form = AssignmentForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            task = assignments.assign(actor=request.user, **form.assign_fields())
        except assignments.AssignmentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已下派：%(title)s") % {"title": task.title})
            return redirect("field:assignment-detail", pk=task.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "field/assignment_new.html", {"form": form}, status=status)


def _board_filters(request) -> dict:
    sender = request.GET.get("sender", "")
    return {
        "sender_id": int(sender) if sender.isdigit() and len(sender) < 12 else None,
        "state": "open" if request.GET.get("state") == "open" else "",
    }


@login_required
def assignment_board(request):
    """The progress of every task in scope: assignees x status, overdue flagged; per sender."""
    access.require_assign(request.user)
    wanted = _board_filters(request)
    rows, senders = board.board(request.user, **wanted)
    context = {"rows": rows, "senders": senders, "wanted": wanted, "query": request.GET.urlencode()}
    return render(request, "field/assignment_board.html", context)


@login_required
def assignment_export(request):
    """The board as an Excel file, one line per task and assignee."""
    access.require_assign(request.user)
    rows, _senders = board.board(request.user, **_board_filters(request))
    out, written = export.write_board(rows)
    log(Kind.EXPORT, request=request, target="field:assignments", rows=written)
    name = _("任务进度-%(time)s.xlsx") % {"time": f"{timezone.localtime():%Y%m%d-%H%M}"}
    response = FileResponse(out, as_attachment=True, filename=name)
    response["X-Rows"] = str(written)
    return response
