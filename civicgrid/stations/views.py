"""Leaders' desk pages: rollout coverage 工作站覆盖 and workstation evaluation 工作站考评."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.audit.log import log
from civicgrid.audit.models import Kind
from civicgrid.cases.export import write_tables
from civicgrid.people import actions
from civicgrid.people.scopes import area_scope, can
from civicgrid.stations import coverage as cover
from civicgrid.stations import evaluation, periods
from civicgrid.stations.choices import Indicator

STREET_COLUMNS = [
    (gettext_lazy("街道"), 16),
    (gettext_lazy("社区数"), 8),
    (gettext_lazy("已建工作站"), 10),
    (gettext_lazy("有人员公示"), 10),
    (gettext_lazy("未建工作站"), 10),
    (gettext_lazy("已建无人员"), 10),
    (gettext_lazy("示范点"), 8),
    (gettext_lazy("覆盖率%"), 9),
]
# The ranking table's narrow headers (the workbook keeps the full names).
SHORT = {
    Indicator.DUTY: gettext_lazy("坐班"),
    Indicator.VISITS: gettext_lazy("走访签到"),
    Indicator.PATROLS: gettext_lazy("巡查"),
    Indicator.TASKS: gettext_lazy("任务验收"),
    Indicator.ON_TIME: gettext_lazy("按期结案"),
    Indicator.NO_REWORK: gettext_lazy("一次办结"),
    Indicator.SELF_HANDLED: gettext_lazy("随手办"),
    Indicator.RATING: gettext_lazy("满意度"),
}
GAP_COLUMNS = [
    (gettext_lazy("街道"), 16),
    (gettext_lazy("社区"), 24),
    (gettext_lazy("区划代码"), 14),
    (gettext_lazy("情况"), 14),
    (gettext_lazy("工作站"), 24),
]


def _may_evaluate(user) -> None:
    if not can(user, actions.STATION_EVALUATE):
        raise PermissionDenied(_("您没有查看工作站覆盖情况与考评的权限"))


def _street(user, code: str) -> Area | None:
    """The street of ?street=, within the viewer's scope; 404 otherwise."""
    if not code:
        return None
    street = Area.objects.filter(code=code[:20], level=Level.STREET).first()
    visible = Area.objects.filter(area_scope(user, actions.STATION_EVALUATE))
    if street is None or not visible.filter(path__startswith=street.path).exists():
        raise Http404(_("街道不存在或不在您的管辖范围内"))
    return street


def _gap_state(area) -> str:
    return _("已建无人员") if area.station else _("未建工作站")


@login_required
def coverage_page(request):
    """Communities, with a station, staffed and without, per street; the ones still to cover."""
    _may_evaluate(request.user)
    street = _street(request.user, request.GET.get("street", ""))
    counts = cover.coverage(request.user, street)
    gaps = cover.gaps(request.user, street)
    if request.GET.get("format") == "xlsx":
        log(Kind.EXPORT, request=request, target="coverage", street=street.code if street else "")
        lines = [
            [s.name, s.communities, s.with_station, s.staffed, s.without, s.unstaffed, s.model,
             "" if s.percent is None else s.percent]
            for s in [*counts.streets, counts.total]
        ]  # fmt: skip
        lines[-1][0] = _("合计")
        missing = [
            [a.parent.name if a.parent else "", a.name, a.code, _gap_state(a), a.station]
            for a in gaps
        ]
        out = write_tables(
            [(_("按街道"), STREET_COLUMNS, lines), (_("未覆盖社区"), GAP_COLUMNS, missing)]
        )
        return FileResponse(out, as_attachment=True, filename="coverage.xlsx")
    context = {
        "street": street,
        "counts": counts,
        "gaps": gaps,
        "communities": cover.roster_sizes(request.user, street) if street else [],
    }
    return render(request, "stations/coverage.html", context)


def _columns(ranking) -> list[tuple]:
    labels = dict(Indicator.choices)
    columns = [
        (gettext_lazy("排名"), 6),
        (gettext_lazy("街道"), 14),
        (gettext_lazy("工作站"), 24),
        (gettext_lazy("示范点"), 7),
        (gettext_lazy("上报"), 7),
    ]
    columns += [(labels[i], 12) for i in ranking.indicators]
    return columns + [
        (gettext_lazy("得分"), 8),
        (gettext_lazy("等级"), 8),
        (gettext_lazy("较上期"), 8),
    ]


def _targets(rules) -> list[str]:
    labels, out = dict(Indicator.choices), []
    for indicator, (weight, _target) in rules.weights.items():
        target, kind = rules.target(indicator), evaluation.KINDS.get(indicator)
        if not weight or target is None or kind == evaluation.RATING:
            continue
        values = {"name": labels[indicator], "n": f"{target:g}"}
        if kind == evaluation.COUNT:
            out.append(_("%(name)s：目标每月 %(n)s 次") % values)
        else:
            out.append(_("%(name)s：目标 %(n)s%%") % values)
    return out


@login_required
def evaluation_page(request):
    """The ranking of the viewer's workstations for a month or a quarter, or its workbook."""
    _may_evaluate(request.user)
    period = periods.parse(request.GET.get("period"))
    ranking = evaluation.ranking(request.user, period)
    if request.GET.get("format") == "xlsx":
        log(Kind.EXPORT, request=request, target="evaluation", period=period.key)
        rows = [
            [r.rank or "", r.workstation.community.parent.name, r.workstation.name,
             _("是") if r.workstation.is_model else "", r.raw.reported,
             *[c.text for c in r.cells],
             "" if r.score is None else r.score, r.grade_label,
             "" if r.trend is None else r.trend]
            for r in ranking.rows
        ]  # fmt: skip
        out = write_tables([(period.label, _columns(ranking), rows)])
        return FileResponse(out, as_attachment=True, filename=f"evaluation-{period.key}.xlsx")
    month = periods.as_month(period)
    quarter = periods.as_quarter(period)
    context = {
        "ranking": ranking,
        "period": period,
        "headers": [(SHORT[i], dict(Indicator.choices)[i]) for i in ranking.indicators],
        "previous": period.previous(),
        "next": period.following(),
        "month": month,
        "quarter": quarter,
        "is_quarter": period.months == 3,
        "weights": [
            (dict(Indicator.choices)[i], w)
            for i, (w, _t) in ranking.rules.weights.items()
            if w and i in evaluation.KINDS
        ],
        "targets": "；".join(_targets(ranking.rules)),
    }
    return render(request, "stations/evaluation.html", context)
