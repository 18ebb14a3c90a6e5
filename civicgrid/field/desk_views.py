"""Desk pages of field duty: the roster week grid, the patrol map, the compliance table."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicgrid.audit.log import log
from civicgrid.audit.models import Kind
from civicgrid.cases.export import write_table, write_tables
from civicgrid.field import compliance, duty, ledger, patrols
from civicgrid.people import actions
from civicgrid.people.scopes import can


def _day(text: str | None, default: date) -> date:
    try:
        return date.fromisoformat(text) if text else default
    except ValueError:
        return default


@login_required
def roster(request, code):
    """The week grid of a workstation's desk duty: ticked half-days, saved in one go."""
    ws = duty.workstation_for(request.user, code)
    monday = duty.monday_of(_day(request.GET.get("week"), timezone.localdate()))
    if request.method == "POST":
        monday = duty.monday_of(_day(request.POST.get("week"), monday))
        try:
            change = duty.save_week(
                workstation=ws, monday=monday, keys=request.POST.getlist("slot"), actor=request.user
            )
        except ValueError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("坐班表已保存。") if change else _("坐班表没有变化。"))
        return redirect(f"{reverse('field:roster', args=[code])}?week={monday.isoformat()}")
    days, rows = duty.week_grid(ws, monday)
    context = {
        "workstation": ws,
        "days": days,
        "rows": rows,
        "monday": monday,
        "previous": monday - timedelta(days=7),
        "next": monday + timedelta(days=7),
        "today": timezone.localdate(),
        "may_ledger": can(request.user, actions.FIELD_COMPLIANCE, ws.community),
    }
    return render(request, "field/roster.html", context)


def _may_oversee(user) -> None:
    if not can(user, actions.FIELD_COMPLIANCE):
        raise PermissionDenied(_("您没有查看巡查与履职统计的权限"))


@login_required
def patrol_map(request):
    """Tracks of one day's patrols of the head's people; works without tiles and without JS
    (the table lists every patrol)."""
    _may_oversee(request.user)
    day = _day(request.GET.get("day"), timezone.localdate())
    shown = list(patrols.patrols_on(viewer=request.user, day=day))
    config = {
        "tileUrl": settings.CIVICGRID_MAP_TILE_URL,
        "tileAttribution": settings.CIVICGRID_MAP_TILE_ATTRIBUTION,
        "tracksUrl": f"{reverse('field:patrol-tracks')}?day={day.isoformat()}",
        "gridsUrl": reverse("cases:map-grids"),
    }
    context = {
        "day": day,
        "previous": day - timedelta(days=1),
        "next": day + timedelta(days=1),
        "summaries": [patrols.summary(p) for p in shown],
        "config": config,
    }
    return render(request, "field/patrol_map.html", context)


@login_required
def patrol_tracks(request):
    _may_oversee(request.user)
    day = _day(request.GET.get("day"), timezone.localdate())
    data = patrols.track_features(list(patrols.patrols_on(viewer=request.user, day=day)))
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


# Lazy: built at import, translated when a workbook is written in the reader's language.
COLUMNS = [
    (gettext_lazy("姓名"), 10),
    (gettext_lazy("岗位"), 12),
    (gettext_lazy("单位"), 24),
    (gettext_lazy("履职要求"), 30),
    (gettext_lazy("应完成"), 8),
    (gettext_lazy("已完成"), 8),
    (gettext_lazy("完成率%"), 9),
    (gettext_lazy("未完成"), 50),
]


def _month(text: str | None) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        year, month = (int(x) for x in (text or "").split("-"))
        date(year, month, 1)
    except ValueError:
        return today.year, today.month
    return year, month


@login_required
def compliance_table(request):
    """Required, done, % and missing per person, workstation and street for a month."""
    _may_oversee(request.user)
    year, month = _month(request.GET.get("month"))
    rows = compliance.lines(viewer=request.user, year=year, month=month)
    if request.GET.get("format") == "xlsx":
        log(Kind.EXPORT, request=request, target="compliance", month=f"{year}-{month:02d}")
        values = [
            [r.subject.name, r.subject.title, r.subject.unit, r.requirement.name, r.required,
             r.done, "" if r.percent is None else r.percent, "、".join(r.missing)]
            for r in rows
        ]  # fmt: skip
        out = write_table(_("履职统计"), COLUMNS, values)
        name = f"compliance-{year}-{month:02d}.xlsx"
        return FileResponse(out, as_attachment=True, filename=name)
    first = date(year, month, 1)
    context = {
        "rows": sorted(rows, key=lambda r: (r.met, r.percent or 0, r.subject.name)),
        "units": compliance.by_unit(rows, level="unit"),
        "streets": compliance.by_unit(rows, level="street"),
        "month": f"{year}-{month:02d}",
        "label": _("%(y)s年%(m)s月") % {"y": year, "m": month},
        "previous": (first - timedelta(days=1)).strftime("%Y-%m"),
        "next": (first + timedelta(days=32)).strftime("%Y-%m"),
        "rosters": duty.rostered_by(request.user),
    }
    return render(request, "field/compliance.html", context)


@login_required
def ledger_page(request, code):
    """A workstation's ledger 台账 of one month, on the page or as an Excel workbook."""
    refusal = _("您没有查看该工作站台账的权限")
    ws = duty.workstation_for(request.user, code, actions.FIELD_COMPLIANCE, refusal)
    year, month = _month(request.GET.get("month"))
    book = ledger.ledger(workstation=ws, year=year, month=month)
    if request.GET.get("format") == "xlsx":
        log(
            Kind.EXPORT,
            request=request,
            target="ledger",
            community=code,
            month=f"{year}-{month:02d}",
        )
        out = write_tables([(s.title, s.columns, s.rows) for s in book.sections])
        name = f"ledger-{code}-{year}-{month:02d}.xlsx"
        return FileResponse(out, as_attachment=True, filename=name)
    first = date(year, month, 1)
    context = {
        "ledger": book,
        "month": f"{year}-{month:02d}",
        "previous": (first - timedelta(days=1)).strftime("%Y-%m"),
        "next": (first + timedelta(days=32)).strftime("%Y-%m"),
    }
    return render(request, "field/ledger.html", context)
