"""Staff desk of the liaison log (1366 px): meetings, agreed actions, 物业履职, companies."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.audit.log import log
from civicgrid.audit.models import Kind
from civicgrid.cases.export import write_tables
from civicgrid.liaison import services
from civicgrid.liaison.forms import ActionForm, DutyForm, MeetingForm, StatusForm


def _may(request):
    if not services.communities_for(request.user).exists():
        raise PermissionDenied(_("您没有记录联络工作的权限"))


@login_required
def meeting_list(request):
    _may(request)
    context = {
        "meetings": services.meetings_for(request.user)[:100],
        "overdue": services.overdue(services.actions_for(request.user)),
    }
    return render(request, "liaison/meeting_list.html", context)


@login_required
def meeting_create(request):
    _may(request)
    form = MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(actor=request.user, **form.cleaned_data)
        except services.LiaisonError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("会议已记录，请添加商定事项"))
            return redirect("liaison:meeting-detail", pk=meeting.pk)
    elif request.method != "POST":
        form.initial = {"held_on": timezone.localdate()}
    return render(request, "liaison/meeting_form.html", {"form": form})


@login_required
def meeting_detail(request, pk):
    meeting = services.meetings_for(request.user).filter(pk=pk).first()
    if meeting is None:
        raise Http404(_("会议记录不存在或不在您的管辖范围内"))
    action_form, status_form = ActionForm(), StatusForm()
    if request.method == "POST":
        try:
            if "status" in request.POST:
                status_form = StatusForm(request.POST)
                if status_form.is_valid():
                    data = status_form.cleaned_data
                    row = meeting.actions.filter(pk=data["action"]).first()
                    if row is None:
                        raise services.InvalidInput(_("商定事项不存在"))
                    services.set_status(
                        actor=request.user, action=row, status=data["status"], note=data["note"]
                    )
                    messages.success(request, _("已更新"))
                    return redirect("liaison:meeting-detail", pk=meeting.pk)
            else:
                action_form = ActionForm(request.POST)
                if action_form.is_valid():
                    services.add_action(
                        actor=request.user, meeting=meeting, **action_form.cleaned_data
                    )
                    messages.success(request, _("已添加商定事项"))
                    return redirect("liaison:meeting-detail", pk=meeting.pk)
        except services.NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
        except services.InvalidInput as exc:
            messages.error(request, str(exc))
    late = {a.pk: n for a, n in services.overdue(meeting.actions.all())}
    context = {
        "meeting": meeting,
        "actions": [(a, late.get(a.pk)) for a in meeting.actions.select_related("company")],
        "action_form": action_form,
        "status_form": status_form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "liaison/meeting_detail.html", context, status=status)


@login_required
def duty_create(request):
    _may(request)
    form = DutyForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_duty(actor=request.user, **form.cleaned_data)
        except services.LiaisonError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("履职记录已保存"))
            return redirect("liaison:company-list")
    elif request.method != "POST":
        form.initial = {"checked_on": timezone.localdate()}
    return render(request, "liaison/duty_form.html", {"form": form})


@login_required
def company_list(request):
    _may(request)
    context = {
        "lines": services.company_summary(request.user),
        "duties": services.duties_for(request.user).prefetch_related("photos")[:50],
    }
    return render(request, "liaison/company_list.html", context)


@login_required
def export(request):
    """Meetings, actions (overdue flagged), 履职 records and the company summary in one file."""
    _may(request)
    user = request.user
    late = {a.pk: n for a, n in services.overdue(services.actions_for(user))}
    meetings = [
        [m.held_on, m.community.name, m.party_labels, m.attendees, m.minutes]
        for m in services.meetings_for(user)[:5000]
    ]
    rows = [
        [
            a.meeting.held_on,
            a.meeting.community.name,
            a.text,
            a.get_owner_display(),
            a.company.name if a.company else "",
            a.deadline,
            a.get_status_display(),
            late.get(a.pk, ""),
        ]
        for a in services.actions_for(user)[:5000]
    ]
    duties = [
        [d.checked_on, d.estate.community.name, d.estate.name, d.company.name]
        + [_("已履职") if d.fulfilled else _("未履职"), d.note]
        for d in services.duties_for(user)[:5000]
    ]
    summary = [
        [x.company.name, x.estates, x.actions, x.done, x.overdue, x.checks, x.fulfilled]
        for x in services.company_summary(user)
    ]
    out = write_tables(
        [
            (
                _("会议"),
                [(_("日期"), 12), (_("社区"), 18), (_("参会方"), 20)]
                + [(_("参会人员"), 30), (_("会议纪要"), 60)],
                meetings,
            ),
            (
                _("商定事项"),
                [(_("会议日期"), 12), (_("社区"), 18), (_("商定事项"), 40), (_("责任方"), 10)]
                + [(_("物业公司"), 24), (_("期限"), 12), (_("状态"), 10)]
                + [(_("逾期工作日"), 12)],
                rows,
            ),
            (
                _("物业履职"),
                [(_("检查日期"), 12), (_("社区"), 18), (_("小区"), 20), (_("物业公司"), 24)]
                + [(_("是否履职"), 10), (_("情况说明"), 50)],
                duties,
            ),
            (
                _("物业公司汇总"),
                [(_("物业公司"), 28), (_("小区数"), 10), (_("商定事项"), 10)]
                + [(_("已完成"), 10), (_("逾期"), 10), (_("履职检查"), 10), (_("已履职"), 10)],
                summary,
            ),
        ]
    )
    log(Kind.EXPORT, request=request, target="liaison", rows=len(rows))
    name = _("物业联络-%(time)s.xlsx") % {"time": f"{timezone.localtime():%Y%m%d-%H%M}"}
    return FileResponse(out, as_attachment=True, filename=name)
