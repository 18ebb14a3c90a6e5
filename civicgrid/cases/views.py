from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from civicgrid.cases import casepage, export, inbox, services, workflow
from civicgrid.cases.access import case_for
from civicgrid.cases.filters import CaseFilter
from civicgrid.cases.forms import ActionForm
from civicgrid.cases.mapsvg import case_map
from civicgrid.cases.models import Case
from civicgrid.people import actions


@login_required
def case_list(request):
    """The cases in the user's scope, most urgent deadline first."""
    filters = CaseFilter(request.GET or {"status": "open"})
    qs = filters.apply(Case.objects.visible_to(request.user))
    qs = qs.select_related("category", "grid", "department").order_by(
        F("due_at").asc(nulls_last=True), "-reported_at"
    )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "cases/case_list.html", {"filters": filters, "page": page})


@login_required
def case_detail(request, code):
    """One case: facts, map, photos, timeline and the actions this user may take now."""
    case = case_for(request.user, code)
    forms = [
        (rule, ActionForm(rule.action, initial={"version": case.version}))
        for rule in workflow.allowed_actions(case, request.user)
    ]
    context = {
        "case": case,
        "forms": forms,
        "events": case.events.select_related("actor__staff").prefetch_related("attachments"),
        "before": (before := case.attachments.filter(kind="before")),
        "after": (after := case.attachments.filter(kind="after")),
        "photo_pairs": [("处置前", before), ("处置后", after)],
        "map": case_map(case),
        "clock": case.clock_at(),
        "summons": case.summons.select_related("department"),
    }
    return render(request, "cases/case_detail.html", context)


@login_required
@require_POST
def case_act(request, code, action):
    """Apply one workflow action from its form; errors come back as messages."""
    case = case_for(request.user, code)
    if action not in workflow.RULES:
        messages.error(request, "未知操作")
        return redirect("cases:case-detail", code=code)
    form = ActionForm(action, request.POST, request.FILES)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}：{'；'.join(errors)}" if label else "；".join(errors))
        return redirect("cases:case-detail", code=code)
    case.version = form.cleaned_data["version"]
    try:
        getattr(workflow, action)(case=case, actor=request.user, **form.arguments())
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已{workflow.RULES[action].label}")
    return redirect("cases:case-detail", code=code)


@login_required
@require_POST
def case_phone(request, code):
    """Show the resident's full phone number once; the view is logged."""
    case = case_for(request.user, code, actions.CASE_VIEW_CONTACT)
    phone = services.reveal_phone(case=case, user=request.user)
    messages.info(request, f"反映人电话：{phone}（本次查看已记录）")
    return redirect("cases:case-detail", code=code)
        "stage_clocks": casepage.stage_clocks(case),
        "suggest": casepage.suggestions(case) if offered & {"accept", "dispatch"} else None,
        "duplicates": casepage.possible_duplicates(case, request.user) if "merge" in offered else [],
