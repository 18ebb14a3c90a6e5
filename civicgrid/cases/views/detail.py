"""One case: its page, its workflow actions and the logged view of the full phone number."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.cases import services, workflow
from civicgrid.cases.access import case_for
from civicgrid.cases.enforcement.rules import enforcement_of
from civicgrid.cases.enforcement.services import reveal_party
from civicgrid.cases.forms import ActionForm
from civicgrid.cases.queries import case_page
from civicgrid.cases.views.mapsvg import case_map
from civicgrid.lib.forms import report_form_errors
from civicgrid.people import actions


@login_required
def case_detail(request, code):
    """One case: facts, map, photos, timeline and the actions this user may take now."""
    case = case_for(request.user, code)
    rules = workflow.allowed_actions(case, request.user)
    offered = {rule.action for rule in rules}
    templates = case_page.templates_for(offered)
    forms = [
        (
            rule,
            ActionForm(rule.action, initial={"version": case.version}, case=case),
            templates.get(rule.action),
        )
        for rule in rules
    ]
    context = {
        "case": case,
        "forms": forms,
        "events": case.events.select_related("actor__staff").prefetch_related("attachments"),
        "before": (before := case.attachments.filter(kind="before")),
        "after": (after := case.attachments.filter(kind="after")),
        "photo_pairs": [(_("处置前"), before), (_("处置后"), after)],
        "map": case_map(case),
        "clock": case.clock_at(),
        "enforcement": enforcement_of(case),
        "summons": case.summons.select_related("department"),
        "stage_clocks": case_page.stage_clocks(case),
        "suggest": case_page.suggestions(case) if offered & {"accept", "dispatch"} else None,
        "duplicates": case_page.possible_duplicates(case, request.user)
        if "merge" in offered
        else [],
    }
    return render(request, "cases/case_detail.html", context)


@login_required
@require_POST
def case_act(request, code, action):
    """Apply one workflow action from its form; errors come back as messages."""
    case = case_for(request.user, code)
    form = ActionForm(action, request.POST, request.FILES, case=case)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect("cases:case-detail", code=code)
    try:
        event = form.run(case=case, actor=request.user)
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
    else:  # the row the action took (a measure may be an order to correct)
        messages.success(request, _("已%(action)s") % {"action": event.label})
    return redirect("cases:case-detail", code=code)


@login_required
@require_POST
def case_phone(request, code):
    """Show the resident's full phone number once; the view is logged."""
    case = case_for(request.user, code, actions.CASE_VIEW_CONTACT)
    phone = services.reveal_phone(case=case, user=request.user)
    messages.info(request, _("反映人电话：%(phone)s（本次查看已记录）") % {"phone": phone})
    return redirect("cases:case-detail", code=code)


@login_required
@require_POST
def case_party(request, code):
    """Show the enforcement party's full name, ID number and phone once; the view is logged."""
    case = case_for(request.user, code, actions.CASE_VIEW_PARTY)
    try:
        record = reveal_party(case=case, user=request.user, request=request)
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        text = _("当事人：%(name)s，证件号码：%(id)s，电话：%(phone)s（本次查看已记录）")
        empty = _("未登记")
        shown = {
            "name": record.party_name,
            "id": record.party_id_number or empty,
            "phone": record.party_phone or empty,
        }
        messages.info(request, text % shown)
    return redirect("cases:case-detail", code=code)
