"""Rate limits: windows counted in the database, taken atomically.

Every worker process counts in the same `RateCounter` rows. `take()` is one UPSERT
(INSERT ... ON CONFLICT DO UPDATE ... RETURNING, on SQLite and PostgreSQL alike) that counts
the attempt and returns the count, so two simultaneous requests can never both see the last
free slot: a limit of 10 lets exactly 10 through, however many arrive at once.

Window semantics, per key:
- a window opens with a key's first attempt and lasts `seconds`;
- at most `count` attempts pass in it; the one that takes the last slot restarts the window
  from its own time, so a spent key waits one full window (no double burst at a boundary);
- refused attempts are counted but never move the window: they cannot delay the next one;
- a request refused by any of its limits takes no slot of the others (they are given back).

Keys are hashed, so no phone number or IP address is stored in the clear. A limit of 0 means
unlimited.
"""

import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection
from django.utils.dateparse import parse_datetime

from civicgrid.intake.models import RateCounter

PRUNE_EVERY = 60.0  # seconds between deletions of the rows of past windows, per process
_pruned_at = 0.0


@dataclass(frozen=True)
class Limit:
    """At most `count` attempts per `seconds` for one key (an IP address, a phone number)."""

    scope: str
    count: int
    seconds: int

    def key(self, key: str) -> str:
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:{key}".encode()).hexdigest()[:32]
        return f"rl:{self.scope}:{digest}"

    def applies(self, key: str) -> bool:
        return bool(key) and self.count > 0


@dataclass(frozen=True)
class Refusal:
    """Why a request was refused: the limits that were spent, and when the last one frees."""

    scopes: frozenset[str]
    retry_after: int  # whole seconds, at least 1: the value of the Retry-After header

    @property
    def minutes(self) -> int:
        return math.ceil(self.retry_after / 60)


def _at(now: float) -> datetime:
    return datetime.fromtimestamp(now, UTC)


def _db_time(value: datetime):
    return connection.ops.adapt_datetimefield_value(value)


def _aware(value) -> datetime:
    """A datetime as RETURNING gives it: SQLite may hand back the stored text."""
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def take(*pairs: tuple[Limit, str], now: float | None = None) -> Refusal | None:
    """Take one slot of every (limit, key) pair in one statement.

    None when every limit had room (the slots are taken); else a Refusal, and nothing is taken.
    """
    now = time.time() if now is None else now
    wanted = {limit.key(key): limit for limit, key in pairs if limit.applies(key)}
    if not wanted:
        return None
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    cap = 'CASE {t}."key" ' + " ".join(["WHEN %s THEN %s"] * len(wanted)) + " END"
    cap = cap.format(t=table)
    cap_params = [p for key, limit in wanted.items() for p in (key, limit.count)]
    current = _db_time(_at(now))
    values = ", ".join(["(%s, 1, %s)"] * len(wanted))
    params: list = [
        p for key, limit in wanted.items() for p in (key, _db_time(_at(now + limit.seconds)))
    ]
    sql = (
        f'INSERT INTO {table} ("key", "count", "expires_at") VALUES {values} '
        f'ON CONFLICT ("key") DO UPDATE SET '
        f'"count" = CASE WHEN {table}."expires_at" <= %s THEN 1 ELSE {table}."count" + 1 END, '
        f'"expires_at" = CASE WHEN {table}."expires_at" <= %s THEN excluded."expires_at" '
        f'WHEN {table}."count" + 1 = {cap} THEN excluded."expires_at" '
        f'ELSE {table}."expires_at" END '
        f'RETURNING "key", "count", "expires_at"'
    )
    params += [current, current, *cap_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    _prune(now)
    spent = [(key, _aware(ends)) for key, count, ends in rows if count > wanted[key].count]
    if not spent:
        return None
    taken = [key for key, count, _ in rows if count <= wanted[key].count]
    _release(taken)
    wait = max(ends.timestamp() for _, ends in spent) - now
    return Refusal(
        scopes=frozenset(wanted[key].scope for key, _ in spent),
        retry_after=max(1, math.ceil(wait)),
    )


def give_back(*pairs: tuple[Limit, str]) -> None:
    """Return the slots a request took but did not use (its action failed)."""
    _release([limit.key(key) for limit, key in pairs if limit.applies(key)])


def forget(*pairs: tuple[Limit, str]) -> None:
    """Clear these keys' counts: a successful login clears its account's failures."""
    keys = [limit.key(key) for limit, key in pairs if limit.applies(key)]
    if keys:
        RateCounter.objects.filter(key__in=keys).delete()


def _release(keys: list[str]) -> None:
    if not keys:
        return
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    marks = ", ".join(["%s"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE {table} SET "count" = "count" - 1 WHERE "key" IN ({marks}) AND "count" > 0',
            keys,
        )


def _prune(now: float) -> None:
    global _pruned_at
    if now - _pruned_at >= PRUNE_EVERY:
        _pruned_at = now
        RateCounter.objects.filter(expires_at__lt=_at(now)).delete()


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind a trusted proxy (CIVICGRID_TRUST_PROXY)
    the last X-Forwarded-For hop, the one our proxy added: a client may send the header
    itself, and a proxy appends to it, so the earlier hops are only the client's word.
    Off by default, as without a proxy the whole header is forged. "" if no valid address."""
    if settings.CIVICGRID_TRUST_PROXY:
        last = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if _valid(last):
            return last
    address = request.META.get("REMOTE_ADDR", "")
    return address if _valid(address) else ""


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def report_per_ip() -> Limit:
    return Limit("report-ip", settings.CIVICGRID_RATE_REPORTS_PER_IP_HOUR, 3600)


def report_per_phone() -> Limit:
    return Limit("report-phone", settings.CIVICGRID_RATE_REPORTS_PER_PHONE_DAY, 86400)


def resident_action_per_ip() -> Limit:
    """+1, rating and reopening from tracking pages."""
    return Limit("act-ip", settings.CIVICGRID_RATE_ACTIONS_PER_IP_HOUR, 3600)


def api_per_token() -> Limit:
    """REST API calls by one personal token: a runaway script cannot crowd out the desk."""
    return Limit("api-token", settings.CIVICGRID_RATE_API_PER_TOKEN_MINUTE, 60)


def support_per_case_ip() -> Limit:
    """One +1 per case per address a day, keyed by f"{code}:{ip}".

    A day, not the case's life: many neighbours share one address (a mobile carrier's NAT, a
    compound's Wi-Fi), so each may still add theirs on a later day, while one client can no
    longer raise a count by more than one a day (the cookie alone is easily dropped).
    """
    return Limit("plus-ip", 1, 86400)
