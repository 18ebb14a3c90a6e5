"""Workstation evaluation 工作站考评: indicators from what the platform records, one score.

Per workstation and period (a month or a quarter), from
- the monthly ledger's records (field/ledger.py): desk duty half-days, visits and check-ins,
  patrols, tasks (targets approved of those given that period);
- the community's cases: reported, closed, closed on time and ratings from the stored per-day
  tallies (cases/tallies.py); self-handled reports and reworked closures from one grouped
  query each over the period's cases (the tallies do not keep them);
each read once for every station at a time, grouped, never a query per station.

Normalisation (each indicator to 0..1, stated on the page):
- a count: value / (monthly target x months in the period), at most 1;
- a share: share / target share, at most 1;
- the average rating (1-5): (average - 1) / 4;
- an indicator without data (nothing closed, no task, no rating) is left out and the weights
  of the others count in its place.
Score = 100 x sum(weight x normalised) / sum(weight of indicators with data), one decimal.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from civicgrid.areas.choices import Level
from civicgrid.areas.models import PATH_SEP, path_codes
from civicgrid.cases.choices import Status, Tier
from civicgrid.cases.models import Case, CaseTally
from civicgrid.cases.tallies import community_path
from civicgrid.field.models import AssignmentTarget, CheckIn, DutySlot, Patrol
from civicgrid.people import actions
from civicgrid.people.models import Workstation
from civicgrid.people.scopes import area_scope, can
from civicgrid.stations.choices import Grade, Indicator
from civicgrid.stations.models import EvaluationScheme
from civicgrid.stations.periods import Period

COUNT, SHARE, RATING = "count", "share", "rating"
KINDS: dict[str, str] = {
    Indicator.DUTY: COUNT,
    Indicator.VISITS: COUNT,
    Indicator.PATROLS: COUNT,
    Indicator.TASKS: SHARE,
    Indicator.ON_TIME: SHARE,
    Indicator.NO_REWORK: SHARE,
    Indicator.SELF_HANDLED: SHARE,
    Indicator.RATING: RATING,
}
# (weight, target) when no scheme is set up: counts per month, shares in percent.
DEFAULT_WEIGHTS: dict[str, tuple[int, float | None]] = {
    Indicator.DUTY: (10, 8),
    Indicator.VISITS: (10, 8),
    Indicator.PATROLS: (15, 20),
    Indicator.TASKS: (10, 100),
    Indicator.ON_TIME: (20, 100),
    Indicator.NO_REWORK: (10, 100),
    Indicator.SELF_HANDLED: (10, 30),
    Indicator.RATING: (15, None),
}


@dataclass
class Rules:
    """A scheme as the computation reads it: {indicator: (weight, target)} and grade lines."""

    name: str
    weights: dict[str, tuple[int, float | None]]
    excellent: int = 90
    good: int = 80
    passing: int = 60
    saved: bool = True

    def grade(self, score: float | None) -> str | None:
        if score is None:
            return None
        if score >= self.excellent:
            return Grade.EXCELLENT
        if score >= self.good:
            return Grade.GOOD
        return Grade.PASS if score >= self.passing else Grade.FAIL

    def target(self, indicator: str) -> float | None:
        weight, target = self.weights[indicator]
        if target is None and indicator in DEFAULT_WEIGHTS:
            return DEFAULT_WEIGHTS[indicator][1]
        return target


def rules_for(period: Period) -> Rules:
    """The scheme in force at the period's start (the latest begun by then), or the default."""
    scheme = (
        EvaluationScheme.objects.filter(valid_from__lte=period.start)
        .prefetch_related("weights")
        .first()
    )
    if scheme is None:
        return Rules(_("默认方案（尚未在后台设置考评方案）"), dict(DEFAULT_WEIGHTS), saved=False)
    rows = {w.indicator: (w.weight, w.target) for w in scheme.weights.all() if w.weight}
    weights = {i: rows[i] for i in Indicator.values if i in rows}  # in the table's order
    return Rules(scheme.name, weights, scheme.excellent_from, scheme.good_from, scheme.pass_from)


@dataclass
class Raw:
    """What one station did in a period: counts, and (numerator, denominator) of shares."""

    duty: int = 0
    visits: int = 0
    patrols: int = 0
    tasks_given: int = 0
    tasks_approved: int = 0
    reported: int = 0
    self_handled: int = 0
    closed: int = 0
    closed_on_time: int = 0
    reworked: int = 0
    rated: int = 0
    rating_total: int = 0

    def value(self, indicator: str) -> tuple[float, float | None]:
        """(value, denominator): counts have none; a share's value is its numerator."""
        values: dict[str, tuple[float, float | None]] = {
            Indicator.DUTY: (self.duty, None),
            Indicator.VISITS: (self.visits, None),
            Indicator.PATROLS: (self.patrols, None),
            Indicator.TASKS: (self.tasks_approved, self.tasks_given),
            Indicator.ON_TIME: (self.closed_on_time, self.closed),
            Indicator.NO_REWORK: (self.closed - self.reworked, self.closed),
            Indicator.SELF_HANDLED: (self.self_handled, self.reported),
            Indicator.RATING: (self.rating_total, self.rated),
        }
        return values[indicator]


