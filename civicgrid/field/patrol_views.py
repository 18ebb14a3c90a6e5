"""Phone pages of patrols and check-ins: start, track, end, 签到."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.field import checkins, patrols
from civicgrid.field.forms import CheckInForm
from civicgrid.field.models import CheckIn, Patrol
from civicgrid.field.reminders import unread
from civicgrid.people import actions
from civicgrid.people.scopes import can


def _may_patrol(user) -> None:
    if not can(user, actions.FIELD_PATROL):
        raise PermissionDenied(_("您没有巡查签到的权限"))


def own_patrol(user, pk: int) -> Patrol:
    """The user's own patrol: another person's is not found, whoever asks."""
    patrol = Patrol.objects.filter(pk=pk, user=user).first()
    if patrol is None:
        raise Http404(_("巡查记录不存在"))
    return patrol


@login_required
def patrol_page(request):
    """The patrol under way with its track recorder, or a start button; today's record."""
    _may_patrol(request.user)
    current = patrols.open_patrol(request.user)
    today = timezone.localdate()
    done = Patrol.objects.filter(
        user=request.user, started_at__date=today, ended_at__isnull=False
    ).prefetch_related("findings__case")
    context = {
        "current": current,
        "summary": patrols.summary(current) if current else None,
        "done": [patrols.summary(p) for p in done],
        "checkins": CheckIn.objects.filter(user=request.user, at__date=today).select_related(
            "workstation", "area"
        ),
        "reminders": unread(request.user),
        "config": {
            "poorAccuracy": settings.CIVICGRID_TRACK_POOR_ACCURACY_M,
            "gapMinutes": settings.CIVICGRID_TRACK_GAP_MINUTES,
        },
    }
    return render(request, "field/patrol.html", context)


@login_required
@require_POST
def patrol_start(request):
    _may_patrol(request.user)
    patrols.start(user=request.user)
    messages.success(request, _("巡查已开始：保持本页打开即可记录轨迹。"))
    return redirect("field:patrol")


@login_required
@require_POST
def patrol_points(request, pk):
    """A batch of track points as JSON: {"points": [{"t": ms, "lng", "lat", "acc"}, ...]}."""
    patrol = own_patrol(request.user, pk)
    try:
        body = json.loads(request.body or b"{}")
        stored = patrols.add_points(patrol=patrol, points=body.get("points"))
    except (ValueError, AttributeError) as exc:  # BadTrack and bad JSON are ValueErrors
        message = str(exc) if isinstance(exc, patrols.BadTrack) else _("轨迹数据格式不正确")
        return JsonResponse({"error": message}, status=400)
    patrol.refresh_from_db()
    return JsonResponse(
        {"stored": stored, "points": patrol.point_count, "distance_m": patrol.distance_m}
    )


@login_required
@require_POST
def patrol_end(request, pk):
    patrol = patrols.end(patrol=own_patrol(request.user, pk), note=request.POST.get("note", ""))
    s = patrols.summary(patrol)
    messages.success(
        request,
        _("巡查已结束：用时 %(m)s 分钟，里程约 %(d)s 米，发现问题 %(c)s 件。")
        % {"m": s.minutes, "d": s.distance_m, "c": len(s.cases)},
    )
    return redirect("field:patrol")


@login_required
def checkin_new(request):
    """签到 at a workstation or a grid: photo and position; too far is refused, unsure flagged."""
    _may_patrol(request.user)
    places = checkins.places(request.user)
    form = CheckInForm(request.POST or None, request.FILES or None, places=places)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            done = checkins.check_in(
                user=request.user,
                place=form.chosen_place(),
                lng=data["lng"],
                lat=data["lat"],
                accuracy_m=data["accuracy"],
                photo=data["photo"],
            )
        except checkins.CheckInRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("已在%(place)s签到（距离约 %(d)s 米）。")
                % {"place": done.workstation or done.area, "d": done.distance_m},
            )
            if done.flagged:
                messages.warning(request, done.flag_reason)
            return redirect("field:patrol")
    context = {"form": form, "radius": settings.CIVICGRID_CHECKIN_RADIUS_M}
    return render(request, "field/checkin_new.html", context)
