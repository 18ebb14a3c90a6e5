import uuid

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from civicgrid.areas import geo
from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area, path_codes
from civicgrid.cases import photos, services, workflow
from civicgrid.cases.choices import Channel
from civicgrid.cases.models import Case
from civicgrid.catalog.models import Category
from civicgrid.catalog.suggest import suggest
from civicgrid.community import directory
from civicgrid.intake import ratelimit, residents
from civicgrid.intake.forms import (
    FindCommunityForm,
    RateForm,
    ReopenForm,
    ReportForm,
    SupportForm,
    TrackLookupForm,
    minor_classes,
)
from civicgrid.lib import codes
from civicgrid.lib.icons import icon_url

# Nine photos scaled down in the browser are a few MB; ten times that is an abuse, not a report.
MAX_BODY_BYTES = 30 * 1024 * 1024
LIMITED = gettext_lazy("提交过于频繁，请稍后再试。如情况紧急，请拨打 12345 热线。")


def home(request):
    """The public front door: find your community, look up a tracking code, staff sign in.

    Signed-in staff go to their workbench, unless they ask for this page with ?public.
    """
    if request.user.is_authenticated and "public" not in request.GET:
        return redirect("start")  # phone field staff land on their tasks, others on the list
    form = FindCommunityForm(request.GET)
    where = form.cleaned_data if form.is_valid() else {}
    located = where.get("lng") is not None and where.get("lat") is not None
    context = {
        "form": form,
        "located": located,
        "searched": bool(where.get("q")),
        "communities": directory.find_communities(
            query=where.get("q", ""), lng=where.get("lng"), lat=where.get("lat")
        ),
        "track_form": TrackLookupForm(),
    }
    return render(request, "intake/home.html", context)


@require_GET
def track_lookup(request):
    """The 查询码 box: on to the tracking page; a wrong code meets the 404 with the box again."""
    form = TrackLookupForm(request.GET)
    if not form.is_valid():
        return redirect(reverse("intake:home") + "#track")
    code = form.cleaned_data["code"]
    if not codes.is_tracking_code(code):
        # No URL has this shape: the page a well-formed unknown code meets, with the box again.
        return render(request, "404.html", {"tracking": True, "code": code}, status=404)
    return redirect("intake:track", code=code)


def _community(code):
    return get_object_or_404(Area, code=code, level=Level.COMMUNITY)


def _grid(community, code):
    """The grid of a grid poster's QR code, if it really lies in this community."""
    if not code:
        return None
    return Area.objects.filter(code=code, level=Level.GRID, parent=community).first()


@csrf_exempt  # checked by csrf_protect below, once the body size is known to be sane
def report(request, community_code):
    """The page a community QR code opens: report a problem in under a minute."""
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY_BYTES:
            # Refused before the body is read: nothing of it reaches memory or disk.
            community = _community(community_code)
            return _page(request, _blank_form(request), community, status=413, too_big=True)
    return _report(request, community_code)


def _blank_form(request):
    return ReportForm(initial={"client_key": uuid.uuid4().hex, "grid": request.GET.get("g", "")})


def _page(request, form, community, status=200, **extra):
    picked = getattr(form, "cleaned_data", {}).get("category")
    context = {
        "form": form,
        "community": community,
        # A class found with the search box is not among the radios: show it, still chosen.
        "picked": picked if picked and picked.common_rank is None else None,
        **extra,
    }
    return render(request, "intake/report.html", context, status=status)


