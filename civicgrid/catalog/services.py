"""Loading reference data: the national catalog, time limits, violation types, the calendar."""

import csv
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction

from civicgrid.catalog.models import CalendarDay, Category, TimeLimit, ViolationType
from civicgrid.catalog.worktime import NoCalendarData, chinese_calendar_days

DATA_DIR = Path(__file__).resolve().parent / "data"
CATALOG_FILE = "gbt47678.5-2026-catalog.csv"
# GB/T 30428.2 numbered the matter (event) majors 01-04; the 2026 standard moved them to 06-09.
LEGACY_MATTER_MAJOR = {"06": "01", "07": "02", "08": "03", "09": "04"}


def _rows(name: str, data_dir: Path):
    with open(data_dir / name, encoding="utf-8") as f:
        yield from csv.DictReader(line for line in f if not line.startswith("#"))


def category_by_ref(ref: str) -> Category | None:
    """'matter:06010' -> that minor class; 'component:01' -> that major class; '' -> None."""
    if not ref:
        return None
    kind, code = ref.split(":")
    return Category.objects.get(kind=kind, code=code)


@transaction.atomic
def load_catalog(data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Create or update the classes, their common-use hints, limits and violation types."""
    majors: dict[tuple[str, str], Category] = {}
    count = 0
    for row in _rows(CATALOG_FILE, data_dir):
        kind, major_code = row["kind"], row["major_code"]
        if (kind, major_code) not in majors:
            majors[(kind, major_code)], _ = Category.objects.update_or_create(
                kind=kind, code=major_code, defaults={"name": row["major_name"], "parent": None}
            )
        legacy = ""
        if kind == "matter" and major_code in LEGACY_MATTER_MAJOR:
            legacy = LEGACY_MATTER_MAJOR[major_code] + row["code"][2:]
        Category.objects.update_or_create(
            kind=kind,
            code=row["code"],
            defaults={
                "name": row["name"],
                "parent": majors[(kind, major_code)],
                "legacy_code": legacy,
            },
        )
        count += 1
    for row in _rows("common.csv", data_dir):
        Category.objects.filter(kind=row["kind"], code=row["code"]).update(
            common_rank=int(row["common_rank"]),
            icon=row["icon"],
            aliases=row["aliases"],
            keywords=row["keywords"],
            help_text=row["help_text"],
        )
    limits = 0
    for row in _rows("time_limits.csv", data_dir):
        TimeLimit.objects.update_or_create(
            category=category_by_ref(row["category"]),
            urgency=row["urgency"],
            stage=row["stage"],
            defaults={"amount": int(row["amount"]), "unit": row["unit"]},
        )
        limits += 1
    violations = 0
    for row in _rows("violation_types.csv", data_dir):
        ViolationType.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "legal_basis": row["legal_basis"],
                "measures": row["measures"].split("|"),
                "first_offence_days": int(row.get("first_offence_days") or 365),
                "correct_days": int(row.get("correct_days") or 7),
                "minor_rule": row.get("minor_rule") or "",
                "service_rule": row.get("service_rule") or "",
                "law_text": row.get("law_text") or "",
                "category": category_by_ref(row["category"]),
            },
        )
        violations += 1
    # The hints above are written by UPDATE, which sends no signal: tell every process.
    from civicgrid.catalog import suggest, timelimits

    suggest.index.invalidate()
    timelimits.limits.invalidate()
    return {"classes": count, "majors": len(majors), "limits": limits, "violations": violations}


def provisional_days(year: int) -> dict[date, bool]:
    """Monday to Friday as working days: a stand-in until the year's holidays are published."""
    day, days = date(year, 1, 1), {}
    while day.year == year:
        days[day] = day.weekday() < 5
        day += timedelta(days=1)
    return days


def load_calendar(years, *, provisional: bool = False) -> int:
    """Seed the workday calendar from the official holiday data, keeping admin edits.

    A year the holiday data does not cover raises NoCalendarData, unless `provisional` asks
    for plain weekdays; those rows are marked 暂定 so an administrator sees what to correct.
    """
    years = list(years)
    existing = set(CalendarDay.objects.filter(date__year__in=years).values_list("date", flat=True))
    new = []
    for year in years:
        note = ""
        try:
            days = chinese_calendar_days(year)
        except NoCalendarData:
            if not provisional:
                raise
            days, note = provisional_days(year), "暂定"
        new += [
            CalendarDay(date=d, is_workday=w, note=note)
            for d, w in days.items()
            if d not in existing
        ]
    CalendarDay.objects.bulk_create(new, batch_size=500)
    if new:
        from civicgrid.catalog.timelimits import calendar

        calendar.invalidate()
    return len(new)
