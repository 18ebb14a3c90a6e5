"""Resident report submissions per second over HTTP: `make bench` runs it after bench/run.py.

gunicorn with 2 sync workers serves the app on SQLite (a throwaway CIVICGRID_VAR, as in
bench/run.py). THREADS client threads POST the QR report form (multipart, CSRF token, a fresh
client_key each, no photos, rate limits off) and as many POSTs to a view inside the same stack
that does one `Case.objects.create()` (bench/wsgi_bench.py): REQUESTS of each in all, shared
by the threads, in alternating chunks of CHUNK so a busy neighbour slows both alike. The figure
is reports/s beside bare inserts/s (the median of the chunks' ratios) with p50 / p95 / p99
latency; the goal is at least half. That baseline pays for the whole CivicGrid middleware
stack, so it is not a bare Django view (issue 17). Timing never fails the run (exit 0).
"""

import http.client
import os
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

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))

from run import setup_django  # noqa: E402 - bench/run.py, the shared helpers
from table import figures, yes_no  # noqa: E402

REQUESTS = 250  # of each kind, in all (not per thread)
CHUNK = 50  # requests of one kind before switching to the other
WARMUP = 20
THREADS = 4
WORKERS = 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_database():
    """Migrate, load reference data and a small demo city; return the report URL and a point."""
    from django.core.management import call_command

    from civicgrid.catalog.models import Category
    from civicgrid.catalog.services import load_calendar, load_catalog
    from civicgrid.demo.city import build_city

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    load_catalog()
    load_calendar(range(2025, date.today().year + 2), provisional=True)
    city = build_city(streets=2, communities_per_street=2, grids_per_community=2)
    grid = city.grids[0]
    grid.refresh_from_db()
    category = Category.objects.get(kind="matter", code="06010")
    return grid.parent.code, (grid.centroid_lng, grid.centroid_lat), category.pk


