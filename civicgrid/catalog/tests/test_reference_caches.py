"""An edit or a reload in one process reaches the cached limits of every other within a second.

Real processes on one SQLite file: a reader that keeps asking for a time limit (as a web worker
does) and a writer that edits the row (as admin does) or reloads the catalog by command.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

MANAGE = str(Path(__file__).resolve().parents[3] / "manage.py")
READER = """
import sys, time
from civicgrid.catalog.timelimits import limit_for
last, deadline = None, time.monotonic() + 30
while time.monotonic() < deadline:
    value = limit_for(None, "normal", "accept")
    if value != last:
        print(value[0], flush=True)
        if last is not None:
            break
        last = value
    time.sleep(0.02)
"""
SILENT_EDIT = (
    "from civicgrid.catalog.models import TimeLimit;"
    "TimeLimit.objects.filter(category=None, urgency='normal', stage='accept').update(amount={})"
)
ADMIN_EDIT = (
    "from civicgrid.catalog.models import TimeLimit;"
    "row = TimeLimit.objects.get(category=None, urgency='normal', stage='accept');"
    "row.amount = {}; row.save()"
)


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """A migrated SQLite file with the catalog, and the environment that points at it."""
    var = tmp_path_factory.mktemp("var")
    env = {**os.environ, "CIVICGRID_VAR": str(var), "DATABASE_URL": f"sqlite:///{var}/db.sqlite3"}
    setup = "from django.core.management import call_command as c;"
    setup += "c('migrate', verbosity=0); c('createcachetable'); c('load_catalog')"
    run(env, "shell", "-c", setup)
    return env


def run(env, *args):
    subprocess.run([sys.executable, MANAGE, *args], env=env, check=True, capture_output=True)


def reader(env):
    """A process caching the default accept limit; its first line is the value it holds."""
    proc = subprocess.Popen(
        [sys.executable, MANAGE, "shell", "-v", "0", "-c", READER],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    return proc, int(proc.stdout.readline())


def seconds_until_seen(proc) -> tuple[int, float]:
    """The next value the reader prints, and how long after now it printed it."""
    started = time.monotonic()
    value = int(proc.stdout.readline())
    proc.wait(timeout=5)
    return value, time.monotonic() - started


def test_it_shows_an_admin_edit_to_another_running_process_within_a_second(env):
    proc, before = reader(env)
    run(env, "shell", "-c", ADMIN_EDIT.format(before + 5))
    value, lag = seconds_until_seen(proc)
    # One second between version checks, plus a loaded 2-core machine's slack.
    assert value == before + 5 and lag < 2.0


def test_it_shows_a_catalog_reload_to_another_running_process_within_a_second(env):
    run(env, "shell", "-c", SILENT_EDIT.format(77))  # drift the table away from the file
    proc, before = reader(env)
    assert before == 77
    run(env, "load_catalog")  # puts the file's 2 working hours back
    value, lag = seconds_until_seen(proc)
    assert value == 2 and lag < 2.0
