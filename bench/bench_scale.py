"""Scale bench: what a user waits for over HTTP at a city's size, one page after another.

`.venv/bin/python bench/bench_scale.py` (run by `make bench`, small by default). Serves the app
with gunicorn (2 workers, started as `manage.py serve` starts it) over an existing database and,
with ONE client, requests every staff page and API list a user opens, warm-up first, then N
timed requests each: the case list of closed cases and its page 100 (reached through the list's
own next links when they carry a cursor rather than a page number), the API list, the whistle
board, the supervision queue, the map data, a text search with no match and one with a common
word, every inbox of every demo persona of bench/bench_inbox.py, and anonymously the public
community page and a tracking page. Prints p50 / p95 per page beside its goal: staff pages and
API lists p95 < 200 ms, anonymous pages p95 < 100 ms. Exits 0 whatever the timing.

The database:
- BENCH_SCALE_VAR=/some/dir: a kept SQLite data folder (CIVICGRID_VAR). If it holds no city
  yet, the bench builds the demo city there and generates BENCH_SCALE_CASES cases into it, so
  a second run measures the same database again. Made once for 1M cases with
  `CIVICGRID_VAR=dir manage.py setup && CIVICGRID_VAR=dir manage.py generate_cases --count 1000000`.
- DATABASE_URL=postgres://...: that database, likewise (a scratch one: it may be written).
- neither: a throwaway folder with BENCH_SCALE_CASES (default 5,000) generated cases.

Knobs: BENCH_SCALE_N (timed requests per page, default 10), BENCH_SCALE_WARMUP (default 2),
BENCH_SCALE_CASES (cases generated into an empty database, default 5,000).
"""

import contextlib
import html
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_inbox import PERSONAS, percentile  # noqa: E402
from run import build_database, setup_django, wait_listening  # noqa: E402
from table import table, yes_no  # noqa: E402