def start_server(env: dict, port: int) -> subprocess.Popen:
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
        "wsgi_bench:application",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def multipart(fields: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    parts.append(f"--{boundary}--\r\n")
    return "".join(parts).encode(), f"multipart/form-data; boundary={boundary}"


class Client:
    """One thread's HTTP client: a CSRF cookie from the report page, then POSTs."""

    def __init__(self, port: int, report_path: str):
        self.port, self.report_path = port, report_path
        status, headers, _ = self.request("GET", report_path)
        cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", ""))
        assert status == 200 and cookie, f"report page: HTTP {status}"
        self.token = cookie.group(1)

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def report(self, fields: dict) -> int:
        fields = {**fields, "csrfmiddlewaretoken": self.token, "client_key": uuid.uuid4().hex}
        body, content_type = multipart(fields)
        headers = {"Content-Type": content_type, "Cookie": f"csrftoken={self.token}"}
        status, _, page = self.request("POST", self.report_path, body, headers)
        if status != 302 and not getattr(Client, "shown", False):
            Client.shown = True
            errors = re.findall(r'<ul class="errorlist[^>]*>(.*?)</ul>', page.decode(), re.S)
            print(f"report refused, HTTP {status}: {errors}")
        return status

    def bare(self) -> int:
        return self.request("POST", "/bench/bare-insert/", b"", {"Content-Length": "0"})[0]


def fire(clients, count: int, call, statuses=None, took=None) -> float:
    """Requests/s of `call(client, i)` spread over the clients' threads; counts each status
    into `statuses` and each request's seconds into `took`."""
    statuses = {} if statuses is None else statuses
    took = [] if took is None else took
    lock = threading.Lock()
    share = [range(k, count, len(clients)) for k in range(len(clients))]

    def work(client, indices):
        for i in indices:
            started = time.perf_counter()
            status = call(client, i)
            seconds = time.perf_counter() - started
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                took.append(seconds)

    threads = [
        threading.Thread(target=work, args=pair) for pair in zip(clients, share, strict=True)
    ]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return count / (time.perf_counter() - started)


def alternate(clients, calls: dict) -> dict:
    """REQUESTS of each call in chunks of CHUNK, the kinds taking turns (order swapped each
    round); per kind the chunks' rates, statuses and latencies."""
    out = {name: {"rates": [], "statuses": {}, "took": []} for name in calls}
    names = list(calls)
    for r in range(REQUESTS // CHUNK):
        for name in names if r % 2 == 0 else reversed(names):
            kind = out[name]
            kind["rates"].append(fire(clients, CHUNK, calls[name], kind["statuses"], kind["took"]))
    return out


def ms(samples, share) -> float:
    ordered = sorted(samples)
    return 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="civicgrid-bench-http-") as var_dir:
        setup_django(var_dir)
        started = time.perf_counter()
        community, (lng, lat), category = build_database()
        from django.db import connections

        connections.close_all()
        print(f"setup 准备: small city in {time.perf_counter() - started:.1f} s")

        env = {
            **os.environ,
            "CIVICGRID_VAR": var_dir,
            "MEDIA_ROOT": str(Path(var_dir) / "media"),
            "DJANGO_SETTINGS_MODULE": "civicgrid.settings",
            "RATE_REPORTS_PER_IP_HOUR": "0",  # 0 = unlimited: one client fires them all
            "RATE_REPORTS_PER_PHONE_DAY": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
        env.pop("REDIS_URL", None)
        port = free_port()
        server = start_server(env, port)
        try:
            path = f"/c/{community}/report/"
            clients = [Client(port, path) for _ in range(THREADS)]
            fields = {
                "category": category,
                "description": "路边有人乱扔垃圾，请来清理",
                "address": "西津路 12 号门口",
                "lng": f"{lng:.6f}",
                "lat": f"{lat:.6f}",
                "reporter_phone": "13812345678",
                "privacy": "on",
            }

            def report(client, i):
                return client.report(fields)

            def bare(client, i):
                return client.bare()

            fire(clients, WARMUP, report)
            fire(clients, WARMUP, bare)
            runs = alternate(clients, {"report": report, "bare": bare})
        finally:
            server.terminate()
            server.wait(timeout=10)

        from civicgrid.cases.models import Case

        made = Case.objects.exclude(description__endswith="（基线）").count()
        connections.close_all()

    rep, base = runs["report"], runs["bare"]
    ratios = [a / b for a, b in zip(rep["rates"], base["rates"], strict=True)]
    ratio = statistics.median(ratios)
    report_status, bare_status = rep["statuses"], base["statuses"]
    print(
        f"HTTP statuses 状态码: report {report_status} (302 = filed), bare {bare_status}; "
        f"{made} reported cases in the database; ratio per chunk "
        f"{min(ratios):.2f}x-{max(ratios):.2f}x"
    )
    ok = report_status == {302: REQUESTS} and bare_status == {200: REQUESTS}
    rows = [
        (
            "reports/s over HTTP 扫码上报",
            f"{statistics.median(rep['rates']):,.0f}",
            f"{statistics.median(base['rates']):,.0f}",
            f"{ratio:.2f}x",
            ">= 0.5x bare",
            yes_no(ratio >= 0.5 and ok),
        ),
        *(
            (
                f"{label} ms 延迟",
                f"{ms(rep['took'], share):.0f}",
                f"{ms(base['took'], share):.0f}",
                f"{ms(rep['took'], share) / ms(base['took'], share):.2f}x",
                "-",
                "-",
            )
            for label, share in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))
        ),
    ]
    print()
    print(figures(rows))
    print()
    print(
        f"gunicorn -w {WORKERS}, SQLite, {THREADS} client threads sharing {REQUESTS} POSTs of "
        f"each kind, in alternating chunks of {CHUNK}; baseline: a Case.objects.create() view "
        "in the same server, stack and run (not a bare Django project). "
        "Goals are informational; the bench never fails on timing."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
