"""Public pages (no login, phone first) and the staff desk of the convenience map."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.amenities import services, sheet, stations
from civicgrid.amenities.choices import Kind
from civicgrid.amenities.forms import AmenityForm, FindForm, ImportForm
from civicgrid.areas.geo import from_wgs84
from civicgrid.audit.log import log
from civicgrid.audit.models import Kind as AuditKind
from civicgrid.people import actions
from civicgrid.people.scopes import can

MANAGE_SHOWN = 300
ERRORS_KEY = "amenity_import_errors"  # the error workbooks this session may download


def _map_points(rows) -> list[dict]:
    """The listed places for the optional tiled map, in the tile provider's datum."""
    points = []
    for r in rows:
        lng, lat = from_wgs84(r.item.lng, r.item.lat, settings.CIVICGRID_MAP_TILE_CRS)
        points.append({"name": r.item.name, "lng": round(lng, 6), "lat": round(lat, 6)})
    return points


def _map_config(rows) -> dict | None:
    if not settings.CIVICGRID_MAP_TILE_URL:
        return None  # the list alone: no blank map without tiles
    return {
        "tileUrl": settings.CIVICGRID_MAP_TILE_URL,
        "tileAttribution": settings.CIVICGRID_MAP_TILE_ATTRIBUTION,
        "points": _map_points([r for r in rows if r.route]),
    }


def _find(request) -> tuple[FindForm, dict, tuple | None]:
    form = FindForm(request.GET)
    wanted = form.wanted()
    origin = services.origin_of(lng=wanted["lng"], lat=wanted["lat"], community=wanted["community"])
    return form, wanted, origin


def _kind_links(request, current: str) -> list[tuple[str, str, bool]]:
    """(label, URL, current) per kind; the resident's point and search carry over."""
    query = request.GET.copy()
    links = []
    for value, label in Kind.choices:
        query["kind"] = value
        links.append((str(label), f"?{query.urlencode()}", value == current))
    return links


def amenity_map(request):
    """便民地图: public toilets, parks, stall areas and recycling points, nearest first."""
    form, wanted, origin = _find(request)
    places = services.public_amenities(wanted["kind"])
    rows = services.listed(places, origin=origin, text=wanted["q"])
    context = {
        "form": form,
        "wanted": wanted,
        "kinds": _kind_links(request, wanted["kind"]),
        "kind_label": Kind(wanted["kind"]).label,
        "rows": rows,
        "located": wanted["lng"] is not None,
        "origin": origin,
        "capped": origin is None and len(rows) >= services.LISTED_WITHOUT_POINT,
        "config": _map_config(rows),
    }
    return render(request, "amenities/amenity_map.html", context)


def station_list(request):
    """城管地图: every workstation with hours, phone, today's duty and a route, nearest first."""
    form, wanted, origin = _find(request)
    found = stations.directory(origin=origin, text=wanted["q"])
    context = {
        "form": form,
        "wanted": wanted,
        "kinds": _kind_links(request, ""),
        "stations": found,
        "located": wanted["lng"] is not None,
        "origin": origin,
        "config": _map_config([s.shown for s in found]),
    }
    return render(request, "amenities/station_list.html", context)


# --- staff ------------------------------------------------------------------------------


def _may_manage(user) -> None:
    if not can(user, actions.AMENITY_MANAGE):
        raise PermissionDenied(_("您没有维护便民地图的权限"))


def _filtered(request):
    kind = request.GET.get("kind", "")
    rows = services.search(services.managed_by(request.user), request.GET.get("q", ""))
    if kind in Kind.values:
        rows = rows.filter(kind=kind)
    return rows.order_by("community__path", "kind", "name", "pk"), kind


@login_required
def manage_list(request):
    """The places of this user's communities, with filters, export and import."""
    _may_manage(request.user)
    rows, kind = _filtered(request)
    context = {
        "rows": rows[:MANAGE_SHOWN],
        "total": rows.count(),
        "shown": MANAGE_SHOWN,
        "kinds": Kind.choices,
        "kind": kind,
        "q": request.GET.get("q", "")[:50],
        "query": request.GET.urlencode(),
    }
    return render(request, "amenities/manage_list.html", context)