@csrf_protect
def _report(request, community_code):
    community = _community(community_code)
    if request.method != "POST":
        return _page(request, _blank_form(request), community)
    form = ReportForm(request.POST, request.FILES)
    ip = ratelimit.client_ip(request)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    key = data.get("client_key") or None
    fields = _report_fields(form, community) if valid else {}
    phone = data.get("reporter_phone", "")
    limits = ((ratelimit.report_per_ip(), ip), (ratelimit.report_per_phone(), phone))
    # A double tap or a retry gets its case and spends no slot. Most reports are no retry, so
    # the key is looked up only when a limit refuses, and otherwise found by the insert itself.
    if valid and (refusal := ratelimit.take(*limits)):
        if existing := services.reported_with(key, **fields):
            return _reported(request, existing)
        form.add_error(None, LIMITED)
        return _limited(_page(request, form, community, status=429), refusal)
    if valid:
        try:
            case = services.report(**fields, client_key=key)
        except services.OutsideArea as exc:
            ratelimit.give_back(*limits)
            form.forget_point(str(exc))
        except workflow.WorkflowError as exc:
            ratelimit.give_back(*limits)
            form.add_error(None, str(exc))
        else:
            if case.repeated:  # a retry: the insert found the first case
                ratelimit.give_back(*limits)
            return _reported(request, case)
    return _page(request, form, community)


def _limited(response, refusal):
    """A 429 says when to come back (RFC 9110 Retry-After, in seconds)."""
    response["Retry-After"] = str(refusal.retry_after)
    return response


def _report_fields(form, community) -> dict:
    """report()'s arguments from a valid form: for the retry check and the report alike."""
    data = form.cleaned_data
    return {
        "channel": Channel.QR,
        "community": community,
        "grid": _grid(community, data["grid"]),
        "category": form.chosen_category(),
        "description": data["description"],
        "address": data["address"],
        "lng": data["lng"],
        "lat": data["lat"],
        "photos": data["photos"],
        "reporter_name": data["reporter_name"],
        "reporter_phone": data["reporter_phone"],
    }


def _reported(request, case):
    messages.success(
        request, _("反映成功！查询码：%(code)s，请保存本页链接以便查看进度。") % {"code": case.code}
    )
    # The bare URL: this browser proves ownership with its "my reports" cookie, so the owner
    # key never sits in an address that reaches access logs, history or Referer headers.
    response = redirect("intake:track", code=case.code)
    residents.remember(request, response, case.code)
    return response


@require_GET
def classes(request, community_code):
    """Classes matching a search: the suggester's picks, then names containing the words."""
    query = request.GET.get("q", "").strip()[:50]
    if not query:
        return JsonResponse({"classes": []})
    found = [c for c, _ in suggest(query, limit=5)]
    found += minor_classes().filter(name__contains=query).exclude(pk__in=[c.pk for c in found])[:8]
    rows = [{"id": c.pk, "name": c.name, "icon": icon_url(c.icon)} for c in found[:10]]
    return JsonResponse({"classes": rows})


@require_GET
def nearby(request, community_code):
    """Open cases of the same class near a point, for "已有人反映": no description, no phone."""
    _community(community_code)
    try:
        category = Category.objects.filter(pk=int(request.GET["category"]), active=True).first()
        # The same check as a report's point: NaN, infinities and 999 are no place.
        lng, lat = geo.to_wgs84(float(request.GET["lng"]), float(request.GET["lat"]), geo.WGS84)
    except (KeyError, ValueError):
        return JsonResponse({"cases": []})
    found = services.nearby_open(category=category, lng=lng, lat=lat)
    rows = [
        {
            "code": c.code,
            "category": c.category.name,
            "status": c.get_status_display(),
            "distance_m": round(c.distance_m),
            "supporter_count": c.supporter_count,
            "reported": c.reported_at.date().isoformat(),
            "url": reverse("intake:track", kwargs={"code": c.code}),
            "support_url": reverse(
                "intake:track-act", kwargs={"code": c.code, "action": "support"}
            ),
        }
        for c in found
    ]
    return JsonResponse({"cases": rows})


