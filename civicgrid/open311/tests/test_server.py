"""Open311 against a real server: gunicorn with two workers on its own database (SQLite
always; PostgreSQL too when the suite runs on it).

- an independent Open311 client library from PyPI (`georeport`) reads services, definitions
  and requests in JSON and in XML;
- 100 identical simultaneous creates with one Idempotency-Key make one case, and every one of
  them gets the same answer;
- a kill -9 of the whole server during a POST load, clients retrying every unanswered request
  with its own key: no acknowledged report lost, none duplicated.
"""

import http.client
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

from civicgrid.open311.tests.helpers import GARBAGE, valid

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
JURISDICTION = "civicgrid.test"
SETUP = """
from datetime import date
from django.core.management import call_command
from civicgrid.catalog.services import load_calendar, load_catalog
from civicgrid.demo.city import build_city
from civicgrid.open311.services import load_attributes
from civicgrid.people import tokens
call_command("migrate", verbosity=0)
call_command("createcachetable", verbosity=0)
load_catalog()
load_attributes()
load_calendar(range(date.today().year - 1, date.today().year + 2), provisional=True)
city = build_city(streets=1, communities_per_street=1, grids_per_community=1)
grid = city.grids[0]
grid.refresh_from_db()
raw = tokens.issue(city.grid_workers[grid.parent_id], name="Open311 test")[1]
print(grid.centroid_lng, grid.centroid_lat, raw)
"""


