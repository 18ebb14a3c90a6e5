"""Stored per-community, per-day case counts (CaseTally) for the public community page.

Kept in the transaction of every event that changes them (`events.record()` calls `count()`
with the case before and after), not refreshed on a schedule: a resident who sees her case
closed then sees the figure move, and no job has to run for the figures to be right.
Each event adds the difference between what the case counted for before and after, so any
action (closing, rating, reopening, merging) keeps the sums right without a rule per action.
`rebuild()` recounts everything from the cases: after a bulk load (`generate_cases`) or to
check the stored counts.
"""

from collections import Counter, defaultdict
from datetime import date

from django.db import connections, router, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from civicgrid.areas.choices import Level
from civicgrid.areas.models import PATH_SEP, path_codes
from civicgrid.cases.choices import Status
from civicgrid.cases.models import Case, CaseTally

COLUMNS = ("reported", "closed", "closed_on_time", "rated", "rating_total")


def community_path(area_path: str) -> str:
    """The path of the community a case lies in (the case's own path above community level)."""
    return PATH_SEP.join(path_codes(area_path)[: Level.COMMUNITY]) + PATH_SEP


def _day(moment) -> date:
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def contribution(case: Case | None, overdue_count: int | None = None) -> Counter:
    """What a case counts for: {(community path, day, column): n}."""
    out: Counter = Counter()
    if case is None or not case.area_path or case.reported_at is None:
        return out
    where = community_path(case.area_path)
    out[(where, _day(case.reported_at), "reported")] += 1
    if case.status == Status.CLOSED and case.closed_at is not None:
        key = (where, _day(case.closed_at))
        out[(*key, "closed")] += 1
        overdue = case.overdue_count if overdue_count is None else overdue_count
        out[(*key, "closed_on_time")] += int(overdue == 0)
        if case.rating is not None:
            out[(*key, "rated")] += 1
            out[(*key, "rating_total")] += case.rating
    return out


def count(before: Case | None, after: Case) -> None:
    """Add to the stored counts what changed between the case before and after an event."""
    overdue = None
    if Status.CLOSED in (after.status, getattr(before, "status", None)):
        # The sweep counts overdue marks in the row, not in a case loaded before them.
        overdue = Case.objects.filter(pk=after.pk).values_list("overdue_count", flat=True)[0]
    change = contribution(after, overdue)
    change.subtract(contribution(before, overdue))
    rows: dict[tuple[str, date], dict[str, int]] = defaultdict(dict)
    for (where, day, column), n in change.items():
        if n:
            rows[(where, day)][column] = n
    if rows:
        _add(rows)


def count_new(cases) -> None:
    """Add many new cases to the stored counts at once (bulk imports)."""
    change: Counter = Counter()
    for case in cases:
        change.update(contribution(case))
    rows: dict[tuple[str, date], dict[str, int]] = defaultdict(dict)
    for (where, day, column), n in change.items():
        if n:
            rows[(where, day)][column] = n
    if rows:
        _add(rows)


def _add(rows: dict[tuple[str, date], dict[str, int]]) -> None:
    """One upsert per (community, day): INSERT ... ON CONFLICT DO UPDATE adds atomically."""
    alias = router.db_for_write(CaseTally)
    table = connections[alias].ops.quote_name(CaseTally._meta.db_table)
    names = ", ".join(COLUMNS)
    adds = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COLUMNS)
    sql = (
        f"INSERT INTO {table} (community_path, day, {names}) "
        f"VALUES (%s, %s, {', '.join(['%s'] * len(COLUMNS))}) "
        f"ON CONFLICT (community_path, day) DO UPDATE SET {adds}"
    )
    with connections[alias].cursor() as cursor:
        for (where, day), columns in rows.items():
            cursor.execute(sql, [where, day, *(columns.get(c, 0) for c in COLUMNS)])


def rebuild(case_model=Case, tally_model=CaseTally) -> int:
    """Recount every community and day from the cases; the number of rows written.

    Two GROUP BY queries (by area path and day), folded into communities here. The models are
    parameters so a migration can run it with its historical models.
    """
    zone = timezone.get_current_timezone()
    rows: dict[tuple[str, date], Counter] = defaultdict(Counter)
    reported = (
        case_model.objects.order_by()
        .values("area_path", d=TruncDate("reported_at", tzinfo=zone))
        .annotate(n=Count("pk"))
    )
    for r in reported.iterator():
        rows[(community_path(r["area_path"]), r["d"])]["reported"] += r["n"]
    closed = (
        case_model.objects.filter(status=Status.CLOSED, closed_at__isnull=False)
        .order_by()
        .values("area_path", d=TruncDate("closed_at", tzinfo=zone))
        .annotate(
            closed=Count("pk"),
            closed_on_time=Count("pk", filter=Q(overdue_count=0)),
            rated=Count("rating"),
            rating_total=Sum("rating"),
        )
    )
    for r in closed.iterator():
        counter = rows[(community_path(r["area_path"]), r["d"])]
        for column in COLUMNS[1:]:
            counter[column] += r[column] or 0
    with transaction.atomic():
        tally_model.objects.all().delete()
        tally_model.objects.bulk_create(
            (tally_model(community_path=w, day=d, **dict(c)) for (w, d), c in rows.items()),
            batch_size=2000,
        )
    return len(rows)


def sums(*, community_path: str, since: date) -> dict[str, int]:
    """The stored counts of a community from `since` on, summed."""
    found = CaseTally.objects.filter(community_path=community_path, day__gte=since).aggregate(
        **{c: Sum(c) for c in COLUMNS}
    )
    return {c: found[c] or 0 for c in COLUMNS}
