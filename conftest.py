"""The shared test city: reference data once per session, named personas over a small city."""

import os
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connections

from civicgrid.areas.models import Area
from civicgrid.lib import cached
from civicgrid.lib.chromium import CHROMIUM_ARGS, chromium_path


@pytest.fixture(autouse=True)
def _media_root(tmp_path_factory, settings):  # noqa: F811 - the pytest-django fixture
    settings.MEDIA_ROOT = str(tmp_path_factory.getbasetemp() / "media")


@pytest.fixture(autouse=True)
def _public_url(settings):
    # Production sets PUBLIC_URL; tests of the unset case clear it themselves.
    settings.CIVICGRID_PUBLIC_URL = "http://testserver"


@pytest.fixture
def browser():
    """A real headless Chromium (Debian's, driven by Playwright, no downloads); skipped on a
    developer machine without it, an error in CI."""
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI 环境缺少 chromium（.ci/run 应已安装 Debian 的 chromium 包）")
        pytest.skip("未安装 chromium：apt-get install chromium fonts-noto-cjk 后可运行浏览器测试")
    # Playwright's sync API runs an event loop in this thread; Django must still allow ORM calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _build():
    from civicgrid.cases.services import load_response_templates
    from civicgrid.catalog.services import load_calendar, load_catalog
    from civicgrid.demo.city import build_city

    load_catalog()
    load_response_templates()
    load_calendar(range(2024, 2029), provisional=True)
    return build_city(streets=2, communities_per_street=2, grids_per_community=2)


_state = {}

# One process: its own changes drop its caches at once, so the shared version check (one query
# a second) would only add noise to query budgets. catalog/tests/test_reference_caches.py runs
# real processes that do check.
cached.CHECK_EVERY = None

# Live-server request threads must not keep connections open past a test: PostgreSQL refuses
# to drop the test database while any session is still attached.
for _conn in connections.all():
    _conn.settings_dict["CONN_MAX_AGE"] = 0


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock():
        _state["city"] = _build()


@pytest.fixture
def city(db, django_db_blocker):
    """The small city; rebuilt if a transactional test flushed the database."""
    if not Area.objects.filter(pk=_state["city"].county.pk).exists():
        _state["city"] = _build()
    return _state["city"]


@pytest.fixture
def people(city):
    """Named personas: one of each role, plus outsiders with no business in the first street."""
    from django.contrib.auth import get_user_model

    first, second = city.communities[0], city.communities[-1]
    street = city.streets[0]
    outsider = get_user_model().objects.get_or_create(username="outsider")[0]
    return SimpleNamespace(
        resident=None,
        grid_worker=city.grid_workers[first.pk],
        station_head=city.heads[first.pk],
        dispatcher=city.dispatchers[street.pk],
        handler=city.handlers["sanitation"][0],
        other_handler=city.handlers["water"][0],
        leader=city.users["leader"],
        neighbour=city.grid_workers[second.pk],
        outsider=outsider,
    )
