"""Rate limits shared by all worker processes."""

import pytest
from django.test import RequestFactory

from civicgrid.intake.models import RateCounter
from civicgrid.intake.ratelimit import Limit, client_ip, give_back, take

pytestmark = pytest.mark.django_db


def test_it_allows_up_to_the_limit_then_refuses():
    limit = Limit("test", 3, 60)
    for _ in range(3):
        assert take((limit, "1.2.3.4")) is None
    assert take((limit, "1.2.3.4")) is not None
    assert take((limit, "5.6.7.8")) is None  # another key has its own count


def test_it_says_how_long_until_a_spent_key_frees(settings):
    limit = Limit("test", 2, 600)
    take((limit, "k"), now=1000.0)
    take((limit, "k"), now=1100.0)  # takes the last slot: the window restarts from here
    refusal = take((limit, "k"), now=1250.0)
    assert refusal is not None and refusal.retry_after == 1100 + 600 - 1250
    assert refusal.minutes == 8


def test_a_spent_key_waits_a_full_window_from_its_last_slot():
    limit = Limit("test", 1, 60)
    assert take((limit, "k"), now=1000.0) is None
    assert take((limit, "k"), now=1059.0) is not None
    assert take((limit, "k"), now=1060.0) is None


def test_refused_attempts_do_not_push_the_window():
    limit = Limit("test", 1, 60)
    take((limit, "k"), now=1000.0)
    for t in range(1001, 1060, 5):
        assert take((limit, "k"), now=float(t)) is not None
    assert take((limit, "k"), now=1060.0) is None


def test_it_treats_zero_as_unlimited():
    limit = Limit("test", 0, 60)
    for _ in range(5):
        assert take((limit, "k")) is None
    assert not RateCounter.objects.exists()


def test_a_refusal_by_one_limit_takes_no_slot_of_the_others():
    per_ip, per_phone = Limit("ip", 2, 3600), Limit("phone", 1, 86400)
    assert take((per_ip, "1.2.3.4"), (per_phone, "13812345678")) is None
    refusal = take((per_ip, "1.2.3.4"), (per_phone, "13812345678"))
    assert refusal is not None and refusal.scopes == {"phone"}
    assert take((per_ip, "1.2.3.4"), (per_phone, "13900001111")) is None  # the ip slot was left


def test_a_slot_given_back_can_be_taken_again():
    limit = Limit("test", 1, 60)
    take((limit, "k"))
    give_back((limit, "k"))
    assert take((limit, "k")) is None


def test_it_keeps_a_day_limit_for_the_whole_day():
    limit = Limit("phone", 1, 86400)
    take((limit, "13812345678"), now=86400 * 100 + 10)
    assert take((limit, "13812345678"), now=86400 * 100 + 80000) is not None


def test_it_stores_no_phone_number_in_the_clear():
    take((Limit("phone", 5, 86400), "13812345678"))
    keys = " ".join(RateCounter.objects.values_list("key", flat=True))
    assert keys and "13812345678" not in keys


def test_it_forgets_the_counts_of_past_windows(monkeypatch):
    from civicgrid.intake import ratelimit

    limit = Limit("test", 5, 60)
    take((limit, "old"), now=1000.0)
    monkeypatch.setattr(ratelimit, "_pruned_at", 0.0)
    take((limit, "new"))
    assert list(RateCounter.objects.values_list("count", flat=True)) == [1]


def test_it_ignores_forwarded_for_unless_the_proxy_is_trusted(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 7.7.7.7"
    )
    settings.CIVICGRID_TRUST_PROXY = False
    assert client_ip(request) == "10.0.0.1"
    settings.CIVICGRID_TRUST_PROXY = True
    assert client_ip(request) == "7.7.7.7"  # the hop our proxy added; 6.6.6.6 is hearsay


def test_a_forged_first_hop_does_not_give_a_client_a_fresh_limit(settings):
    settings.CIVICGRID_TRUST_PROXY = True
    limit = Limit("test", 1, 60)

    def attempt(forged):
        header = f"{forged}, 203.0.113.9"  # nginx: $proxy_add_x_forwarded_for
        request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=header)
        return take((limit, client_ip(request)))

    assert attempt("1.1.1.1") is None
    assert attempt("2.2.2.2") is not None


def test_it_gives_no_address_rather_than_a_malformed_one(settings):
    settings.CIVICGRID_TRUST_PROXY = True
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="junk")
    assert client_ip(request) == "10.0.0.1"
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="")) == ""
