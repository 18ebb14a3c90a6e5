"""CivicGrid over HTTP against a bare Django project: `make bench`, or alone
`.venv/bin/python bench/bench_http.py`.

Two gunicorn servers, started with the same flags (2 sync workers) on the same machine: CivicGrid
(civicgrid.wsgi, the demo city plus BENCH_HTTP_CASES generated cases) and the bare project of
bench/bare/ (no middleware, no sessions or auth, a persistent connection, one case-shaped table
with as many rows). CLIENTS client threads send three pairs of requests, the two servers taking
turns in chunks of CHUNK requests (smaller when a figure has fewer than two chunks, so each
order is timed at least once), the order swapped each round, so a busy neighbour on the shared
machine slows both alike:

1. the resident's QR report form (multipart, CSRF cookie and token, a fresh client_key, rate
   limits off) against a bare view that reads the same form and inserts one row;
2. the public tracking page `/t/<code>/` of an existing case against a bare page of one row
   looked up by its code, rendered through a template;
3. the staff list `/cases/?inbox=open` of the street dispatcher `dispatcher1` (the session cookie
   of a real login POST) against a bare template with a 100-row table;
4. Open311 POST Service Request (`/open311/v2/requests.json`, form-encoded, the api_key of a grid
   worker's personal token, a fresh Idempotency-Key per request, one attribute) against the bare
   insert view reading the same form, form-encoded too;
5. Open311 GET Service Requests (`requests.json`, the spec's default window: the newest 1,000 of
   the last 90 days) against a bare view that reads 1,000 rows with values() and writes JSON.

Per figure: req/s (median of the chunks), the servers' CPU milliseconds per request (from
/proc: steadier than wall-clock rates when neighbours load the machine), p50 / p95 / p99
latency over all requests, and the ratios (req/s: the median of the rounds' ratios). Every
response status is counted and printed; a figure whose responses were not all the expected
status is not met whatever its speed. Timing never fails the run (exit 0).

Database: SQLite in WAL mode in a throwaway directory (the bare project gets its own file there
with CivicGrid's SQLite options), or DATABASE_URL for both: an empty scratch database (the bench
refuses one that holds cases), into which it writes the demo city, its cases and bare_barecase.

Knobs (environment): BENCH_HTTP_REQUESTS (requests of each server per figure, default 1000),
BENCH_HTTP_LIST_REQUESTS (the same for the staff list, default 1000), BENCH_HTTP_CHUNK (500),
BENCH_HTTP_CASES (10000), BENCH_HTTP_CLIENTS (16 threads in all), BENCH_HTTP_CLIENT_PROCS
(client processes sharing those threads, default 1; the method line prints how busy the
client was, so you can tell whether one process held the servers back), BENCH_HTTP_FIGURES
(a comma list of report, track, list, open311_post, open311_list: only those; default all).
"""

import http.client
import json
import multiprocessing
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))

from run import setup_django, wait_listening  # noqa: E402 - bench/run.py, the shared helpers
from table import figures, yes_no  # noqa: E402