CASES = int(os.environ.get("BENCH_SCALE_CASES", "5000"))
N = int(os.environ.get("BENCH_SCALE_N", "10"))
WARMUP = int(os.environ.get("BENCH_SCALE_WARMUP", "2"))
SEED = 20250701
WORKERS = 2
STAFF_GOAL_MS = 200
ANONYMOUS_GOAL_MS = 100
DEEP_PAGE = 100
NO_MATCH = "没有这样的描述"  # a text no generated case holds
COMMON_WORD = "垃圾"  # in a large share of the generated descriptions
NEXT_LINK = re.compile(r'<a[^>]*href="([^"]+)"[^>]*>\s*下一页|<a[^>]*rel="next"[^>]*href="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare() -> dict:
    """The database to measure (made when empty), the sessions and the pages' parameters."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from civicgrid.areas.choices import Level
    from civicgrid.areas.models import Area
    from civicgrid.cases.choices import Status
    from civicgrid.cases.management.commands.generate_cases import generate
    from civicgrid.cases.models import Case

    call_command("migrate", verbosity=0)
    print(f"database 数据库: {connection.vendor} {connection.settings_dict['NAME']}")
    if not Area.objects.filter(level=Level.GRID).exists():
        started = time.perf_counter()
        build_database()
        generate(count=CASES, seed=SEED)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        seconds = time.perf_counter() - started
        print(f"generated 生成: {CASES:,} cases with the demo city in {seconds:.0f} s")
    total = Case.objects.count()
    print(f"cases 案件: {total:,}, open 在办 {Case.objects.open().count():,}")
    closed = Case.objects.filter(status=Status.CLOSED)
    # The first community (head1's, the busiest of the demo) and the newest closed case.
    community = (
        Area.objects.filter(level=Level.COMMUNITY, children__isnull=False).order_by("code").first()
    )
    tracked = closed.order_by("-pk").values_list("code", flat=True).first()
    sessions = {}
    User = get_user_model()
    for username, _label in PERSONAS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        sessions[username] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {
        "cases": total,
        "community": community.code,
        "tracked": tracked,
        "sessions": sessions,
        "cookie": settings.SESSION_COOKIE_NAME,
    }


class One:
    """The one client: a fresh connection per request, as a browser behind gunicorn gets."""

    def __init__(self, port: int, cookie: str):
        self.port, self.cookie = port, cookie

    def get(self, path: str, session: str | None) -> tuple[int, str, float]:
        headers = {"Cookie": f"{self.cookie}={session}"} if session else {}
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            body = response.read()
        finally:
            conn.close()
        took = (time.perf_counter() - started) * 1000
        return response.status, body.decode("utf-8", "replace"), took


def deep_page(client: One, path: str, session: str) -> str:
    """The URL of page DEEP_PAGE of a list, as its own "next" links lead there."""
    status, body, _ = client.get(path, session)
    found = NEXT_LINK.search(body)
    if status != 200 or not found:
        return f"{path}&page={DEEP_PAGE}"
    link = html.unescape(found.group(1) or found.group(2))
    query = parse_qs(urlsplit(link).query)
    if query.get("page") == ["2"]:  # numbered pages: jump there as a typed URL would
        query["page"] = [str(DEEP_PAGE)]
        return f"{urlsplit(path).path}?{urlencode(query, doseq=True)}"
    for _ in range(DEEP_PAGE - 2):  # a cursor: follow the links, as a user paging would
        base = urlsplit(path).path
        path = link if link.startswith("/") else f"{base}{link}"
        status, body, _ = client.get(path, session)
        found = NEXT_LINK.search(body)
        if status != 200 or not found:
            break
        link = html.unescape(found.group(1) or found.group(2))
    return link if link.startswith("/") else f"{urlsplit(path).path}{link}"


def targets(facts: dict, client: One) -> list[tuple[str, str, str | None, int]]:
    """(page, path, session, goal ms) of every page measured."""
    from django.contrib.auth import get_user_model

    from civicgrid.cases import inbox

    staff = facts["sessions"]["dispatcher"]  # the district dispatcher sees the whole city
    closed = "/cases/?status=closed"
    rows = [
        ("case list 案件列表 status=closed", closed, staff, STAFF_GOAL_MS),
        (f"the same, page {DEEP_PAGE} 第{DEEP_PAGE}页", deep_page(client, closed, staff), staff),
        ("API /api/v1/cases?status=closed", "/api/v1/cases?status=closed", staff),
        ("whistle board 吹哨报到看板", "/cases/whistles/", facts["sessions"]["leader"]),
        ("supervision queue 督办队列", "/cases/supervision/", facts["sessions"]["leader"]),
        ("map data 地图数据", "/cases/map/cases.geojson", staff),
        ("search, no match 搜索无结果", f"/cases/?{urlencode({'q': NO_MATCH})}", staff),
        ("search, common word 搜索常见词", f"/cases/?{urlencode({'q': COMMON_WORD})}", staff),
    ]
    rows = [(*r[:3], STAFF_GOAL_MS) for r in rows]
    rows += [
        ("community page 社区页（匿名）", f"/c/{facts['community']}/", None, ANONYMOUS_GOAL_MS),
        ("tracking page 查询页（匿名）", f"/t/{facts['tracked']}/", None, ANONYMOUS_GOAL_MS),
    ]
    User = get_user_model()
    for username, label in PERSONAS:
        user = User.objects.get(username=username)
        for box in inbox.inboxes_for(user):
            rows.append(
                (
                    f"{username} {label} · {box.label}",
                    f"/cases/?{urlencode({'inbox': box.key})}",
                    facts["sessions"][username],
                    STAFF_GOAL_MS,
                )
            )
    return rows


def start_server(port: int) -> subprocess.Popen:
    from civicgrid.ops.management.commands.serve import gunicorn_args

    command = [
        sys.executable,
        "-m",
        *gunicorn_args("127.0.0.1", port, WORKERS),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL)
    return wait_listening(server, port, 60)


def measure(client: One, pages) -> list[tuple[str, ...]]:
    out = []
    for name, path, session, goal in pages:
        started = time.perf_counter()
        statuses = set()
        for _ in range(WARMUP):
            statuses.add(client.get(path, session)[0])
        samples = []
        for _ in range(N):
            status, _body, took = client.get(path, session)
            statuses.add(status)
            samples.append(took)
        p50, p95 = statistics.median(samples), percentile(samples, 0.95)
        ok = statuses == {200} and p95 < goal
        out.append(
            (
                name,
                ",".join(str(s) for s in sorted(statuses)),
                f"{p50:,.0f}",
                f"{p95:,.0f}",
                f"< {goal} ms",
                yes_no(ok),
            )
        )
        print(f"  {name}: p95 {p95:,.0f} ms ({time.perf_counter() - started:.0f} s)", flush=True)
    return out


def main() -> int:
    keep = os.environ.get("BENCH_SCALE_VAR")
    place = (
        contextlib.nullcontext(keep)
        if keep
        else tempfile.TemporaryDirectory(prefix="civicgrid-bench-scale-")
    )
    with place as var_dir:
        Path(var_dir).mkdir(parents=True, exist_ok=True)
        setup_django(var_dir)
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        facts = prepare()
        from django.db import connections

        connections.close_all()  # the server's workers open their own
        port = free_port()
        server = start_server(port)
        try:
            client = One(port, facts["cookie"])
            pages = targets(facts, client)
            connections.close_all()
            rows = measure(client, pages)
        finally:
            server.terminate()
            server.wait(timeout=30)
    header = ("page 页面", "HTTP", "p50 ms", "p95 ms", "goal 目标", "meets 达标")
    print()
    print(table(header, rows, {2, 3}))
    print()
    print(
        f"{facts['cases']:,} cases; gunicorn -w {WORKERS}, one client, {WARMUP} warm-up then "
        f"N={N} requests per page. Goals are informational; exit 0."
    )
    print("单个客户端逐页请求；目标仅供参考，不因性能不达标而失败。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
