"""List bench: the pages of issue 17's second table over a database a previous run filled.

`BENCH_LISTS_VAR=/dir .venv/bin/python bench/bench_lists.py` (SQLite file in that folder) or
`DATABASE_URL=postgres://... .venv/bin/python bench/bench_lists.py`: fill it first with
`bench/bench_inbox.py` (BENCH_INBOX_VAR) or `manage.py generate_cases`. Requests each page
through Django's test Client N times (BENCH_LISTS_N, default 20) as the district dispatcher, a
street dispatcher, a community head and a department handler, anonymous for the public page,
and prints p50 / p95 and the SQL statements of one request. Exits 0 whatever the timing.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import setup_django  # noqa: E402
from table import table, yes_no  # noqa: E402

N = int(os.environ.get("BENCH_LISTS_N", "20"))
WARMUP = 2
COMMUNITY = "360702001001"  # 西津路居委会, the demo's busiest community


def percentile(samples, share):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def pages():
    """(who, page, path, goal ms): the issue's table, and the same lists for narrower scopes."""
    rows = [
        ("dispatcher", "/cases/?status=closed", "/cases/?status=closed", 200),
        ("dispatcher", "the same, page 100", "/cases/?status=closed&page=100", 200),
        ("dispatcher", "API ?status=closed", "/api/v1/cases?status=closed", 200),
        ("dispatcher", "whistle board", "/cases/whistles/", 200),
        ("dispatcher1", "/cases/?status=closed", "/cases/?status=closed", 200),
        ("dispatcher1", "/cases/?status=rejected", "/cases/?status=rejected", 200),
        ("head1", "/cases/?status=closed", "/cases/?status=closed", 200),
        ("sanitation1", "/cases/?status=closed", "/cases/?status=closed", 200),
        ("dispatcher", "all statuses, a street", "/cases/?area=360702001", 200),
        (None, "public community page", f"/c/{COMMUNITY}/", 100),
    ]
    return rows


def main() -> int:
    var_dir = os.environ.get("BENCH_LISTS_VAR") or os.environ.get("BENCH_INBOX_VAR")
    if not var_dir:
        # A database filled beforehand, with its keys folder (and DATABASE_URL for PostgreSQL);
        # the developer's var/ is not one to touch.
        print("bench_lists: skipped 跳过 (set BENCH_LISTS_VAR to a filled database's folder)")
        return 0
    setup_django(var_dir)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from django.contrib.auth import get_user_model
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from civicgrid.cases.models import Case

    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    request_started.disconnect(reset_queries)
    print(f"database 数据库: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"cases 案件: {Case.objects.count():,}")
    clients: dict = {}
    out = []
    for who, label, path, goal in pages():
        if who not in clients:
            client = Client(SERVER_NAME="localhost")
            if who:
                client.force_login(get_user_model().objects.get(username=who))
            clients[who] = client
        client = clients[who]

        def get(path=path, client=client):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        for _ in range(WARMUP):
            get()
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            get()
        statements = len(captured.captured_queries)  # before the log is reset again
        samples = []
        for _ in range(N):
            started = time.perf_counter()
            get()
            samples.append((time.perf_counter() - started) * 1000)
        p95 = percentile(samples, 0.95)
        out.append(
            (
                who or "anonymous",
                label,
                f"{statistics.median(samples):.1f}",
                f"{p95:.1f}",
                str(statements),
                f"< {goal} ms",
                yes_no(p95 < goal),
            )
        )
        print(f"  {who or 'anonymous'} {label}: p95 {p95:.1f} ms", flush=True)
    header = ("who 用户", "page 页面", "p50 ms", "p95 ms", "SQL", "goal 目标", "meets 达标")
    print()
    print(table(header, out, {2, 3, 4}))
    print(f"N={N} per page through the test Client. Goals are informational; exit 0.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