def knob(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


REQUESTS = knob("BENCH_HTTP_REQUESTS", 1000)
LIST_REQUESTS = knob("BENCH_HTTP_LIST_REQUESTS", 1000)
CHUNK = knob("BENCH_HTTP_CHUNK", 500)
CASES = knob("BENCH_HTTP_CASES", 10_000)
CLIENTS = knob("BENCH_HTTP_CLIENTS", 16)
PROCS = knob("BENCH_HTTP_CLIENT_PROCS", 1)
FIGURES = [f for f in os.environ.get("BENCH_HTTP_FIGURES", "").split(",") if f]
WORKERS = 2
SEED = 20250701
STAFF = ("dispatcher1", "demo1234")  # a street dispatcher of the demo city
TRACKED = 2000  # existing cases whose tracking pages are asked for


# --- the servers ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(app: str, env: dict, port: int) -> subprocess.Popen:
    """gunicorn with the same flags for both servers; only the app and its settings differ."""
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--workers",
        str(WORKERS),
        "--bind",
        f"127.0.0.1:{port}",
        "--pythonpath",
        f"{ROOT},{BENCH}",
        "--log-level",
        "warning",
        app,
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    return wait_listening(server, port, 30, f"gunicorn {app}")


def server_cpu(master: int) -> float:
    """CPU seconds used so far by a gunicorn master and its workers (from /proc, Linux): a
    figure a busy neighbour moves less than wall-clock rates. SQLite runs inside the workers,
    so it counts its work; PostgreSQL's own processes are not counted."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a process that just ended
        if stat.parent.name == str(master) or fields[1] == str(master):  # itself or a child
            total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / tick


def build_database():
    """Migrate, load reference data, a small demo city and CASES generated cases."""
    from django.core.management import call_command
    from django.db import connection

    from civicgrid.cases.management.commands.generate_cases import generate
    from civicgrid.cases.models import Case
    from civicgrid.catalog.models import Category
    from civicgrid.catalog.services import load_calendar, load_catalog
    from civicgrid.demo.city import build_city
    from civicgrid.open311.services import load_attributes
    from civicgrid.people import tokens

    call_command("migrate", verbosity=0)
    if Case.objects.exists():
        # An earlier run's cases are sealed with the keys of its throwaway directory: they
        # would answer 500 here, and the figures would not be of CivicGrid's pages.
        name = connection.settings_dict["NAME"]
        sys.exit(f"bench_http: database {name} already holds cases; give it an empty one.")
    call_command("createcachetable", verbosity=0)
    load_catalog()
    load_attributes()
    load_calendar(range(2025, date.today().year + 2), provisional=True)
    city = build_city(streets=2, communities_per_street=2, grids_per_community=2)
    generate(count=CASES, seed=SEED)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    grid = city.grids[0]
    grid.refresh_from_db()
    category = Category.objects.get(kind="matter", code="06010")
    # An Open311 client's personal token: the grid worker of the community it reports in.
    api_key = tokens.issue(city.grid_workers[grid.parent_id], name="bench Open311")[1]
    return grid.parent.code, (grid.centroid_lng, grid.centroid_lat), category.pk, api_key


def seed_bare(env: dict) -> None:
    """The bare project's table with as many rows as CivicGrid has cases."""
    command = [sys.executable, "-m", "bare.seed", str(CASES)]
    subprocess.run(command, cwd=BENCH, env=env, check=True)


# --- HTTP ----------------------------------------------------------------------------------


def request(port: int, method: str, path: str, body=None, headers=None):
    """One request on a new connection (gunicorn's sync workers close each one), for setup."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.msg.get_all("Set-Cookie") or [], response.read()
    finally:
        conn.close()


def send(port: int, method: str, path: str, body: bytes = b"", headers: str = "") -> int:
    """The status of one timed request: written and read on a bare socket, about a third of
    http.client's CPU, so the client takes less of the machine from the servers."""
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
        f"Content-Length: {len(body)}\r\n{headers}\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        s.sendall(head.encode() + body)
        first = b""
        while len(first) < 12 and (got := s.recv(65536)):
            first += got
        while s.recv(65536):  # to the end: the server closes after the response
            pass
    return int(first[9:12]) if first.startswith(b"HTTP/1.") else 0


def cookie(set_cookies: list[str], name: str) -> str:
    for line in set_cookies:
        found = re.match(rf"{name}=([^;]+)", line)
        if found:
            return found.group(1)
    raise RuntimeError(f"no {name} cookie in {set_cookies}")


def multipart(fields: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    ]
    parts.append(f"--{boundary}--\r\n")
    return "".join(parts).encode(), f"multipart/form-data; boundary={boundary}"


def login(port: int) -> str:
    """The session cookie of a real login POST by the street dispatcher."""
    status, cookies, _ = request(port, "GET", "/login/")
    token = cookie(cookies, "csrftoken")
    body = f"username={STAFF[0]}&password={STAFF[1]}&csrfmiddlewaretoken={token}".encode()
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={token}",
    }
    status, cookies, _ = request(port, "POST", "/login/", body, headers)
    assert status == 302, f"login: HTTP {status}"
    return f"csrftoken={token}; sessionid={cookie(cookies, 'sessionid')}"


