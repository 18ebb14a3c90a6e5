"""Instructions per Open311 POST against the bare insert view, counted by callgrind.

`.venv/bin/python bench/bench_instructions.py` (also part of `make bench`). Wall-clock and
CPU-time figures move with whatever else runs on a shared two-core machine; the number of
instructions a request executes does not, so this is the figure to compare two versions of
the write path by. Each side runs in its own process under `valgrind --tool=callgrind` with
instrumentation off until its warm-up is done: the Django test client POSTs the Open311 form
of bench_http.py (api_key, service_code, point, description, address, one attribute, a fresh
Idempotency-Key) to CivicGrid on the demo city plus BENCH_INSTR_CASES cases in SQLite, and
the same form fields to the bare project's insert view; then BENCH_INSTR_REQUESTS requests are
counted. No HTTP server is involved (bench_http.py measures that). Needs valgrind (Debian:
`apt-get install valgrind`); without it the bench says so and exits 0, as it does whatever
the figures are.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
REQUESTS = int(os.environ.get("BENCH_INSTR_REQUESTS", "100"))
CASES = int(os.environ.get("BENCH_INSTR_CASES", "2000"))
WARMUP = 30
GOAL = 2.0  # 0.5x the bare view's requests/s is about twice its work per request


def civicgrid_side(var_dir: str) -> None:
    """In the child: the demo city, warm-up, then REQUESTS counted Open311 POSTs."""
    sys.path[:0] = [str(ROOT), str(BENCH)]
    os.environ["BENCH_HTTP_CASES"] = str(CASES)
    os.environ.update(RATE_REPORTS_PER_IP_HOUR="0", RATE_REPORTS_PER_PHONE_DAY="0")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    from run import setup_django

    setup_django(var_dir)
    import bench_http

    _community, (lng, lat), _category, api_key = bench_http.build_database()
    form = {
        "api_key": api_key,
        "service_code": "matter-06010",
        "lat": f"{lat:.6f}",
        "long": f"{lng:.6f}",
        "description": "路边有人乱扔垃圾，请来清理",
        "address_string": "西津路 12 号门口",
        "attribute[size]": "bag",
    }
    counted(form, "/open311/v2/requests.json", (200, 201))


def bare_side(var_dir: str) -> None:
    """In the child: the bare project's table, warm-up, then REQUESTS counted inserts."""
    sys.path.insert(0, str(BENCH))
    # CIVICGRID_VAR: reading CivicGrid's settings below makes its data folders; not in var/.
    os.environ.update(
        BARE_VAR=var_dir, CIVICGRID_VAR=var_dir, DJANGO_SETTINGS_MODULE="bare.settings"
    )
    sys.path.insert(0, str(ROOT))
    from civicgrid import settings as civic  # the same SQLite options as CivicGrid

    os.environ["BARE_DB_OPTIONS"] = json.dumps(
        civic.DATABASES["default"].get("OPTIONS", {}), default=str
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", run_syncdb=True, verbosity=0)
    settings.ALLOWED_HOSTS = ["testserver"]
    form = {
        "category": "1",
        "description": "路边有人乱扔垃圾，请来清理",
        "address": "西津路 12 号门口",
        "lng": "114.930000",
        "lat": "25.830000",
    }
    counted(form, "/insert/", (201,))


def counted(form: dict, path: str, ok: tuple) -> None:
    """Warm up, then switch callgrind's counting on for exactly REQUESTS requests."""
    import uuid
    from urllib.parse import urlencode

    from django.test import Client

    client = Client()

    def post():
        body = urlencode({**form, "client_key": uuid.uuid4().hex})
        answer = client.post(
            path,
            body,
            content_type="application/x-www-form-urlencoded",
            HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex,
        )
        assert answer.status_code in ok, (answer.status_code, answer.content[:300])

    for _ in range(WARMUP):
        post()
    toggle = ["callgrind_control", "-i"]
    subprocess.run([*toggle, "on", str(os.getpid())], check=True, capture_output=True)
    for _ in range(REQUESTS):
        post()
    subprocess.run([*toggle, "off", str(os.getpid())], check=True, capture_output=True)


def count(side: str) -> int:
    """Instructions per request of one side, from a child process under callgrind."""
    with tempfile.TemporaryDirectory(prefix=f"civicgrid-bench-instr-{side}-") as var_dir:
        out = Path(var_dir) / "callgrind.out"
        command = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={out}",
            sys.executable,
            __file__,
            side,
            var_dir,
        ]
        run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        found = re.search(r"Collected : (\d+)", run.stderr)
        if run.returncode != 0 or not found:
            sys.exit(f"bench_instructions: the {side} side failed:\n{run.stderr[-2000:]}")
        return int(found.group(1)) // REQUESTS


def main() -> int:
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        print("bench_instructions: valgrind is not installed (apt-get install valgrind): skipped")
        return 0
    civic, bare = count("civicgrid"), count("bare")
    print(f"instructions per request, {REQUESTS} requests each, in-process (callgrind)")
    print(f"  Open311 POST (CivicGrid)        {civic:>12,}")
    print(f"  bare insert view (baseline)     {bare:>12,}")
    ratio = civic / bare
    met = "yes 是" if ratio <= GOAL else "no 否"
    print(f"  ratio {ratio:.2f}x the bare view (goal <= {GOAL:.1f}x, about 0.5x its rate): {met}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3:
        {"civicgrid": civicgrid_side, "bare": bare_side}[sys.argv[1]](sys.argv[2])
    else:
        sys.exit(main())
