"""Rate limits for anonymous pages: fixed windows counted in the database.

Every worker process counts in the same `RateCounter` rows: a check is one SELECT for all the
limits of a request, recording is one UPSERT (INSERT ... ON CONFLICT DO UPDATE, on SQLite and
PostgreSQL alike), so a report costs two statements for its limits, with or without Redis.
Keys are hashed, so no phone number or IP address is stored in the clear. A limit of 0 means
unlimited.
"""

import hashlib
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection

from civicgrid.intake.models import RateCounter

PRUNE_EVERY = 60.0  # seconds between deletions of the rows of past windows, per process
_pruned_at = 0.0


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

    def _ends(self, now: float) -> datetime:
        return datetime.fromtimestamp((now // self.seconds + 1) * self.seconds, UTC)

    def _applies(self, key: str) -> bool:
        return bool(key) and self.count > 0

    def allows(self, key: str, *, now: float | None = None) -> bool:
        """Whether one more event fits in the current window."""
        return allows_all((self, key), now=now)

    def record(self, key: str, *, now: float | None = None) -> None:
        """Count one event in the current window."""
        record_all((self, key), now=now)


def allows_all(*pairs: tuple[Limit, str], now: float | None = None) -> bool:
    """Whether one more event fits every (limit, key) pair: one SELECT for all of them."""
    now = time.time() if now is None else now
    wanted = {limit._key(key, now): limit.count for limit, key in pairs if limit._applies(key)}
    if not wanted:
        return True
    spent = RateCounter.objects.filter(key__in=wanted).values_list("key", "count")
    return all(count < wanted[key] for key, count in spent)


def record_all(*pairs: tuple[Limit, str], now: float | None = None) -> None:
    """Count one event against every (limit, key) pair in a single UPSERT."""
    global _pruned_at
    now = time.time() if now is None else now
    rows = {limit._key(key, now): limit._ends(now) for limit, key in pairs if limit._applies(key)}
    if not rows:
        return
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    values = ", ".join(["(%s, 1, %s)"] * len(rows))
    params = [p for key, ends in rows.items() for p in (key, ends)]
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {table} ("key", "count", "expires_at") VALUES {values} '
            f'ON CONFLICT ("key") DO UPDATE SET "count" = {table}."count" + 1',
            params,
        )
    if now - _pruned_at >= PRUNE_EVERY:
        _pruned_at = now
        RateCounter.objects.filter(expires_at__lt=datetime.fromtimestamp(now, UTC)).delete()


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