class Calls:
    """The six kinds of request, for the client threads of one client process."""

    def __init__(self, config: dict, threads: int):
        self.c = config
        self.tokens = []  # one CSRF cookie and token per thread, from the report page
        for _ in range(threads):
            status, cookies, _ = request(config["civic"], "GET", config["report_path"])
            assert status == 200, f"report page: HTTP {status}"
            self.tokens.append(cookie(cookies, "csrftoken"))

    def report(self, i: int, k: int) -> int:
        token = self.tokens[k]
        fields = {**self.c["fields"], "csrfmiddlewaretoken": token, "client_key": uuid.uuid4().hex}
        body, content_type = multipart(fields)
        headers = f"Content-Type: {content_type}\r\nCookie: csrftoken={token}\r\n"
        return send(self.c["civic"], "POST", self.c["report_path"], body, headers)

    def bare_insert(self, i: int, k: int) -> int:
        body, content_type = multipart({**self.c["fields"], "client_key": uuid.uuid4().hex})
        return send(self.c["bare"], "POST", "/insert/", body, f"Content-Type: {content_type}\r\n")

    def track(self, i: int, k: int) -> int:
        codes = self.c["codes"]
        return send(self.c["civic"], "GET", f"/t/{codes[i % len(codes)]}/")

    def bare_get(self, i: int, k: int) -> int:
        row = (i * 7919) % self.c["bare_rows"]  # spread over the table, as the codes above
        return send(self.c["bare"], "GET", f"/case/B{row:07d}/")

    def staff_list(self, i: int, k: int) -> int:
        headers = f"Cookie: {self.c['session']}\r\n"
        return send(self.c["civic"], "GET", "/cases/?inbox=open", headers=headers)

    def bare_list(self, i: int, k: int) -> int:
        return send(self.c["bare"], "GET", "/cases/")

    def open311_post(self, i: int, k: int) -> int:
        body = urlencode(self.c["open311"]).encode()
        headers = (
            "Content-Type: application/x-www-form-urlencoded; charset=utf-8\r\n"
            f"Idempotency-Key: {uuid.uuid4().hex}\r\n"
        )
        return send(self.c["civic"], "POST", "/open311/v2/requests.json", body, headers)

    def bare_insert_form(self, i: int, k: int) -> int:
        fields = {**self.c["fields"], "client_key": uuid.uuid4().hex}
        headers = "Content-Type: application/x-www-form-urlencoded; charset=utf-8\r\n"
        return send(self.c["bare"], "POST", "/insert/", urlencode(fields).encode(), headers)

    def open311_list(self, i: int, k: int) -> int:
        return send(self.c["civic"], "GET", "/open311/v2/requests.json")

    def bare_list_json(self, i: int, k: int) -> int:
        return send(self.c["bare"], "GET", "/requests.json")


