"""The tamper-evident chain of the append-only tables (等保 2.0 三级: 审计记录的完整性保护).

Each table is its own chain in insertion order: `seq` counts its rows from 1, and `digest` is
HMAC-SM3(key, previous row's digest || this row's sealed fields, seq included), the key being
`keys/audit_sm3` in the data folder. An edited row no longer matches its digest, a removed one
leaves a gap in `seq`, rows renumbered come out of id order; `walk()` finds each. The triggers
stop the app and its users changing rows; the chain shows it when someone with the database
in hand did it anyway. Removing the newest rows leaves a shorter valid chain: compare the head
that `verify_audit` prints with one recorded earlier.
"""

import functools
import ipaddress
import json
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives import hashes, hmac
from django.conf import settings
from django.db import models
from django.utils import timezone

from civicgrid.lib.keys import key_file

GENESIS = "0" * 64  # the "previous digest" of a chain's first row


@functools.cache
def _keyed() -> hmac.HMAC:
    """HMAC-SM3 with the key loaded; copied for each digest, which skips the key setup."""
    return hmac.HMAC(bytes.fromhex(key_file(settings.VAR_DIR, "audit_sm3")), hashes.SM3())


def _moment(value: datetime) -> str:
    if timezone.is_naive(value):  # stored as Django stores it: in the default time zone
        value = timezone.make_aware(value)
    return value.astimezone(UTC).isoformat()


def _ip(value: str) -> str:
    # Packed bytes: PostgreSQL's inet and Python versions spell some addresses differently.
    return ipaddress.ip_address(value).packed.hex()


def _json(value):
    # jsonb turns 1e+20 into 100000000000000000000: whole floats are sealed as integers.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


_NORMALISE: dict[str, Callable[[Any], Any]] = {
    "DateTimeField": _moment,
    "GenericIPAddressField": _ip,
    "JSONField": _json,
}


Column = tuple[str, Callable[[Any], Any] | None, models.Field]


def sealed(model, names: tuple[str, ...] | None = None) -> list[Column]:
    """(attname, normaliser, field) of each sealed column of `model`, `seq` last.

    `names` for a migration's historical model, which has no `chain_fields`."""
    return _sealed(model, names or model.chain_fields)


@functools.cache
def _sealed(model, names: tuple[str, ...]) -> list[Column]:
    out = []
    for name in (*names, "seq"):
        field = model._meta.get_field(name)  # attnames too: "case_id"
        out.append((name, _NORMALISE.get(field.get_internal_type()), field))
    return out


def seal(model, previous: str, row: Mapping[str, Any], columns: list[Column] | None = None) -> str:
    """The digest of `row` (column values by attname) chained onto `previous`.

    Sealed as a JSON object of the columns that are not NULL: a nullable column added to
    `chain_fields` later leaves the seals of older rows valid.
    """
    values = {}
    for name, normalise, field in columns or sealed(model):
        value = row[name] if name in row else field.get_default()
        if value is not None:
            values[name] = normalise(value) if normalise else value
    text = json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    mac = _keyed().copy()
    mac.update(bytes.fromhex(previous))
    mac.update(text.encode())
    return mac.finalize().hex()


def lock_key(table: str) -> int:
    return zlib.crc32(f"civicgrid.chain:{table}".encode())


_heads: dict = {}


def head(model, connection) -> tuple[int, str]:
    """The last (seq, digest) of the chain, the table locked against other chainers until
    the transaction ends. Call inside one."""
    quote = connection.ops.quote_name
    table = model._meta.db_table
    sql = _heads.get((model, connection.vendor))
    if sql is None:
        sql = _heads[(model, connection.vendor)] = (
            f"SELECT {quote('seq')}, {quote('digest')} FROM {quote(table)} "
            f"ORDER BY {quote('seq')} DESC LIMIT 1"
        )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # SQLite's writers queue at BEGIN IMMEDIATE already; PostgreSQL's need this.
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_key(table)])
        cursor.execute(sql)
        last = cursor.fetchone()
    return (last[0], last[1]) if last else (0, GENESIS)


def link(obj, connection) -> None:
    """Give a new row its place on the chain: sets obj.seq and obj.digest."""
    link_all(type(obj), [obj.__dict__], connection)


def link_all(model, rows: list[dict], connection) -> None:
    """Chain new rows (dicts of column values by attname, in insertion order) onto the head."""
    if not rows:
        return
    seq, digest = head(model, connection)
    for row in rows:
        seq += 1
        row["seq"] = seq
        digest = row["digest"] = seal(model, digest, row)


def chained_models() -> list[type[models.Model]]:
    from django.apps import apps

    from civicgrid.audit.models import Chained

    return [m for m in apps.get_models() if issubclass(m, Chained)]


@dataclass
class Finding:
    table: str
    pk: int
    text: str

    def __str__(self):
        return (
            f"{self.table} id={self.pk}：{self.text}" if self.pk else f"{self.table}：{self.text}"
        )


@dataclass
class Walk:
    count: int = 0
    head: tuple[int, str] = (0, GENESIS)


def walk(model, findings: list[Finding], *, chunk: int = 5000, progress=None) -> Walk:
    """Check `model`'s chain row by row in `seq` order; append what is wrong to `findings`."""
    table = model._meta.db_table
    names = [name for name, _n, _d in sealed(model)]
    rows = (
        model._base_manager.order_by("seq")
        .values_list("pk", "digest", *names)
        .iterator(chunk_size=chunk)
    )
    result = Walk()
    expected, previous, last_pk = 1, GENESIS, 0
    for pk, digest, *values in rows:
        row = dict(zip(names, values, strict=True))
        seq = row["seq"]
        if seq != expected:
            # The digest of this row was made from a row no longer there: nothing to check
            # it against, so take it as it stands and go on from it.
            gone = f"{expected}" if seq == expected + 1 else f"{expected}–{seq - 1}"
            if seq > expected:
                findings.append(Finding(table, pk, f"链序号 {gone} 的记录被删除（链在此处断开）"))
            else:
                findings.append(Finding(table, pk, f"链序号 {seq} 重复或倒退（应为 {expected}）"))
        elif seal(model, previous, row) != digest:
            findings.append(Finding(table, pk, f"链序号 {seq} 的记录被修改（校验值不符）"))
        if pk < last_pk:
            findings.append(
                Finding(table, pk, f"链序号 {seq} 的记录顺序被改动（id 小于前一条的 {last_pk}）")
            )
        previous, expected, last_pk = digest, seq + 1, pk
        result.count += 1
        if progress and result.count % 100_000 == 0:
            progress(result.count)
    result.head = (expected - 1, previous)
    return result


def backfill(model, names: tuple[str, ...], connection, batch: int = 2000) -> int:
    """Seal the rows a table held before it was chained, in id order (a migration's step)."""
    quote = connection.ops.quote_name
    table = model._meta.db_table
    columns = sealed(model, names)
    sql = f"UPDATE {quote(table)} SET {quote('seq')} = %s, {quote('digest')} = %s WHERE id = %s"
    seq, digest, last = 0, GENESIS, 0
    with connection.cursor() as cursor:
        while True:  # a page at a time by id: no cursor left open over the rows being updated
            page = list(
                model._base_manager.filter(pk__gt=last).order_by("pk").values("pk", *names)[:batch]
            )
            if not page:
                return seq
            updates = []
            for row in page:
                seq += 1
                row["seq"] = seq
                digest = seal(model, digest, row, columns)
                updates.append((seq, digest, row["pk"]))
            cursor.executemany(sql, updates)
            last = page[-1]["pk"]
