"""The station's desk for community life: notices, events and 以案普法 of the communities in
the user's scope, and on a phone an event's attendance and report."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicgrid.community import publishing, signups
from civicgrid.community.forms import EventForm, LawStoryForm, NoticeForm, ReportForm, WalkInForm
from civicgrid.community.models import Event, EventPhoto, LawStory, Notice
from civicgrid.lib.images import MAX_PHOTOS, BadImage, clean_photo

DESK_ROWS = 50
KINDS = {
    "notice": (Notice, NoticeForm, gettext_lazy("公告")),
    "event": (Event, EventForm, gettext_lazy("活动")),
    "story": (LawStory, LawStoryForm, gettext_lazy("以案普法")),
}


def _require(user):
    if not publishing.communities(user).exists():
        raise PermissionDenied(_("您没有发布社区内容的权限"))


@login_required
def desk(request):
    """Everything the user may publish, newest first, drafts and withdrawn items included."""
    _require(request.user)
    context = {
        "notices": publishing.items(request.user, Notice)[:DESK_ROWS],
        "events": publishing.items(request.user, Event).order_by("-starts_at", "-pk")[:DESK_ROWS],
        "stories": publishing.items(request.user, LawStory)[:DESK_ROWS],
    }
    return render(request, "community/desk.html", context)


def _edit(request, kind: str, pk: int | None):
    model, form_class, label = KINDS[kind]
    obj = publishing.item_for(request.user, model, pk) if pk else None
    if obj is None:
        _require(request.user)
    form = form_class(request.POST or None, request.FILES or None, instance=obj, user=request.user)
    if obj is None and request.method != "POST":
        form.initial = _initial(kind, request.user)
    if request.method == "POST" and form.is_valid():
        if obj is None and kind == "story":
            form.instance.created_by = request.user
        saved = form.save()
        messages.success(request, _("已保存：%(title)s") % {"title": saved.title})
        return redirect(f"community:{kind}-edit", pk=saved.pk)
    context = {"form": form, "obj": obj, "kind": kind, "label": label}
    return render(request, "community/desk_form.html", context, status=400 if form.errors else 200)


def _initial(kind: str, user) -> dict:
    first = publishing.communities(user).first()
    initial = {"community": first, "status": "draft"}
    if kind == "event":
        start = timezone.localtime() + timedelta(days=7)
        initial["starts_at"] = start.replace(hour=9, minute=30, second=0, microsecond=0)
    return initial


@login_required
def notice_create(request):
    return _edit(request, "notice", None)


@login_required
def notice_edit(request, pk):
    return _edit(request, "notice", pk)


@login_required
def event_create(request):
    return _edit(request, "event", None)


@login_required
def event_edit(request, pk):
    return _edit(request, "event", pk)


@login_required
def story_create(request):
    return _edit(request, "story", None)


@login_required
def story_edit(request, pk):
    return _edit(request, "story", pk)


@login_required
def attendance(request, pk):
    """At the door, on a phone: tick who came, or look them up by their sign-up code; add
    walk-ins."""
    event = publishing.item_for(request.user, Event, pk)
    walk_in = WalkInForm(request.POST if request.POST.get("op") == "walkin" else None)
    if request.method == "POST":
        op = request.POST.get("op")
        if op == "walkin" and walk_in.is_valid():
            signups.walk_in(event=event, **walk_in.cleaned_data)
            messages.success(request, _("已登记现场参加人员"))
            return redirect("community:event-attendance", pk=event.pk)
        if op in ("in", "out"):
            signup = event.signups.filter(pk=request.POST.get("signup") or 0).first()
            signup = signup or event.signups.filter(code=request.POST.get("code", "")[:16]).first()
            if signup is None:
                messages.error(request, _("没有找到这个报名码"))
            else:
                signups.check_in(signup=signup, present=op == "in")
                return redirect("community:event-attendance", pk=event.pk)
    rows = event.signups.exclude(state="cancelled").order_by("state", "created_at", "pk")
    context = {
        "event": event,
        "rows": rows,
        "walk_in": walk_in,
        "attended": signups.attended_count(event),
    }
    return render(request, "community/attendance.html", context)


@login_required
def report(request, pk):
    """Afterwards: counts, a short summary and photos, shown on the public event page."""
    event = publishing.item_for(request.user, Event, pk)
    form = ReportForm(request.POST or None, instance=event)
    if form.is_bound and not form.data.get("participants"):
        form.data = form.data.copy()
        form.data["participants"] = str(signups.attended_count(event))
    files = request.FILES.getlist("photos")[: MAX_PHOTOS + 1]
    if request.method == "POST" and form.is_valid():
        cleaned, bad = _photos(files)
        if bad:
            form.add_error(None, bad)
        else:
            event = form.save(commit=False)
            event.reported_at = timezone.now()
            event.save()
            for photo in cleaned:
                EventPhoto.objects.create(event=event, image=photo)
            messages.success(request, _("活动小结已保存"))
            return redirect("community:event-report", pk=event.pk)
    context = {"event": event, "form": form, "photos": event.photos.all()}
    return render(request, "community/report.html", context, status=400 if form.errors else 200)


def _photos(files) -> tuple[list, str]:
    if len(files) > MAX_PHOTOS:
        return [], _("一次最多上传 %(n)d 张照片") % {"n": MAX_PHOTOS}
    try:
        return [clean_photo(f) for f in files], ""
    except BadImage as exc:
        return [], str(exc)
