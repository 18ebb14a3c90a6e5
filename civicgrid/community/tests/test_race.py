"""Two (or ten) sign-ups for the last seat at once: exactly one gets it, the rest wait.

Real threads with their own connections, released together. On PostgreSQL they run here
(SELECT ... FOR UPDATE on the event row); SQLite's in-memory test database cannot take
concurrent writers, so there the race runs in a child process on a migrated SQLite file, as
in production (BEGIN IMMEDIATE queues the writers).
"""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection

from civicgrid.community import signups
from civicgrid.community.models import Event

MANAGE = str(Path(__file__).resolve().parents[3] / "manage.py")
RACERS = 10


def last_seat_race(event_pk: int, racers: int = RACERS) -> str:
    """'<confirmed> <waiting> <errors>' after `racers` sign-ups at once for one free seat."""
    barrier = threading.Barrier(racers, timeout=60)
    errors: list[str] = []

    def attempt(i):
        try:
            event = Event.objects.get(pk=event_pk)
            barrier.wait()
            signups.sign_up(event=event, name=f"居民{i}", phone=f"1370000{i:04d}")
        except Exception as exc:  # noqa: BLE001 - shown by the assertion
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(racers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    event = Event.objects.get(pk=event_pk)
    waiting = signups.waiting(event).count()
    return f"{signups.confirmed_count(event)} {waiting} {errors}"


def expected(racers: int = RACERS) -> str:
    return f"2 {racers - 1} []"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQLite test below")
@pytest.mark.django_db(transaction=True)
def test_the_last_seat_goes_to_one_on_postgresql(city):
    from civicgrid.community.tests.helpers import life_event

    event = life_event(city.communities[0], capacity=2)
    signups.sign_up(event=event, name="先到", phone="13600000000")
    assert last_seat_race(event.pk) == expected()


CHILD = """
from django.test.utils import setup_test_environment
from civicgrid.areas.models import Area
from civicgrid.community import signups
from civicgrid.community.tests.helpers import life_event
from civicgrid.community.tests.test_race import last_seat_race
setup_test_environment()
community = Area.objects.create(code="c1", name="测试社区", level=3, path="/c1/")
event = life_event(community, capacity=2)
signups.sign_up(event=event, name="先到", phone="13600000000")
print(last_seat_race(event.pk))
"""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the PostgreSQL test above")
def test_the_last_seat_goes_to_one_on_sqlite(tmp_path):
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
