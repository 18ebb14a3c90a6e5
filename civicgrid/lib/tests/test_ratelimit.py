"""Rate limits shared by all worker processes."""

import pytest
from django.core.cache import caches
from django.test import RequestFactory

from civicgrid.lib.ratelimit import Limit, client_ip

pytestmark = pytest.mark.django_db


def test_it_allows_up_to_the_limit_then_refuses():
    limit = Limit("test", 3, 60)
    for _ in range(3):
        assert limit.allows("1.2.3.4")
        limit.record("1.2.3.4")
    assert not limit.allows("1.2.3.4")
    assert limit.allows("5.6.7.8")  # another key has its own count


def test_it_starts_afresh_in_the_next_window():
    limit = Limit("test", 1, 60)
    limit.record("k", now=1000.0)
    assert not limit.allows("k", now=1010.0)
    assert limit.allows("k", now=1000.0 + 60)


def test_it_treats_zero_as_unlimited():
    limit = Limit("test", 0, 60)
    for _ in range(5):
        limit.record("k")
    assert limit.allows("k")


def test_it_stores_no_phone_number_in_the_clear():
    Limit("phone", 5, 86400).record("13812345678")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM civicgrid_cache")
        keys = " ".join(row[0] for row in cursor.fetchall())
    assert keys and "13812345678" not in keys


def test_it_counts_in_the_cache_every_worker_shares():
    assert (
        "DatabaseCache" in type(caches["shared"]).__name__
        or "Redis" in type(caches["shared"]).__name__
    )


def test_it_ignores_forwarded_for_unless_the_proxy_is_trusted(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 7.7.7.7"
    )
    settings.CIVICGRID_TRUST_PROXY = False
    assert client_ip(request) == "10.0.0.1"
    settings.CIVICGRID_TRUST_PROXY = True
    assert client_ip(request) == "6.6.6.6"
