"""Background work of the operator's schedule, run by the database worker."""

from django.db import connection
from django_tasks import task

from civicgrid.ops import pipl


@task()
def apply_retention() -> dict:
    """Anonymise and delete what is past its retention period; enqueued daily by serve."""
    return pipl.apply_retention(operator="系统")


# Rows each index samples: ANALYZE then takes milliseconds per index instead of reading every
# row of a million-case table inside a write transaction that would hold up the reports.
SQLITE_ANALYSIS_LIMIT = 1000


@task()
def refresh_planner_statistics() -> str:
    """Keep SQLite's planner statistics current; enqueued by serve at start and every 6 hours.

    SQLite gathers none by itself: without them it picked the department index for a street
    dispatcher's inbox and read 4-14 s at 400,000 cases instead of 30 ms. PostgreSQL's
    autovacuum does this on its own, so there it is a no-op.
    """
    if connection.vendor != "sqlite":
        return "skipped"
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
    return "analysed"
