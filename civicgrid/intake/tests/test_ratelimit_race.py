"""30 simultaneous reports from one address against a limit of 10: exactly 10 get through.

Real threads, each with its own database connection, released together by a barrier. On
PostgreSQL they run here; SQLite's in-memory test database cannot take concurrent writers, so
there the same race runs in a child process on a migrated SQLite file, as in production.
"""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from civicgrid.cases.models import Case
from civicgrid.intake.tests.helpers import form_data, report_url

MANAGE = str(Path(__file__).resolve().parents[3] / "manage.py")
ATTEMPTS, LIMIT = 30, 10


def thirty_reports(city) -> list[int]:
    """The status codes of ATTEMPTS reports posted at once from one address, no phone."""
    url, barrier = report_url(city), threading.Barrier(ATTEMPTS, timeout=60)
    forms = [form_data(city, client_key=f"race-{i}", reporter_phone="") for i in range(ATTEMPTS)]
    statuses: list = []

    def attempt(data):
        try:
            client = Client(REMOTE_ADDR="10.7.7.7")
            barrier.wait()
            statuses.append(client.post(url, data).status_code)
        except Exception as exc:  # noqa: BLE001 - shown by the assertion below
            statuses.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(f,)) for f in forms]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return statuses


CHILD = f"""
from datetime import date
from django.conf import settings
from django.test.utils import setup_test_environment
from civicgrid.catalog.services import load_calendar, load_catalog
from civicgrid.demo.city import build_city
from civicgrid.intake.tests.test_ratelimit_race import thirty_reports
from civicgrid.cases.models import Case
setup_test_environment()
load_catalog()
load_calendar(range(date.today().year - 1, date.today().year + 2), provisional=True)
city = build_city(streets=1, communities_per_street=1, grids_per_community=1)
settings.CIVICGRID_RATE_REPORTS_PER_IP_HOUR = {LIMIT}
statuses = thirty_reports(city)
print(sorted(map(str, statuses)), Case.objects.count())
"""


def expected() -> str:
    return f"{sorted(['302'] * LIMIT + ['429'] * (ATTEMPTS - LIMIT))} {LIMIT}"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQLite test below")
@pytest.mark.django_db(transaction=True)
def test_it_lets_exactly_the_limit_through_of_simultaneous_reports_on_postgresql(city, settings):
    settings.CIVICGRID_RATE_REPORTS_PER_IP_HOUR = LIMIT
    statuses = thirty_reports(city)
    assert f"{sorted(map(str, statuses))} {Case.objects.count()}" == expected()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the PostgreSQL test above")
def test_it_lets_exactly_the_limit_through_of_simultaneous_reports_on_sqlite(tmp_path):
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
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == expected()
