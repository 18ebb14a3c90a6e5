"""100 simultaneous POST /api/v1/cases with one Idempotency-Key: one case, 100 equal answers.

Real threads, each with its own database connection, released together by a barrier. On
PostgreSQL they run here; SQLite's in-memory test database cannot take concurrent writers, so
there the same race runs in a child process on a migrated SQLite file, as in production.
"""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from civicgrid.cases.models import Case
from civicgrid.people import tokens

MANAGE = str(Path(__file__).resolve().parents[3] / "manage.py")
ATTEMPTS = 100


def simultaneous_creates(city, user, attempts: int = ATTEMPTS) -> str:
    """Statuses, distinct bodies and cases made by `attempts` creates sent at once, one line."""
    _, raw = tokens.issue(user, name="并发测试")
    grid = next(g for g in city.grids if g.parent_id == city.communities[0].pk)
    grid.refresh_from_db()
    body = json.dumps(
        {
            "description": "小区门口有一堆生活垃圾没人清理",
            "category": "06010",
            "lng": grid.centroid_lng,
            "lat": grid.centroid_lat,
        }
    )
    barrier = threading.Barrier(attempts, timeout=120)
    answers: list = []

    def attempt():
        try:
            client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_IDEMPOTENCY_KEY="race-1")
            barrier.wait()
            response = client.post("/api/v1/cases", body, content_type="application/json")
            answers.append((response.status_code, response.content.decode()))
        except Exception as exc:  # noqa: BLE001 - shown by the assertion below
            answers.append(("error", repr(exc)))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(attempts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    statuses = sorted({str(status) for status, _ in answers})
    bodies = len({text for _, text in answers})
    return f"{len(answers)} {statuses} {bodies} {Case.objects.filter(channel='api').count()}"


def expected(attempts: int = ATTEMPTS) -> str:
    return f"{attempts} ['201'] 1 1"


def free_connections() -> int:
    """PostgreSQL's connections still free: each thread holds one, and a shared server
    (max_connections 100, other test runs) may not have 100 to spare."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('max_connections')::int - count(*) FROM pg_stat_activity"
        )
        return cursor.fetchone()[0]


CHILD = """
from datetime import date
from django.test.utils import setup_test_environment
from civicgrid.catalog.services import load_calendar, load_catalog
from civicgrid.demo.city import build_city
from civicgrid.cases.tests.test_api_create_race import simultaneous_creates
setup_test_environment()
load_catalog()
load_calendar(range(date.today().year - 1, date.today().year + 2), provisional=True)
city = build_city(streets=1, communities_per_street=1, grids_per_community=1)
street = city.streets[0]
print(simultaneous_creates(city, city.dispatchers[street.pk]))
"""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQLite test below")
@pytest.mark.django_db(transaction=True)
def test_one_key_sent_at_once_makes_one_case_on_postgresql(city, people):
    attempts = min(ATTEMPTS, free_connections() - 10)  # room for the others
    assert attempts >= 20, "too few free PostgreSQL connections for a meaningful race"
    assert simultaneous_creates(city, people.dispatcher, attempts) == expected(attempts)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the PostgreSQL test above")
def test_one_key_sent_at_once_makes_one_case_on_sqlite(tmp_path):
    env = {
        **os.environ,
        "CIVICGRID_VAR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }
    for command in (["migrate"], ["createcachetable"], ["shell", "-c", CHILD]):
        done = subprocess.run(
            [sys.executable, MANAGE, *command, "-v", "0"],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == expected()