def _form_page(request, form, amenity=None, status=200):
    context = {"form": form, "amenity": amenity}
    if amenity is not None:
        context["log"] = amenity.log.select_related("actor__staff").order_by("-at", "-pk")[:20]
    return render(request, "amenities/amenity_form.html", context, status=status)


@login_required
def amenity_create(request):
    _may_manage(request.user)
    communities = services.managed_communities(request.user)
    form = AmenityForm(request.POST if request.method == "POST" else None, communities=communities)
    if request.method == "POST":
        if not form.is_valid():
            return _form_page(request, form, status=400)
        place = services.save(actor=request.user, **form.fields_to_save())
        messages.success(request, _("已新增：%(name)s") % {"name": place.name})
        return redirect("amenities:manage-list")
    return _form_page(request, form)


@login_required
def amenity_edit(request, pk):
    amenity = services.amenity_for(request.user, pk)
    communities = services.managed_communities(request.user)
    form = AmenityForm(
        request.POST if request.method == "POST" else None,
        instance=amenity,
        communities=communities,
    )
    if request.method == "POST":
        if not form.is_valid():
            return _form_page(request, form, amenity, status=400)
        services.save(actor=request.user, amenity=amenity, **form.fields_to_save())
        messages.success(request, _("已保存：%(name)s") % {"name": amenity.name})
        return redirect("amenities:manage-list")
    return _form_page(request, form, amenity)


@login_required
@require_POST
def amenity_active(request, pk):
    """停用 takes a place off the public map, 启用 puts it back."""
    amenity = services.amenity_for(request.user, pk)
    active = request.POST.get("active") == "1"
    services.set_active(amenity=amenity, active=active, actor=request.user)
    text = _("已启用：%(name)s") if active else _("已停用：%(name)s（居民页面不再显示）")
    messages.success(request, text % {"name": amenity.name})
    return redirect("amenities:amenity-edit", pk=amenity.pk)


@login_required
def amenity_export(request):
    """The filtered places as a workbook the import reads back."""
    _may_manage(request.user)
    rows, _kind = _filtered(request)
    rows = list(rows)
    out = sheet.export(rows)
    log(AuditKind.EXPORT, request=request, target="amenities", rows=len(rows))
    name = _("便民设施-%(time)s.xlsx") % {"time": f"{timezone.localtime():%Y%m%d-%H%M}"}
    return FileResponse(out, as_attachment=True, filename=name)


def _keep_errors(request, outcome) -> str:
    """Store the error workbook privately; only this session may fetch it."""
    token = uuid.uuid4().hex
    with sheet.errors_workbook(outcome) as out:
        default_storage.save(f"amenities/errors/{token}.xlsx", File(out))
    request.session[ERRORS_KEY] = [*request.session.get(ERRORS_KEY, [])[-9:], token]
    return token


@login_required
def amenity_import(request):
    """Upload a workbook of places: all rows are imported, or none with the reasons per row."""
    _may_manage(request.user)
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    context: dict = {"form": form}
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            try:
                outcome = sheet.run(upload=form.cleaned_data["file"], actor=request.user)
            except sheet.Refused as exc:
                form.add_error("file", str(exc))
                status = 400
            else:
                context["outcome"] = outcome
                if outcome.errors:
                    context["errors_token"] = _keep_errors(request, outcome)
                    status = 400
    return render(request, "amenities/amenity_import.html", context, status=status)


@login_required
def import_errors(request, token):
    """The error workbook of an import made in this session."""
    _may_manage(request.user)
    if token not in request.session.get(ERRORS_KEY, []):
        raise Http404(_("错误明细不存在或已过期，请重新导入"))
    path = f"amenities/errors/{token}.xlsx"
    if not default_storage.exists(path):
        raise Http404(_("错误明细不存在或已过期，请重新导入"))
    name = _("便民设施导入错误明细.xlsx")
    return FileResponse(default_storage.open(path, "rb"), as_attachment=True, filename=name)
