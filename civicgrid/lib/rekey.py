"""Rewriting encrypted columns in place: the first encryption (a migration) and key rotation.

Raw SQL on purpose: the ORM would decrypt on read, which fails on the clear text a migration
starts from. Rows go a batch at a time in primary-key order, each batch its own transaction,
and every UPDATE is conditional on the value read, so a change made meanwhile by the app (an
erasure, a new message) is never overwritten with an older value.
"""

from collections.abc import Callable, Iterable

from django.apps import apps as global_apps
from django.db import connection, transaction

from civicgrid.lib import crypto
from civicgrid.lib.fields import DigestField, EncryptedTextField

Change = Callable[[dict[str, str]], dict[str, str] | None]


def encrypted_fields(model) -> list:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def encrypted_models(apps=global_apps) -> list:
    return [m for m in apps.get_models() if encrypted_fields(m)]


def rewrite(
    model,
    columns: Iterable[str],
    change: Change,
    *,
    where: str = "",
    params: Iterable = (),
    batch: int = 1000,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Pass each row's `columns` (column -> text) to `change`, which returns the columns to set
    or None; only rows matching the SQL condition `where`. Returns the rows changed."""
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    columns = list(columns)
    names = ", ".join(quote(c) for c in columns)
    condition = f"({where})" if where else "1 = 1"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {condition}", list(params))
        total = cursor.fetchone()[0]
    done = changed = 0
    last = None
    while True:
        after = f"{pk} > %s AND " if last is not None else ""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {pk}, {names} FROM {table} WHERE {after}{condition} "
                f"ORDER BY {pk} LIMIT {int(batch)}",
                ([last] if last is not None else []) + list(params),
            )
            rows = cursor.fetchall()
            if not rows:
                break
            for row in rows:
                old = dict(zip(columns, (v or "" for v in row[1:]), strict=True))
                new = change(old)
                if new:
                    sets = ", ".join(f"{quote(c)} = %s" for c in new)
                    same = " AND ".join(f"{quote(c)} = %s" for c in columns)
                    cursor.execute(
                        f"UPDATE {table} SET {sets} WHERE {pk} = %s AND {same}",
                        [*new.values(), row[0], *old.values()],
                    )
                    changed += cursor.rowcount
            last = rows[-1][0]
        done += len(rows)
        if progress:
            progress(done, total)
    return changed


def _digests(model) -> dict[str, str]:
    """Digest column -> the column it is the digest of."""
    fields = {f.name: f for f in model._meta.concrete_fields}
    return {
        str(f.column): str(fields[f.source].column)
        for f in fields.values()
        if isinstance(f, DigestField) and f.source in fields
    }


def encrypt_clear_rows(model) -> int:
    """Encrypt the values still in clear text and fill their digests (the data migration)."""
    columns = [f.column for f in encrypted_fields(model)]
    digests = _digests(model)

    def change(row):
        new = {c: crypto.encrypt(v) for c, v in row.items() if v and not crypto.is_token(v)}
        new.update({d: crypto.digest(row[src]) for d, src in digests.items() if src in new})
        return new

    quote = connection.ops.quote_name
    where = " OR ".join(f"{quote(c)} <> ''" for c in columns)
    return rewrite(model, columns, change, where=where)


def decrypt_rows(model) -> int:
    """Back to clear text: the migration's reverse."""
    columns = [f.column for f in encrypted_fields(model)]

    def change(row):
        return {c: crypto.decrypt(v) for c, v in row.items() if crypto.is_token(v)}

    quote = connection.ops.quote_name
    return rewrite(model, columns, change, where=" OR ".join(f"{quote(c)} <> ''" for c in columns))


def reencrypt_rows(model, *, batch: int = 1000, progress=None) -> int:
    """Encrypt again under the current key every value under an older one (key rotation)."""
    columns = [f.column for f in encrypted_fields(model)]
    kid = crypto.ring(reload=True).current
    current = f"{crypto.PREFIX}.{kid}.%"

    def change(row):
        return {
            c: crypto.encrypt(crypto.decrypt(v))
            for c, v in row.items()
            if v and crypto.token_key(v) != kid
        }

    quote = connection.ops.quote_name
    where = " OR ".join(f"({quote(c)} <> '' AND {quote(c)} NOT LIKE %s)" for c in columns)
    return rewrite(
        model,
        columns,
        change,
        where=where,
        params=[current] * len(columns),
        batch=batch,
        progress=progress,
    )