def client_process(pipe, config: dict, threads: int) -> None:
    """One client process: on ("run", kind, indices) its threads send those requests and it
    answers with when it started and ended, the statuses, each request's seconds and the CPU
    seconds the process used."""
    calls = Calls(config, threads)
    pipe.send("ready")
    while True:
        message = pipe.recv()
        if message[0] == "stop":
            return
        _, kind, indices = message
        call = getattr(calls, kind)
        todo = iter(indices)  # shared by the threads: next() on it is atomic under the GIL
        statuses: dict[int, int] = {}
        took: list[float] = []
        lock = threading.Lock()

        def work(k, call=call, todo=todo, statuses=statuses, took=took, lock=lock):
            for i in todo:
                started = time.monotonic()
                try:
                    status = call(i, k)
                except OSError:
                    status = 0  # refused or reset: counted as status 0
                seconds = time.monotonic() - started
                with lock:
                    statuses[status] = statuses.get(status, 0) + 1
                    took.append(seconds)

        workers = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
        cpu, started = time.process_time(), time.monotonic()
        for t in workers:
            t.start()
        for t in workers:
            t.join()
        ended = time.monotonic()
        pipe.send((started, ended, statuses, took, time.process_time() - cpu))


class Clients:
    """PROCS client processes with CLIENTS threads between them."""

    def __init__(self, config: dict):
        context = multiprocessing.get_context("spawn")
        self.pipes, self.procs = [], []
        for p in range(PROCS):
            mine, theirs = context.Pipe()
            threads = CLIENTS // PROCS + (p < CLIENTS % PROCS)
            proc = context.Process(target=client_process, args=(theirs, config, threads))
            proc.start()
            self.pipes.append(mine)
            self.procs.append(proc)
        for pipe in self.pipes:
            assert pipe.recv() == "ready"
        self.sent = 0  # requests handed out so far: each gets its own index
        self.busiest = 0.0  # the highest CPU share of one core a client process used in a chunk

    def fire(self, kind: str, count: int) -> dict:
        """count requests of kind; their rate, statuses and latencies."""
        first, self.sent = self.sent, self.sent + count
        for p, pipe in enumerate(self.pipes):
            pipe.send(("run", kind, range(first + p, first + count, PROCS)))
        answers = [pipe.recv() for pipe in self.pipes]
        wall = max(a[1] for a in answers) - min(a[0] for a in answers)
        statuses: dict[int, int] = {}
        for a in answers:
            for status, n in a[2].items():
                statuses[status] = statuses.get(status, 0) + n
        self.busiest = max(self.busiest, *(a[4] / (a[1] - a[0]) for a in answers))
        took = [s for a in answers for s in a[3]]
        return {"rate": count / wall, "statuses": statuses, "took": took}

    def stop(self):
        for pipe in self.pipes:
            pipe.send(("stop",))
        for proc in self.procs:
            proc.join(timeout=10)


