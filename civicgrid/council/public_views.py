"""Residents' pages (no login, phone first): the council board, proposing, needs, tracking."""

import secrets

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.council import council, needs
from civicgrid.council.choices import ItemStatus
from civicgrid.council.forms import ItemForm, NeedForm
from civicgrid.council.models import AgendaItem, Meeting, Need
from civicgrid.intake import ratelimit

BROWSER_COOKIE = "cg_council"
SHOWN = 30


def community_or_404(code: str) -> Area:
    return get_object_or_404(Area, code=code[:20], level=Level.COMMUNITY)


def meetings_of(community, limit=5):
    found = list(
        Meeting.objects.filter(community=community)
        .prefetch_related("items", "decisions__case", "decisions__assignment__targets")
        .order_by("-held_at")[:limit]
    )
    for meeting in found:
        for decision in meeting.decisions.all():
            decision.progress = council.progress(decision)
    return found


def board(request, community_code):
    """A community's council and needs: meetings and decisions with their progress, open items
    to support, and the needs list with status and result (no contacts)."""
    community = community_or_404(community_code)
    items = AgendaItem.objects.filter(community=community)
    context = {
        "community": community,
        "meetings": meetings_of(community),
        "open_items": items.filter(status=ItemStatus.OPEN)[:SHOWN],
        "declined_items": items.filter(status=ItemStatus.DECLINED)[:10],
        "needs": needs.public_list(community)[:SHOWN],
    }
    return render(request, "council/board.html", context)


def _limited(request):
    """The intake limiter's per-address slot of a resident's submission."""
    limits = ((ratelimit.report_per_ip(), ratelimit.client_ip(request)),)
    return limits, ratelimit.take(*limits)


def _submit(request, community, form, make, template):
    if request.method == "POST" and form.is_valid():
        limits, refusal = _limited(request)
        if refusal:
            form.add_error(None, _("提交过于频繁，请稍后再试。"))
            response = render(request, template, {"form": form, "community": community}, status=429)
            response["Retry-After"] = str(refusal.retry_after)
            return response
        try:
            made = make(form.cleaned_data)
        except needs.InvalidInput as exc:
            ratelimit.give_back(*limits)
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已提交，请记下查询码：%(code)s") % {"code": made.code})
            return redirect("council:track", code=made.code)
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"form": form, "community": community}, status=status)


def propose(request, community_code):
    community = community_or_404(community_code)
    form = ItemForm(request.POST or None)
    return _submit(
        request,
        community,
        form,
        lambda data: council.propose(community=community, **data),
        "council/propose.html",
    )


def need_new(request, community_code):
    community = community_or_404(community_code)
    form = NeedForm(request.POST or None, request.FILES or None)
    return _submit(
        request,
        community,
        form,
        lambda data: needs.submit(community=community, **data),
        "council/need_form.html",
    )


@require_POST
def support(request, pk):
    """附议: once per phone, or per browser (a cookie) without one; rate-limited per address."""
    item = get_object_or_404(AgendaItem, pk=pk)
    back = redirect("council:board", community_code=item.community.code)
    token = request.COOKIES.get(BROWSER_COOKIE, "")[:64] or secrets.token_hex(16)
    limits = ((ratelimit.resident_action_per_ip(), ratelimit.client_ip(request)),)
    if ratelimit.take(*limits):
        messages.error(request, _("操作过于频繁，请稍后再试。"))
        return back
    try:
        counted = council.support(item=item, phone=request.POST.get("phone", ""), browser=token)
    except needs.InvalidInput as exc:
        ratelimit.give_back(*limits)
        messages.error(request, str(exc))
        return back
    if counted:
        messages.success(request, _("感谢您的附议！"))
    else:
        ratelimit.give_back(*limits)
        messages.info(request, _("您已附议过这个议题。"))
    back.set_cookie(BROWSER_COOKIE, token, max_age=365 * 86400, httponly=True, samesite="Lax")
    return back


def track_lookup(request):
    """The board's "查询" form (a plain GET, no script): on to the code's own page."""
    code = "".join(request.GET.get("code", "").split()).upper()[:12]
    if not code.isalnum():
        raise Http404(_("查询码不存在"))
    return redirect("council:track", code=code)


def track(request, code):
    """Follow one's own need or agenda item by its code."""
    code = code.strip().upper()[:12]
    need = Need.objects.filter(code=code).select_related("community", "case").first()
    item = None if need else AgendaItem.objects.filter(code=code).first()
    if need is None and item is None:
        raise Http404(_("查询码不存在"))
    steps = list(need.log.all()) if need else []
    context = {"need": need, "item": item, "steps": steps}
    return render(request, "council/track.html", context)
