"""The station's desk: needs to accept and send on, agenda items, meetings and decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.audit.log import log
from civicgrid.audit.models import Kind
from civicgrid.council import council, export, needs
from civicgrid.council.choices import ItemStatus
from civicgrid.council.forms import DecisionForm, ItemForm, MeetingForm, StepForm
from civicgrid.council.models import AgendaItem, Meeting, Need
from civicgrid.council.public_views import meetings_of
from civicgrid.field.assignments import people_in_scope
from civicgrid.people import actions
from civicgrid.people.scopes import area_scope, can

DESK_ACTIONS = (actions.COUNCIL_MANAGE, actions.NEED_MANAGE)


def _communities(user):
    reach = Q()
    for action in DESK_ACTIONS:
        reach |= area_scope(user, action)
    return Area.objects.filter(reach, level=Level.COMMUNITY).order_by("path")


def _community(user, code) -> Area:
    community = _communities(user).filter(code=code[:20]).first()
    if community is None:
        raise Http404(_("社区不存在或不在您的管辖范围内"))
    return community


def _in_scope(user, model, pk, action, **related):
    obj = get_object_or_404(model.objects.select_related(*related.get("via", ())), pk=pk)
    if not can(user, action, obj):
        raise Http404(_("不存在或不在您的管辖范围内"))
    return obj


@login_required
def index(request):
    communities = list(_communities(request.user))
    if len(communities) == 1:
        return redirect("council:desk", community_code=communities[0].code)
    return render(request, "council/manage_index.html", {"communities": communities})


@login_required
def desk(request, community_code):
    community = _community(request.user, community_code)
    user = request.user
    found = list(Need.objects.filter(community=community).select_related("case")[:100])
    for need in found:
        need.steps = needs.allowed_steps(need, user)
    may_council = can(user, actions.COUNCIL_MANAGE, community)
    context = {
        "community": community,
        "needs": found,
        "items": AgendaItem.objects.filter(community=community, status=ItemStatus.OPEN),
        "meetings": meetings_of(community, limit=20),
        "may_council": may_council,
        "item_form": ItemForm(),
        "today": timezone.localdate(),
    }
    return render(request, "council/desk.html", context)


@login_required
@require_POST
def need_act(request, pk):
    need = _in_scope(request.user, Need, pk, actions.NEED_MANAGE, via=("community",))
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请检查填写的内容，例如日期格式"))
    else:
        try:
            needs.act(need=need, actor=request.user, **form.cleaned_data)
        except needs.CouncilError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已保存：%(code)s") % {"code": need.code})
    return redirect(f"{_desk_url(need.community)}#need-{need.pk}")


def _desk_url(community) -> str:
    from django.urls import reverse

    return reverse("council:desk", kwargs={"community_code": community.code})


@login_required
@require_POST
def item_add(request, community_code):
    community = _community(request.user, community_code)
    form = ItemForm(request.POST)
    if form.is_valid():
        try:
            council.propose(community=community, actor=request.user, **form.cleaned_data)
        except needs.CouncilError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("议题已添加"))
    else:
        messages.error(request, _("请填写议题和说明"))
    return redirect(_desk_url(community))


@login_required
@require_POST
def item_act(request, pk):
    """Put an open item onto a meeting of its community, or decline it with a public reason."""
    item = _in_scope(request.user, AgendaItem, pk, actions.COUNCIL_MANAGE, via=("community",))
    wanted = request.POST.get("meeting", "")
    meeting = None
    if wanted:
        meeting = Meeting.objects.filter(pk=int(wanted) if wanted.isdigit() else 0).first()
        if meeting is None:
            messages.error(request, _("请选择会议"))
            return redirect(_desk_url(item.community))
    try:
        council.place_item(
            item=item, actor=request.user, meeting=meeting, reason=request.POST.get("reason", "")
        )
    except needs.CouncilError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已列入议程") if meeting else _("已记录未列入议程的原因"))
    return redirect(_desk_url(item.community))


@login_required
def meeting_new(request, community_code):
    community = _community(request.user, community_code)
    if not can(request.user, actions.COUNCIL_MANAGE, community):
        raise Http404(_("社区不存在或不在您的管辖范围内"))
    open_items = AgendaItem.objects.filter(community=community, status=ItemStatus.OPEN)
    form = MeetingForm(request.POST or None, items=open_items)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = council.hold(actor=request.user, community=community, **form.cleaned_data)
        except needs.CouncilError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("会议已记录"))
            return redirect("council:meeting", pk=meeting.pk)
    return render(request, "council/meeting_form.html", {"form": form, "community": community})


@login_required
def meeting(request, pk):
    """A meeting and its decisions; a new decision may become a case or a task."""
    found = _in_scope(request.user, Meeting, pk, actions.COUNCIL_MANAGE, via=("community",))
    form = DecisionForm(request.POST or None, people=people_in_scope(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            council.decide(meeting=found, actor=request.user, **form.cleaned_data)
        except needs.CouncilError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("决议已记录"))
            return redirect("council:meeting", pk=found.pk)
    decisions = list(found.decisions.select_related("case", "assignment"))
    for decision in decisions:
        decision.progress = council.progress(decision)
    context = {"meeting": found, "decisions": decisions, "form": form}
    return render(request, "council/meeting.html", context, status=400 if form.errors else 200)


@login_required
def export_xlsx(request, community_code):
    community = _community(request.user, community_code)
    out, rows = export.write_xlsx(community)
    log(Kind.EXPORT, request=request, target=f"council:{community.code}", rows=rows)
    name = _("需求与决议-%(code)s-%(time)s.xlsx") % {
        "code": community.code,
        "time": f"{timezone.localtime():%Y%m%d-%H%M}",
    }
    return FileResponse(out, as_attachment=True, filename=name)