def alternate(clients: Clients, civic: str, bare: str, requests: int, masters: dict) -> dict:
    """requests of each kind in chunks of CHUNK, the two taking turns, the order swapped each
    round; per kind the chunks' rates, the statuses, every latency and the server's CPU
    seconds, and the rounds' ratios. `masters`: the gunicorn pid serving each kind."""
    warm = 2 * CLIENTS
    for kind in (civic, bare):
        clients.fire(kind, warm)
    out = {kind: {"rates": [], "statuses": {}, "took": [], "cpu": 0.0} for kind in (civic, bare)}
    chunk = max(1, min(CHUNK, requests // 2))  # two rounds at least: each order once
    for r in range(requests // chunk):
        for kind in (civic, bare) if r % 2 == 0 else (bare, civic):
            cpu = server_cpu(masters[kind])
            got = clients.fire(kind, chunk)
            out[kind]["cpu"] += server_cpu(masters[kind]) - cpu
            out[kind]["rates"].append(got["rate"])
            out[kind]["took"] += got["took"]
            for status, n in got["statuses"].items():
                out[kind]["statuses"][status] = out[kind]["statuses"].get(status, 0) + n
    ratios = [a / b for a, b in zip(out[civic]["rates"], out[bare]["rates"], strict=True)]
    return {"civic": out[civic], "bare": out[bare], "ratios": ratios, "chunk": chunk}


# --- output --------------------------------------------------------------------------------


def ms(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def rows_for(label: str, run: dict, ok: tuple[int, int], rate_goal: float, p95_goal=None):
    """The req/s row and the p50 / p95 / p99 rows of one figure; `ok` is the status every
    CivicGrid and every bare response must have."""
    civic, bare = run["civic"], run["bare"]
    clean = set(civic["statuses"]) == {ok[0]} and set(bare["statuses"]) == {ok[1]}
    ratio = statistics.median(run["ratios"])

    def meets(ok: bool) -> str:
        return yes_no(ok and clean) + ("" if clean else ", HTTP errors 有错误")

    rows = [
        (
            f"{label} req/s",
            f"{statistics.median(civic['rates']):,.0f}",
            f"{statistics.median(bare['rates']):,.0f}",
            f"{ratio:.2f}x",
            f">= {rate_goal}x bare",
            meets(ratio >= rate_goal),
        )
    ]
    mine, base = (1000 * k["cpu"] / sum(k["statuses"].values()) for k in (civic, bare))
    ratio_cpu = f"{mine / base:.2f}x" if base else "-"  # 0: no /proc to read
    rows.append(("  server CPU ms/req 耗时", f"{mine:.1f}", f"{base:.1f}", ratio_cpu, "-", "-"))
    for name, share in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99)):
        mine, base = ms(civic["took"], share), ms(bare["took"], share)
        goal = p95_goal if name == "p95" else None
        rows.append(
            (
                f"  {name} ms 延迟",
                f"{mine:,.1f}",
                f"{base:,.1f}",
                f"{mine / base:.2f}x",
                f"<= {goal:g}x bare" if goal else "-",
                meets(mine / base <= goal) if goal else "-",
            )
        )
    return rows


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="civicgrid-bench-http-") as var_dir:
        setup_django(var_dir)
        from django.conf import settings
        from django.db import connection, connections

        from civicgrid.cases.models import Case

        vendor = connection.vendor
        load = os.getloadavg()[0]
        started = time.perf_counter()
        community, (lng, lat), category, api_key = build_database()
        codes = list(Case.objects.values_list("code", flat=True))
        codes = random.Random(SEED).sample(codes, min(TRACKED, len(codes)))
        before = Case.objects.count()
        options = settings.DATABASES["default"].get("OPTIONS", {}) if vendor == "sqlite" else {}
        connections.close_all()

        base_env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        bare_env = {
            **base_env,
            "DJANGO_SETTINGS_MODULE": "bare.settings",
            "BARE_VAR": var_dir,
            "BARE_DB_OPTIONS": json.dumps(options),
            "PYTHONPATH": str(BENCH),
        }
        seed_bare(bare_env)
        print(
            f"setup 准备: small demo city, {before:,} cases, {CASES:,} bare rows on {vendor} "
            f"in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        civic_env = {
            **base_env,
            "CIVICGRID_VAR": var_dir,
            "MEDIA_ROOT": str(Path(var_dir) / "media"),
            "DJANGO_SETTINGS_MODULE": "civicgrid.settings",
            "RATE_REPORTS_PER_IP_HOUR": "0",  # 0 = unlimited: one client address sends them all
            "RATE_REPORTS_PER_PHONE_DAY": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
        civic_env.pop("REDIS_URL", None)
        ports = {"civic": free_port(), "bare": free_port()}
        servers = [
            start_server("civicgrid.wsgi:application", civic_env, ports["civic"]),
            start_server("bare.wsgi:application", bare_env, ports["bare"]),
        ]
        clients = None
        try:
            config = {
                **ports,
                "report_path": f"/c/{community}/report/",
                "fields": {
                    "category": category,
                    "description": "路边有人乱扔垃圾，请来清理",
                    "address": "西津路 12 号门口",
                    "lng": f"{lng:.6f}",
                    "lat": f"{lat:.6f}",
                    "reporter_phone": "13812345678",
                    "privacy": "on",
                },
                "open311": {
                    "api_key": api_key,
                    "service_code": "matter-06010",
                    "lat": f"{lat:.6f}",
                    "long": f"{lng:.6f}",
                    "description": "路边有人乱扔垃圾，请来清理",
                    "address_string": "西津路 12 号门口",
                    "attribute[size]": "bag",
                },
                "codes": codes,
                "bare_rows": CASES,
                "session": login(ports["civic"]),
            }
            clients = Clients(config)
            runs = {}
            for name, civic, bare, count in (
                ("report", "report", "bare_insert", REQUESTS),
                ("track", "track", "bare_get", REQUESTS),
                ("list", "staff_list", "bare_list", LIST_REQUESTS),
                ("open311_post", "open311_post", "bare_insert_form", REQUESTS),
                ("open311_list", "open311_list", "bare_list_json", LIST_REQUESTS),
            ):
                if FIGURES and name not in FIGURES:
                    continue
                started = time.perf_counter()
                masters = {civic: servers[0].pid, bare: servers[1].pid}
                run = runs[name] = alternate(clients, civic, bare, count, masters)
                print(
                    f"  {name}: CivicGrid {run['civic']['statuses']}, "
                    f"bare {run['bare']['statuses']}; req/s ratio per round "
                    f"{min(run['ratios']):.2f}x-{max(run['ratios']):.2f}x, server CPU-time "
                    f"ratio {run['bare']['cpu'] / max(run['civic']['cpu'], 1e-9):.2f}x "
                    f"({time.perf_counter() - started:.1f} s)",
                    flush=True,
                )
        finally:
            if clients:
                clients.stop()
            for server in servers:
                server.terminate()
                server.wait(timeout=10)
        filed = Case.objects.count() - before
        connections.close_all()

    answered = sum(
        runs[name]["civic"]["statuses"].get(ok, 0)
        for name, ok in (("report", 302), ("open311_post", 200))
        if name in runs
    )
    warm = 2 * CLIENTS * len({"report", "open311_post"} & set(runs))
    print(
        f"reports filed 已受理: {filed:,} new cases for {answered:,} answers 302 (QR) or 200 "
        f"(Open311) and {warm} warm-up reports"
    )
    figures_of = {
        "report": ("report POST 扫码上报", (302, 201), 0.5, 2),
        "track": ("tracking GET 进度查询", (200, 200), 0.5, None),
        "list": ("staff list 待办列表", (200, 200), 0.3, None),
        "open311_post": ("Open311 POST 接口上报", (200, 201), 0.5, 2),
        "open311_list": ("Open311 GET requests.json", (200, 200), 0.5, None),
    }
    rows = [
        row
        for name, (label, ok, goal, p95) in figures_of.items()
        if name in runs
        for row in rows_for(label, runs[name], ok, goal, p95_goal=p95)
    ]
    print()
    print(figures(rows))
    print()
    sizes = ", ".join(
        f"{name} {sum(run['civic']['statuses'].values()):,} in chunks of {run['chunk']}"
        for name, run in runs.items()
    )
    print(
        f"Method: gunicorn --workers {WORKERS} (sync) for both servers on this machine; "
        f"{CLIENTS} client threads in {PROCS} client process(es), the busiest using up to "
        f"{clients.busiest:.0%} of one core; load average {load:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after; {vendor}, {before:,} cases and {CASES:,} bare rows."
    )
    print(
        f"Requests of each server: {sizes}, CivicGrid and bare taking turns, the order swapped "
        f"each round, after {2 * CLIENTS} warm-up requests of each. req/s: median of the "
        "chunks; ratio: median of the rounds' ratios; a figure with any unexpected status is "
        "not met."
    )
    print(
        "Baseline: bench/bare/, a Django project with no middleware and a persistent "
        "connection. Goals are informational; the bench never fails on timing."
    )
    print("基线为同机同法运行的最简 Django 项目；目标仅供参考，不因性能不达标而失败。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
