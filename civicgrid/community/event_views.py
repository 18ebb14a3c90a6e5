"""Resident pages of community life (no login, phone first): an event with its sign-up form
and report, one's own sign-up (to cancel it), and a 以案普法 story."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicgrid.community import signups
from civicgrid.community.choices import SignUpState
from civicgrid.community.forms import SignUpForm
from civicgrid.community.models import Event, LawStory, SignUp
from civicgrid.community.publishing import may_preview
from civicgrid.intake import ratelimit

LIMITED = gettext_lazy("提交过于频繁，请稍后再试。")


def signups_per_ip() -> ratelimit.Limit:
    return ratelimit.Limit("event-ip", settings.CIVICGRID_RATE_ANSWERS_PER_IP_HOUR, 3600)


def _shown(request, model, community_code, pk):
    obj = get_object_or_404(model.objects.select_related("community"), pk=pk)
    if obj.community.code != community_code or not may_preview(request.user, obj):
        raise Http404(_("内容不存在或已撤回"))
    return obj


def event_detail(request, community_code, pk):
    """An event: what, when, where, seats left; the sign-up form; afterwards its report."""
    event = _shown(request, Event, community_code, pk)
    form = SignUpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not event.signup_open():
            form.is_valid()
            form.add_error(None, _("该活动当前不在报名时间内"))
            status = 409
        elif not form.is_valid():
            status = 400
        else:
            limits = ((signups_per_ip(), ratelimit.client_ip(request)),)
            if refusal := ratelimit.take(*limits):
                form.add_error(None, LIMITED)
                response = _event_page(request, event, form, 429)
                response["Retry-After"] = str(refusal.retry_after)
                return response
            try:
                done = signups.sign_up(event=event, **_fields(form))
            except signups.SignUpError as exc:
                ratelimit.give_back(*limits)
                form.add_error(None, str(exc))
                status = 409
            else:
                if done.repeated:
                    ratelimit.give_back(*limits)
                return redirect("community:signup-detail", code=done.signup.code)
    return _event_page(request, event, form, status)


def _fields(form) -> dict:
    return {"name": form.cleaned_data["name"], "phone": form.cleaned_data["phone"]}


def _event_page(request, event, form, status):
    confirmed = signups.confirmed_count(event)
    context = {
        "event": event,
        "form": form,
        "confirmed": confirmed,
        "left": max(event.capacity - confirmed, 0) if event.capacity else None,
        "waiting": signups.waiting(event).count(),
        "photos": list(event.photos.all()),
        "attended": signups.attended_count(event),
        "now": timezone.now(),
    }
    return render(request, "community/event_detail.html", context, status=status)


def signup_detail(request, code):
    """One's own sign-up, by the code given at sign-up: its state, and a way to cancel."""
    signup = get_object_or_404(SignUp.objects.select_related("event__community"), code=code)
    if request.method == "POST" and signup.state != SignUpState.CANCELLED:
        signup = signups.cancel(code=code)
    ahead = 0
    if signup.state == SignUpState.WAITING:
        ahead = signups.waiting(signup.event).filter(created_at__lt=signup.created_at).count()
    context = {"signup": signup, "event": signup.event, "ahead": ahead, "now": timezone.now()}
    return render(request, "community/signup_detail.html", context)


def story_detail(request, community_code, pk):
    """A 以案普法 story: the case, the rule behind it, before and after."""
    story = _shown(request, LawStory, community_code, pk)
    return render(request, "community/story_detail.html", {"story": story})
