"""The case map: a page and two GeoJSON feeds, filtered exactly like the case list."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.areas import geo
from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.cases.choices import STATUS_COLOUR, Status
from civicgrid.cases.filters import CaseFilter, ordered_parts
from civicgrid.cases.models import case_clock
from civicgrid.lib import codes
from civicgrid.people import actions
from civicgrid.people.scopes import area_scope

MAX_MARKERS = 5000


def _query(request) -> QueryDict:
    """The list's filter parameters; with none, every open case (the map has no inboxes)."""
    if request.GET:
        return request.GET
    return QueryDict("status=open")


def _filters(request) -> CaseFilter:
    return CaseFilter(_query(request), user=request.user)


def _labelled(filters: CaseFilter):
    """(field, show label?): a select whose first option says "全部…" needs no label."""
    for field in filters:
        choices = getattr(field.field, "choices", None)
        first = str(next(iter(choices), ("", ""))[1]) if choices is not None else ""
        yield field, not first.startswith(str(_("全部"))) and field.name != "q"


def _display(lng: float, lat: float) -> list[float]:
    """Stored WGS-84 to the tile provider's datum, rounded to about 10 cm."""
    if settings.CIVICGRID_MAP_TILE_CRS == geo.GCJ02:
        lng, lat = geo.wgs84_to_gcj02(lng, lat)
    return [round(lng, 6), round(lat, 6)]


def _json(data) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")})


@login_required
def case_map(request):
    """Markers, grid outlines and a heat layer for the cases the list would show."""
    query = _query(request).copy()
    query.pop("page", None)
    suffix = f"?{query.urlencode()}"
    config = {
        "tileUrl": settings.CIVICGRID_MAP_TILE_URL,
        "tileAttribution": settings.CIVICGRID_MAP_TILE_ATTRIBUTION,
        "casesUrl": reverse("cases:map-cases") + suffix,
        "gridsUrl": reverse("cases:map-grids"),
    }
    filters = _filters(request)
    context = {"filters": filters, "fields": _labelled(filters), "config": config, "suffix": suffix}
    return render(request, "cases/map.html", context)


def _case_link():
    """code -> the case page's URL, reversed once (the converter passes a code unchanged)."""
    sample = codes.ALPHABET[0] * codes.TRACKING_LENGTH
    prefix, suffix = reverse("cases:case-detail", args=[sample]).split(sample)
    return lambda code: f"{prefix}{code}{suffix}"


@login_required
def cases_geojson(request):
    """Case points in the user's scope, most urgent first, at most MAX_MARKERS of them."""
    # In list order part by part (cases/filters.py): with bound parameters SQLite cannot use
    # the partial index of open cases, and BY_DEADLINE in one query read a whole index.
    parts = [
        qs.filter(lng__isnull=False, lat__isnull=False)
        .select_related(None)
        .values_list("code", "status", "lng", "lat", "due_at", "warn_at", "category__name")
        for qs in ordered_parts(_filters(request))
    ]
    rows: list[tuple] = []
    for part in parts:
        rows.extend(part[: MAX_MARKERS + 1 - len(rows)])
        if len(rows) > MAX_MARKERS:
            break
    capped = len(rows) > MAX_MARKERS
    # Up to 5,000 markers: read as tuples, with label, clock and link worked out once, not
    # once per case (each get_status_display() hashes the lazy choices, each reverse()
    # resolves again, each instance costs more than its marker).
    labels = {value: str(label) for value, label in Status.choices}
    now = timezone.now()
    link = _case_link()
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": _display(lng, lat)},
            "properties": {
                "code": code,
                "status": labels[status],
                "colour": STATUS_COLOUR[status],
                "clock": case_clock(status, due_at, warn_at, now),
                "category": category or "",
                "url": link(code),
            },
        }
        for code, status, lng, lat, due_at, warn_at, category in rows[:MAX_MARKERS]
    ]
    total = sum(part.count() for part in parts) if capped else len(features)
    note = (
        _("显示前 %(shown)s 件（共 %(total)s 件），请缩小筛选范围")
        % {"shown": MAX_MARKERS, "total": total}
        if capped
        else ""
    )
    return _json({"type": "FeatureCollection", "features": features, "total": total, "note": note})


def _rings(geometry: dict) -> dict:
    if settings.CIVICGRID_MAP_TILE_CRS != geo.GCJ02:
        return geometry
    polys = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polys = [polys]
    converted = [[[_display(*pt[:2]) for pt in ring] for ring in poly] for poly in polys]
    coords = converted[0] if geometry["type"] == "Polygon" else converted
    return {"type": geometry["type"], "coordinates": coords}


@login_required
def grids_geojson(request):
    """Community and grid outlines in the user's scope."""
    areas = Area.objects.filter(level__in=(Level.COMMUNITY, Level.GRID), boundary__isnull=False)
    areas = areas.filter(area_scope(request.user, actions.CASE_VIEW))
    features = [
        {
            "type": "Feature",
            "geometry": _rings(a["boundary"]),
            "properties": {
                "code": a["code"],
                "name": a["name"],
                "level": "grid" if a["level"] == Level.GRID else "community",
            },
        }
        for a in areas.values("code", "name", "level", "boundary")
    ]
    return _json({"type": "FeatureCollection", "features": features})
