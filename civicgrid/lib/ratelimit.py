"""Rate limits for anonymous pages: fixed windows counted in the shared cache.

The counters live in the "shared" cache alias (Redis, or the database cache table), not the
per-process default, so every gunicorn worker sees the same counts. Keys are hashed, so no
phone number or IP address is stored in the clear. A limit of 0 means unlimited.
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches


@dataclass(frozen=True)
class Limit:
    """At most `count` events per `seconds` for one key (an IP address, a phone number)."""

    scope: str
    count: int
    seconds: int

    def _key(self, key: str, now: float) -> str:
        window = int(now // self.seconds)
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:{key}".encode()).hexdigest()[:32]
        return f"rl:{self.scope}:{window}:{digest}"

    def used(self, key: str, *, now: float | None = None) -> int:
        """How many events this key has spent in the current window."""
        return caches["shared"].get(self._key(key, time.time() if now is None else now), 0)

    def allows(self, key: str, *, now: float | None = None) -> bool:
        """Whether one more event fits in the current window."""
        return not key or self.count <= 0 or self.used(key, now=now) < self.count

    def record(self, key: str, *, now: float | None = None) -> int:
        """Count one event; returns the count in the current window."""
        if not key or self.count <= 0:
            return 0
        cache = caches["shared"]
        cache_key = self._key(key, time.time() if now is None else now)
        cache.add(cache_key, 0, self.seconds + 60)
        try:
            return cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, self.seconds + 60)
            return 1


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the first X-Forwarded-For hop behind a trusted
    proxy (CIVICGRID_TRUST_PROXY); a client can forge the header, so it is off by default."""
    if settings.CIVICGRID_TRUST_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        first = forwarded.split(",")[0].strip()
        if first:
            return first
    return request.META.get("REMOTE_ADDR", "")


def report_per_ip() -> Limit:
    return Limit("report-ip", settings.CIVICGRID_RATE_REPORTS_PER_IP_HOUR, 3600)


def report_per_phone() -> Limit:
    return Limit("report-phone", settings.CIVICGRID_RATE_REPORTS_PER_PHONE_DAY, 86400)


def resident_action_per_ip() -> Limit:
    """+1, rating and reopening from tracking pages."""
    return Limit("act-ip", settings.CIVICGRID_RATE_ACTIONS_PER_IP_HOUR, 3600)