def normalised(indicator: str, raw: Raw, rules: Rules, months: int) -> float | None:
    """The indicator on 0..1 (module docstring); None without data."""
    value, denominator = raw.value(indicator)
    kind = KINDS[indicator]
    if kind == COUNT:
        target = rules.target(indicator) or 1
        return min(value / (target * months), 1.0)
    if not denominator:
        return None
    if kind == RATING:
        return (value / denominator - 1) / 4
    target = (rules.target(indicator) or 100) / 100
    return min(value / denominator / target, 1.0)


def score(raw: Raw, rules: Rules, months: int) -> float | None:
    """100 x the weighted mean of the normalised indicators that have data, one decimal."""
    total = weights = 0.0
    for indicator, (weight, _target) in rules.weights.items():
        if indicator not in KINDS or not weight:
            continue
        n = normalised(indicator, raw, rules, months)
        if n is not None:
            total += weight * n
            weights += weight
    return round(100 * total / weights, 1) if weights else None


# --- reading the period's records for many stations at once ------------------------------


def gather(stations: list[Workstation], period: Period) -> dict[int, Raw]:
    """Raw figures per workstation id: a fixed number of grouped queries for all of them."""
    start, end = period.span()
    by_path = {ws.community.path: ws.pk for ws in stations}
    raws = {ws.pk: Raw() for ws in stations}
    ids = list(raws)

    def at_path(path: str | None) -> Raw | None:
        pk = by_path.get(community_path(path)) if path else None
        return raws.get(pk) if pk else None

    for duty in (
        DutySlot.objects.filter(workstation__in=ids, date__gte=period.start, date__lt=period.end)
        .values("workstation_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        raws[duty["workstation_id"]].duty += duty["n"]
    # A check-in counts at its workstation, else in the community where it was made.
    inside = _under_any(by_path, "area_path")
    for visit in (
        CheckIn.objects.filter(Q(workstation__in=ids) | inside, at__gte=start, at__lt=end)
        .values("workstation_id", "area_path")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        raw = raws.get(visit["workstation_id"]) or at_path(visit["area_path"])
        if raw:
            raw.visits += visit["n"]
    for patrol in (
        Patrol.objects.filter(inside, started_at__gte=start, started_at__lt=end)
        .values("area_path")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if raw := at_path(patrol["area_path"]):
            raw.patrols += patrol["n"]
    targets = AssignmentTarget.objects.filter(
        Q(assignment__workstation__in=ids) | _under_any(by_path, "assignment__area__path"),
        assignment__created_at__gte=start,
        assignment__created_at__lt=end,
    )
    for task in (
        targets.values("assignment__workstation_id", "assignment__area__path")
        .annotate(n=Count("pk"), approved=Count("pk", filter=Q(status="approved")))
        .order_by()
    ):
        raw = raws.get(task["assignment__workstation_id"]) or at_path(
            task["assignment__area__path"]
        )
        if raw:
            raw.tasks_given += task["n"]
            raw.tasks_approved += task["approved"]
    _cases(raws, by_path, period, at_path)
    return raws


def _under_any(by_path: dict[str, int], field_name: str) -> Q:
    """Rows under the stations' streets: a few prefixes, not one per station; rows of a
    community without a station are dropped when folded."""
    streets = {PATH_SEP.join(path_codes(p)[: Level.STREET]) + PATH_SEP for p in by_path}
    q = Q(pk__in=[])
    for path in sorted(streets):
        q |= Q(**{f"{field_name}__under": path})
    return q


def _cases(raws, by_path, period: Period, at_path) -> None:
    start, end = period.span()
    for row in (
        CaseTally.objects.filter(
            community_path__in=list(by_path), day__gte=period.start, day__lt=period.end
        )
        .values("community_path")
        .annotate(
            reported=Sum("reported"),
            closed=Sum("closed"),
            on_time=Sum("closed_on_time"),
            rated=Sum("rated"),
            total=Sum("rating_total"),
        )
        .order_by()
    ):
        raw = raws[by_path[row["community_path"]]]
        raw.reported += row["reported"] or 0
        raw.closed += row["closed"] or 0
        raw.closed_on_time += row["on_time"] or 0
        raw.rated += row["rated"] or 0
        raw.rating_total += row["total"] or 0
    inside = _under_any(by_path, "area_path")
    self_handled = Case.objects.filter(
        inside, tier=Tier.SELF, reported_at__gte=start, reported_at__lt=end
    )
    for fixed in self_handled.values("area_path").annotate(n=Count("pk")).order_by():
        if raw := at_path(fixed["area_path"]):
            raw.self_handled += fixed["n"]
    reworked = Case.objects.filter(
        inside, status=Status.CLOSED, closed_at__gte=start, closed_at__lt=end, rework_count__gt=0
    )
    for again in reworked.values("area_path").annotate(n=Count("pk")).order_by():
        if raw := at_path(again["area_path"]):
            raw.reworked += again["n"]


# --- the ranking table ---------------------------------------------------------------------


@dataclass
class Cell:
    indicator: str
    text: str  # "12" or "80%" or "4.2" or "—"
    normalised: float | None
    url: str = ""


@dataclass
class Row:
    workstation: Workstation
    raw: Raw
    cells: list[Cell]
    score: float | None
    grade: str | None
    previous: float | None = None
    rank: int | None = None
    links: dict[str, str] = field(default_factory=dict)

    @property
    def trend(self) -> float | None:
        if self.score is None or self.previous is None:
            return None
        return round(self.score - self.previous, 1)

    @property
    def grade_label(self) -> str:
        return str(Grade(self.grade).label) if self.grade else "—"


@dataclass
class Ranking:
    period: Period
    rules: Rules
    rows: list[Row]
    indicators: list[str]


def stations_for(user):
    """The workstations of the communities the user holds station.evaluate over."""
    return list(
        Workstation.objects.filter(community__in=_communities(user))
        .select_related("community__parent")
        .order_by("community__path")
    )


def _communities(user):
    from civicgrid.areas.models import Area

    return Area.objects.filter(area_scope(user, actions.STATION_EVALUATE)).values("pk")


def _text(indicator: str, raw: Raw, months: int) -> str:
    value, denominator = raw.value(indicator)
    kind = KINDS[indicator]
    if kind == COUNT:
        return str(int(value))
    if not denominator:
        return "—"
    if kind == RATING:
        return f"{value / denominator:.1f}"
    return f"{round(100 * value / denominator)}%"


def ranking(user, period: Period) -> Ranking:
    """Every station in the user's scope with its indicators, score, grade, rank and trend."""
    stations = stations_for(user)
    rules = rules_for(period)
    previous_rules = rules_for(period.previous())
    raws = gather(stations, period)
    before = gather(stations, period.previous())
    may_ledger = can(user, actions.FIELD_COMPLIANCE)
    indicators = [i for i in Indicator.values if rules.weights.get(i, (0, None))[0]]
    rows = []
    for ws in stations:
        raw = raws[ws.pk]
        links = _links(ws, period, may_ledger)
        cells = [
            Cell(i, _text(i, raw, period.months), normalised(i, raw, rules, period.months),
                 links.get(i, ""))
            for i in indicators
        ]  # fmt: skip
        value = score(raw, rules, period.months)
        rows.append(
            Row(ws, raw, cells, value, rules.grade(value),
                score(before[ws.pk], previous_rules, period.months), links=links)
        )  # fmt: skip
    rows.sort(key=lambda r: (r.score is None, -(r.score or 0), r.workstation.community.path))
    for place, row in enumerate(rows, start=1):
        row.rank = place if row.score is not None else None
    return Ranking(period, rules, rows, indicators)


def _links(ws: Workstation, period: Period, may_ledger: bool) -> dict[str, str]:
    """What lies behind each figure: the ledger of the period's first month, the case list."""
    code = ws.community.code
    cases = reverse("cases:case-list")
    dates = {
        "area": code,
        "reported_from": period.start.isoformat(),
        "reported_to": (period.end - timedelta(days=1)).isoformat(),
    }
    closed = f"{cases}?{urlencode({'area': code, 'status': Status.CLOSED})}"
    links: dict[str, str] = {
        "reported": f"{cases}?{urlencode(dates)}",
        Indicator.SELF_HANDLED: f"{cases}?{urlencode({**dates, 'tier': Tier.SELF})}",
        Indicator.ON_TIME: closed,
        Indicator.NO_REWORK: closed,
        Indicator.RATING: closed,
    }
    if may_ledger:
        ledger = f"{reverse('field:ledger', args=[code])}?month={period.month_keys()[0]}"
        for i in (Indicator.DUTY, Indicator.VISITS, Indicator.PATROLS, Indicator.TASKS):
            links[i] = ledger
        links["ledger"] = ledger
    return links
