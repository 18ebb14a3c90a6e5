"""Rate limits shared by all worker processes."""

import pytest
from django.test import RequestFactory

from civicgrid.intake.models import RateCounter
from civicgrid.intake.ratelimit import Limit, allows_all, client_ip, record_all

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


def test_it_refuses_when_any_of_several_limits_is_spent():
    per_ip, per_phone = Limit("ip", 5, 3600), Limit("phone", 1, 86400)
    record_all((per_ip, "1.2.3.4"), (per_phone, "13812345678"))
    assert not allows_all((per_ip, "1.2.3.4"), (per_phone, "13812345678"))
    assert allows_all((per_ip, "1.2.3.4"), (per_phone, "13900001111"))


def test_it_keeps_a_day_limit_for_the_whole_day():
    limit = Limit("phone", 1, 86400)
    limit.record("13812345678", now=86400 * 100 + 10)
    assert not limit.allows("13812345678", now=86400 * 100 + 80000)


def test_it_stores_no_phone_number_in_the_clear():
    Limit("phone", 5, 86400).record("13812345678")
    keys = " ".join(RateCounter.objects.values_list("key", flat=True))
    assert keys and "13812345678" not in keys


def test_it_forgets_the_counts_of_past_windows(monkeypatch):
    from civicgrid.intake import ratelimit

    limit = Limit("test", 5, 60)
    limit.record("old", now=1000.0)
    monkeypatch.setattr(ratelimit, "_pruned_at", 0.0)
    limit.record("new")
    assert list(RateCounter.objects.values_list("count", flat=True)) == [1]


def test_it_ignores_forwarded_for_unless_the_proxy_is_trusted(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 7.7.7.7"
    )
    settings.CIVICGRID_TRUST_PROXY = False
    assert client_ip(request) == "10.0.0.1"
    settings.CIVICGRID_TRUST_PROXY = True
    assert client_ip(request) == "6.6.6.6"