def track(request, code):
    """The resident's view of one case: public timeline, photos, rating and reopening."""
    # The page shows no contact data: decrypting it was a quarter of the page's time. The rare
    # merged case loads the case it went into by itself, not a join on every page.
    found = Case.objects.select_related("category").defer("reporter_name", "reporter_phone")
    case = get_object_or_404(found, code=code.upper())
    if "k" in request.GET:
        return _claim(request, case, request.GET["k"])
    owner = residents.is_owner(request, case.code)
    may = {a: owner and workflow.refusal(case, a, None) is None for a in ("rate", "reopen")}
    may_support = (
        not owner
        and case.code not in residents.supported(request)
        and workflow.refusal(case, "support", None) is None
    )
    before, after = photos.shown(case, owner=owner)  # what /media/ will send this browser
    context = {
        "case": case,
        "owner": owner,
        "events": case.events.filter(public=True),
        "before": before,
        "after": after,
        "photo_pairs": [(_("处置前"), before), (_("处置后"), after)],
        "rate_form": RateForm() if may["rate"] else None,
        "reopen_form": ReopenForm() if may["reopen"] else None,
        "reopen_days": settings.CIVICGRID_REOPEN_DAYS,
        "support_form": SupportForm() if may_support else None,
        "community_code": _community_code(case.area_path),
    }
    response = render(request, "intake/track.html", context)
    if owner:
        residents.remember(request, response, case.code)
    return response


def _claim(request, case, key: str):
    """The link of a text message (`?k=`): a right key makes this browser the reporter's;
    then on to the bare URL (303), so the key is in this one request only."""
    response = redirect("intake:track", code=case.code)
    response.status_code = 303
    if residents.is_owner(request, case.code, key):
        residents.remember(request, response, case.code)
    return response


def _community_code(path: str) -> str:
    """The community's code from a materialised path (county/street/…/community/grid)."""
    codes = path_codes(path)
    return codes[Level.COMMUNITY - 1] if len(codes) >= Level.COMMUNITY else ""


@require_POST
def track_act(request, code, action):
    """Rate, reopen or +1 from the tracking page."""
    case = get_object_or_404(Case, code=code.upper())
    back = reverse("intake:track", kwargs={"code": case.code})
    form_class = {"rate": RateForm, "reopen": ReopenForm, "support": SupportForm}.get(action)
    if form_class is None:
        return redirect(back)
    owner = residents.is_owner(request, case.code, request.POST.get("k", ""))
    already = _("您已反映过这个问题，我们会尽快处理。")
    if action == "support" and (owner or case.code in residents.supported(request)):
        messages.info(request, already)
        return redirect(back)
    if action != "support" and not owner:
        messages.error(request, _("只有反映人本人可以评价或申请重新办理，请使用提交后收到的链接。"))
        return redirect(back)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _("；").join(e for errs in form.errors.values() for e in errs))
        return redirect(back)
    ip, once = ratelimit.client_ip(request), ratelimit.support_per_case_ip()
    limits = [(ratelimit.resident_action_per_ip(), ip)]
    if action == "support":  # the cookie is easily dropped: one +1 per address too
        limits.append((once, f"{case.code}:{ip}"))
    if refusal := ratelimit.take(*limits):
        if once.scope in refusal.scopes:
            messages.info(request, already)
            return redirect(back)
        context = {"message": LIMITED, "back": back}
        return _limited(render(request, "429.html", context, status=429), refusal)
    try:
        workflow.perform(case=case, action=action, actor=None, data=form.cleaned_data)
    except workflow.WorkflowError as exc:
        ratelimit.give_back(*limits)
        messages.error(request, str(exc))
        return redirect(back)
    messages.success(
        request,
        {
            "rate": _("感谢您的评价！"),
            "reopen": _("已重新提交办理，我们会尽快处理。"),
            "support": _("感谢！已记录您也遇到了这个问题（+1），可在本页查看办理进度。"),
        }[action],
    )
    response = redirect(back)
    if action == "support":
        residents.remember_support(request, response, case.code)
    return response


def my_reports(request):
    """The reports made from this browser, remembered in a signed cookie."""
    codes = residents.my_codes(request)
    found = {c.code: c for c in Case.objects.filter(code__in=codes).select_related("category")}
    cases = [found[c] for c in codes if c in found]
    return render(request, "intake/my_reports.html", {"cases": cases})
