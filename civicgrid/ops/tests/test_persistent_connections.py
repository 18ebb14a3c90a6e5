"""Web workers keep their database connection across requests, and that stays safe.

A real gunicorn worker on its own database (SQLite always; PostgreSQL too when the suite runs
on it): the worker holds one connection from request to request, still sees what other
processes commit, and a worker killed with SIGKILL (mid-write too) leaves a database its
successor serves from at once.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
TOKEN = "abcdefghijklmnopqrstuvwxyzABCDEF"  # any 32 letters make a valid CSRF secret
SETUP = """
from datetime import date
from django.core.management import call_command
from civicgrid.catalog.services import load_calendar, load_catalog
from civicgrid.demo.city import build_city
call_command("migrate", verbosity=0)
call_command("createcachetable", verbosity=0)
load_catalog()
load_calendar(range(2025, date.today().year + 2), provisional=True)
grid = build_city(streets=1, communities_per_street=1, grids_per_community=1).grids[0]
grid.refresh_from_db()
print(grid.parent.code, grid.centroid_lng, grid.centroid_lat)
"""
NEW_CASE = (
    "from django.utils import timezone; from civicgrid.cases.models import Case;"
    "print(Case.objects.create(channel='qr', description='别的进程写入的案件', area_path='x/',"
    " reported_at=timezone.now(), status='reported').code)"
)


def _postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgres") else ""


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(request, tmp_path_factory):
    """A migrated database with a small city, and the environment a server on it runs with."""
    var = tmp_path_factory.mktemp("var")
    env = {
        **os.environ,
        "CIVICGRID_VAR": str(var),
        "DJANGO_SETTINGS_MODULE": "civicgrid.settings",
        "RATE_REPORTS_PER_IP_HOUR": "0",
        "RATE_REPORTS_PER_PHONE_DAY": "0",
    }
    env.pop("REDIS_URL", None)
    drop = None
    if request.param == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{var}/db.sqlite3"
    else:
        base = _postgres_url()
        if not base:
            pytest.skip("the suite runs on SQLite: no PostgreSQL server to try")
        import psycopg

        name = f"civicgrid_conn_{uuid.uuid4().hex[:8]}"
        admin = psycopg.connect(base.rsplit("/", 1)[0] + "/postgres", autocommit=True)
        admin.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = base.rsplit("/", 1)[0] + "/" + name
        drop = (admin, name)
    out = manage(env, "shell", "-c", SETUP)
    community, lng, lat = out.split()
    yield {"env": env, "kind": request.param, "community": community, "lng": lng, "lat": lat}
    if drop:
        admin, name = drop
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def manage(env, *args) -> str:
    run = subprocess.run(
        [sys.executable, MANAGE, *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""


@pytest.fixture
def server(site):
    """gunicorn with one worker on the site's database; yields its port and master pid."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    args = [gunicorn, "civicgrid.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}"]
    args += ["--log-level", "error"]
    proc = subprocess.Popen(args, cwd=settings.BASE_DIR, env=site["env"])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and status(port, "/t/") is None:
        time.sleep(0.2)
    yield {"port": port, "pid": proc.pid}
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=15)


def status(port: int, path: str, data: dict | None = None) -> int | None:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body)
    request.add_header("Cookie", f"csrftoken={TOKEN}")

    class Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None  # the 302 after a report is the answer, not a page to follow

    try:
        return urllib.request.build_opener(Stay).open(request, timeout=30).status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return None


def worker_pid(master: int) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise AssertionError("gunicorn started no worker")


def connections_of(site, pid: int) -> set:
    """What identifies the worker's open database connections: the descriptors it holds on
    the SQLite file, or its PostgreSQL backends (the server's process ids)."""
    if site["kind"] == "sqlite":
        db = Path(site["env"]["DATABASE_URL"].removeprefix("sqlite:///")).resolve()
        held = set()
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                if fd.resolve() == db:
                    held.add(fd.name)
            except OSError:
                pass
        return held
    import psycopg

    name = site["env"]["DATABASE_URL"].rsplit("/", 1)[1]
    with psycopg.connect(site["env"]["DATABASE_URL"]) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return {row[0] for row in rows}


def report(site) -> dict:
    return {
        "description": "路边有人乱扔垃圾，请来清理",
        "address": "西津路 12 号门口",
        "lng": site["lng"],
        "lat": site["lat"],
        "privacy": "on",
        "csrfmiddlewaretoken": TOKEN,
        "client_key": uuid.uuid4().hex,
    }


def test_it_keeps_one_connection_across_requests_and_sees_other_processes_writes(site, server):
    port, pid = server["port"], worker_pid(server["pid"])
    assert status(port, "/t/") == 302
    held = connections_of(site, pid)
    assert len(held) == 1  # open after the request ended: kept for the next one
    code = manage(site["env"], "shell", "-c", NEW_CASE)  # another process commits a case
    assert status(port, f"/t/{code}/") == 200  # the kept connection reads it at once
    assert status(port, f"/c/{site['community']}/report/", report(site)) == 302
    assert connections_of(site, pid) == held  # the same connection, not a new one


def test_a_worker_killed_mid_write_leaves_a_database_its_successor_serves(site, server):
    port, first = server["port"], worker_pid(server["pid"])
    path = f"/c/{site['community']}/report/"
    answers: list = []
    burst = threading.Thread(
        target=lambda: answers.extend(status(port, path, report(site)) for _ in range(40))
    )
    burst.start()
    time.sleep(0.3)  # reports are being written
    os.kill(first, signal.SIGKILL)
    burst.join()
    second = worker_pid(server["pid"])
    deadline = time.monotonic() + 30
    while second == first and time.monotonic() < deadline:
        time.sleep(0.1)
        second = worker_pid(server["pid"])
    assert second != first and 302 in answers
    # No lock or half transaction outlives the killed worker: its successor writes at once.
    assert [status(port, path, report(site)) for _ in range(3)] == [302, 302, 302]
    if site["kind"] == "sqlite":
        check = "from django.db import connection; c = connection.cursor();"
        check += "print(c.execute('PRAGMA integrity_check').fetchone()[0])"
        assert manage(site["env"], "shell", "-c", check) == "ok"


def test_a_connection_the_server_dropped_is_replaced_not_an_error(site, server):
    if site["kind"] != "postgresql":
        pytest.skip("SQLite has no server to drop a connection")
    import psycopg

    port, pid = server["port"], worker_pid(server["pid"])
    assert status(port, "/t/") == 302
    (backend,) = connections_of(site, pid)
    with psycopg.connect(site["env"]["DATABASE_URL"], autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(%s)", [backend])
    assert status(port, f"/c/{site['community']}/report/", report(site)) == 302
    assert connections_of(site, pid) not in ({backend}, set())