def _postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgres") else ""


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(request, tmp_path_factory):
    """A migrated database with a small city, a token, and a server's environment."""
    var = tmp_path_factory.mktemp("var")
    env = {
        **os.environ,
        "CIVICGRID_VAR": str(var),
        "DJANGO_SETTINGS_MODULE": "civicgrid.settings",
        "OPEN311_JURISDICTION": JURISDICTION,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
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

        name = f"civicgrid_o311_{uuid.uuid4().hex[:8]}"
        admin = psycopg.connect(base.rsplit("/", 1)[0] + "/postgres", autocommit=True)
        admin.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = base.rsplit("/", 1)[0] + "/" + name
        drop = (admin, name)
    run = subprocess.run(
        [sys.executable, MANAGE, "shell", "-c", SETUP],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    lng, lat, raw = run.stdout.split()[-3:]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    yield {"env": env, "kind": request.param, "lng": lng, "lat": lat, "key": raw, "port": port}
    if drop:
        admin, name = drop
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


class Server:
    """gunicorn in a session of its own, so one kill -9 reaches the master and its workers."""

    def __init__(self, site, workers: int = 2):
        self.site, self.workers, self.proc = site, workers, None

    def start(self):
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        args = [gunicorn, "civicgrid.wsgi", "-w", str(self.workers)]
        args += ["-b", f"127.0.0.1:{self.site['port']}", "--log-level", "critical"]
        self.proc = subprocess.Popen(
            args, cwd=settings.BASE_DIR, env=self.site["env"], start_new_session=True
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if get(self.site, "/open311/v2/services.json")[0] == 200:
                return self
            time.sleep(0.2)
        raise AssertionError("gunicorn did not answer")

    def kill(self):
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=15)


@pytest.fixture
def server(site):
    running = Server(site).start()
    yield running
    running.stop()


def url(site, path: str) -> str:
    return f"http://127.0.0.1:{site['port']}{path}"


def get(site, path: str):
    try:
        with urllib.request.urlopen(url(site, path), timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except (OSError, http.client.HTTPException):
        # Refused, reset, or cut off mid-answer (IncompleteRead) by the kill: not acknowledged.
        return None, b""


def post(site, form: dict, key: str, timeout: float = 30):
    """(status, body) of one POST; (None, b"") when the connection failed or broke."""
    request = urllib.request.Request(
        url(site, "/open311/v2/requests.json"),
        data=urllib.parse.urlencode(form).encode(),
        headers={"Idempotency-Key": key},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except (OSError, http.client.HTTPException):
        # Refused, reset, or cut off mid-answer (IncompleteRead) by the kill: not acknowledged.
        return None, b""


def form(site, text: str = "路边有一堆生活垃圾没人清理") -> dict:
    return {
        "api_key": site["key"],
        "jurisdiction_id": JURISDICTION,
        "service_code": GARBAGE,
        "lat": site["lat"],
        "long": site["lng"],
        "description": text,
        "attribute[size]": "bag",
    }


def requests_by_id(site, ids: list[str]) -> list[dict]:
    import json

    found = []
    for first in range(0, len(ids), 200):
        chunk = ",".join(ids[first : first + 200])
        status, body = get(
            site, f"/open311/v2/requests.json?extensions=true&service_request_id={chunk}"
        )
        assert status == 200, body
        found += json.loads(body)
    return found


def test_an_independent_client_library_reads_every_resource(site, server):
    from georeport import GeoReport

    root = url(site, "/open311/v2")
    made = post(site, form(site), key=uuid.uuid4().hex)
    assert made[0] == 200, made
    import json

    code = json.loads(made[1])[0]["service_request_id"]
    for output in ("json", "xml"):
        client = GeoReport(root, jurisdiction=JURISDICTION, output_format=output)
        services = client.get_service_list()
        assert GARBAGE in {s["service_code"] for s in services}
        definition = client.get_service_definition(GARBAGE)
        attributes = definition["attributes"]
        if output == "xml":  # xmltodict: one child is a dict, several a list
            attributes = attributes["attribute"]
            attributes = attributes if isinstance(attributes, list) else [attributes]
        assert "size" in {a["code"] for a in attributes}
        one = client.get_service_request(code)
        assert one["service_request_id"] == code and one["status"] == "open"
        listed = client.get_service_requests(service_code=GARBAGE, status="open")
        listed = listed if isinstance(listed, list) else [listed]
        assert code in {r["service_request_id"] for r in listed}
        if output == "json":
            valid("services", services)
            valid("service_definition", definition)
            valid("requests", listed)


def test_100_identical_simultaneous_creates_with_one_key_make_one_case(site):
    server = Server(site, workers=4).start()
    try:
        key, body = f"same-{uuid.uuid4().hex}", form(site, "同一请求同时提交一百次")
        barrier = threading.Barrier(100, timeout=60)
        answers: list = []
        lock = threading.Lock()

        def attempt():
            barrier.wait()
            got = post(site, body, key, timeout=120)
            with lock:
                answers.append(got)

        threads = [threading.Thread(target=attempt) for _ in range(100)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=180)
        assert len(answers) == 100
        assert {status for status, _ in answers} == {200}, answers[:3]
        assert len({body for _, body in answers}) == 1  # every retry answers as the first
        status, tokens = get(site, f"/open311/v2/tokens/{key}.json")
        assert status == 200 and len(__import__("json").loads(tokens)) == 1
    finally:
        server.stop()


def test_a_kill_9_of_the_server_under_load_loses_and_duplicates_nothing(site):
    import json

    server = Server(site).start()
    clients, per_client = 6, 15
    keys = [
        [f"k9-{c}-{i}-{uuid.uuid4().hex[:8]}" for i in range(per_client)] for c in range(clients)
    ]
    acknowledged: dict[str, str] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + 120

    def client(mine):
        for key in mine:
            body = form(site, f"批量上报测试 {key}")
            while time.monotonic() < stop_at:
                status, answer = post(site, body, key, timeout=10)
                if status == 200:
                    with lock:
                        acknowledged[key] = json.loads(answer)[0]["service_request_id"]
                    break
                assert status is None, (status, answer)  # only a dead server is retried
                time.sleep(0.2)

    threads = [threading.Thread(target=client, args=(k,)) for k in keys]
    try:
        for t in threads:
            t.start()
        while len(acknowledged) < clients * per_client // 3 and time.monotonic() < stop_at:
            time.sleep(0.01)
        server.kill()  # master and workers at once, requests in flight
        killed_after = len(acknowledged)
        time.sleep(0.5)
        server.start()
        for t in threads:
            t.join(timeout=150)
    finally:
        server.stop()
    server.start()
    try:
        everything = [k for mine in keys for k in mine]
        assert 0 < killed_after < len(everything)
        assert set(acknowledged) == set(everything)  # every client got its answer in the end
        found = requests_by_id(site, sorted(set(acknowledged.values())))
        assert {r["service_request_id"] for r in found} == set(acknowledged.values())
        status, body = get(site, "/open311/v2/requests.json?extensions=true&page_size=1000")
        ours = [r for r in json.loads(body) if r["description"].startswith("批量上报测试 k9-")]
        assert len(ours) == len(everything)  # one case per key: none lost, none twice
        assert len({r["service_request_id"] for r in ours}) == len(everything)
    finally:
        server.stop()
