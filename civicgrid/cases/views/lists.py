"""The case list with its inboxes, its Excel export and batch actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.audit.log import log
from civicgrid.audit.models import Kind
from civicgrid.cases import export, inbox
from civicgrid.cases.filters import CaseFilter, ordered_parts, page_of
from civicgrid.cases.views.register import may_register
from civicgrid.lib.keyset import CursorError
from civicgrid.volunteers import marks

ROW_FIELDS = (
    *("code", "channel", "request_type", "reported_at", "description", "status", "urge_count"),
    *("due_at", "warn_at", "category__name", "grid__name", "department__name"),
    "reporter_phone_digest",  # the 监督员 mark (volunteers/marks.py)
)


@login_required
def case_list(request):
    """The user's inboxes with their counts and one filtered page, most urgent deadline first."""
    boxes = inbox.inboxes_for(request.user)
    counts = inbox.counts(request.user, boxes)
    data = request.GET
    if not data and boxes:
        # Open on the first inbox with work in it; "全部在办" (always last) when all are empty.
        data = QueryDict(mutable=True)
        data["inbox"] = next((b.key for b in boxes if counts[b.key]), boxes[-1].key)
    filters = CaseFilter(data, user=request.user)
    # Only what a row shows (cases/partials/_case_row.html): loading whole cases with their
    # class, grid outline and department, and decrypting contact data, was a third of the page.
    try:
        page = page_of(
            filters, cursor=data.get("cursor", ""), number=data.get("page"), fields=ROW_FIELDS
        )
    except CursorError as exc:
        messages.warning(request, str(exc))
        page = page_of(filters, fields=ROW_FIELDS)
    current = filters.cleaned_data.get("inbox") if filters.is_valid() else ""
    query = data.copy()
    for name in ("page", "cursor"):
        query.pop(name, None)
    context = {
        "filters": filters,
        "page": page,
        "boxes": [(box, counts[box.key]) for box in boxes],
        "current": current,
        "query": query.urlencode(),
        "batch": inbox.batch_actions_for(request.user),
        "may_register": may_register(request.user),
        "supervised": marks.marked(page.rows),
    }
    partial = request.headers.get("HX-Request") == "true"
    name = "cases/partials/_case_rows.html" if partial else "cases/case_list.html"
    response = render(request, name, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def case_export(request):
    """The filtered list as an Excel file: the same filter and scope as the list page."""
    filters = CaseFilter(request.GET, user=request.user)
    if not filters.is_valid():
        messages.error(request, filters.error_text())
        return redirect(f"{reverse('cases:case-list')}?{request.GET.urlencode()}")
    out, written, capped = export.write_xlsx(ordered_parts(filters), cap=export.MAX_ROWS)
    log(Kind.EXPORT, request=request, target="cases", query=request.GET.urlencode(), rows=written)
    name = _("案件导出-%(time)s.xlsx") % {"time": f"{timezone.localtime():%Y%m%d-%H%M}"}
    response = FileResponse(out, as_attachment=True, filename=name)
    response["X-Rows"] = str(written)
    response["X-Capped"] = "1" if capped else "0"
    return response


@login_required
@require_POST
def case_batch(request):
    """Accept or dispatch the ticked cases one by one and say what happened to each."""
    action = request.POST.get("action", "")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = reverse("cases:case-list")
    if action not in inbox.BATCH_ACTIONS:
        messages.error(request, _("未知的批量操作"))
        return redirect(back)
    codes = request.POST.getlist("codes")
    if not codes:
        messages.error(request, _("请先勾选案件"))
        return redirect(back)
    done, failed = inbox.run_batch(action=action, codes=codes, actor=request.user)
    label = inbox.BATCH_ACTIONS[action][1]
    text = _("已%(action)s %(count)s 件") % {"action": label, "count": len(done)}
    if failed:
        reasons = _("；").join(f"{code}{_('：')}{reason}" for code, reason in failed)
        text += _("，%(count)s 件未能处理：%(reasons)s") % {
            "count": len(failed),
            "reasons": reasons,
        }
    (messages.warning if failed else messages.success)(request, text)
    return redirect(back)
