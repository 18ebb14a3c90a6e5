import uuid

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.cases import services, workflow
from civicgrid.cases.choices import Channel
from civicgrid.cases.models import Case
from civicgrid.intake.forms import RateForm, ReopenForm, ReportForm


def home(request):
    if request.user.is_authenticated:
        return redirect("cases:case-list")
    return redirect("login")


def report(request, community_code):
    """The page a community QR code opens: report a problem in under a minute."""
    community = get_object_or_404(Area, code=community_code, level=Level.COMMUNITY)
    form = ReportForm(
        request.POST or None, request.FILES or None, initial={"client_key": uuid.uuid4().hex}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.report(
                channel=Channel.QR,
                community=community,
                category=data["category"],
                description=data["description"],
                address=data["address"],
                lng=data["lng"],
                lat=data["lat"],
                photos=data["photos"],
                reporter_name=data["reporter_name"],
                reporter_phone=data["reporter_phone"],
                client_key=data["client_key"] or None,
            )
        except workflow.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"反映成功！查询码：{case.code}，请保存本页链接以便查看进度。"
            )
            return redirect("intake:track", code=case.code)
    return render(request, "intake/report.html", {"form": form, "community": community})


def track(request, code):
    """The resident's view of one case: public timeline, photos, rating and reopening."""
    case = get_object_or_404(Case.objects.select_related("category", "grid"), code=code.upper())
    context = {
        "case": case,
        "events": case.events.filter(public=True),
        "before": (before := case.attachments.filter(kind="before")),
        "after": (after := case.attachments.filter(kind="after")),
        "photo_pairs": [("处置前", before), ("处置后", after)],
        "rate_form": RateForm() if workflow.refusal(case, "rate", None) is None else None,
        "reopen_form": ReopenForm() if workflow.refusal(case, "reopen", None) is None else None,
    }
    return render(request, "intake/track.html", context)


@require_POST
def track_act(request, code, action):
    """Rate or reopen from the tracking page: the tracking code is the resident's key."""
    case = get_object_or_404(Case, code=code.upper())
    form_class = {"rate": RateForm, "reopen": ReopenForm}.get(action)
    if form_class is None:
        return redirect("intake:track", code=case.code)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect("intake:track", code=case.code)
    try:
        getattr(workflow, action)(case=case, actor=None, **form.cleaned_data)
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, "感谢您的评价！" if action == "rate" else "已重新提交办理，我们会尽快处理。"
        )
    return redirect("intake:track", code=case.code)
