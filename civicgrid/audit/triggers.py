"""Append-only tables at the database level: triggers that refuse UPDATE and DELETE.

A queryset .update()/.delete(), raw SQL and a cascade from a deleted case all fail with
"<table> 只能追加……" (IntegrityError on both databases). PostgreSQL refuses TRUNCATE too.
`manage.py flush` (audit's own, used between transactional tests) lifts them while it empties
the database. SQLite drops a table's triggers when a migration rebuilds the table, so
`post_migrate` puts back any that are missing.
"""

TABLES = (
    "cases_caseevent",
    "cases_contactview",
    "audit_auditentry",
    "field_assignmentlog",
    "amenities_amenitylog",
    "stations_showcaselog",
    "duties_progressreport",
    "shops_pointentry",
    "shops_listchange",
    "volunteers_pointentry",
    "council_needlog",
)

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION civicgrid_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'restrict_violation';
END
$$
"""


def message(table: str) -> str:
    return f"{table} 只能追加：已写入的记录不可修改或删除"


def _names(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [f"{table}_append_only", f"{table}_no_truncate"]
    return [f"{table}_no_update", f"{table}_no_delete"]


def _create(vendor: str, table: str) -> list[str]:
    text = message(table)
    if vendor == "postgresql":
        rows, truncate = _names(vendor, table)
        return [
            f"CREATE OR REPLACE TRIGGER {rows} BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION civicgrid_append_only('{text}')",
            f"CREATE OR REPLACE TRIGGER {truncate} BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION civicgrid_append_only('{text}')",
        ]
    update, delete = _names(vendor, table)
    return [
        f"CREATE TRIGGER IF NOT EXISTS {update} BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{text}'); END",
        f"CREATE TRIGGER IF NOT EXISTS {delete} BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{text}'); END",
    ]


def _existing(connection) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in cursor.fetchall()}


def _present_tables(connection, tables) -> list[str]:
    known = set(connection.introspection.table_names())
    return [t for t in tables if t in known]


def missing(connection, tables=TABLES) -> list[tuple[str, str]]:
    """(table, trigger) of the append-only triggers that ought to be there and are not."""
    have = _existing(connection)
    return [
        (table, name)
        for table in _present_tables(connection, tables)
        for name in _names(connection.vendor, table)
        if name not in have
    ]


def install(connection, tables=TABLES) -> None:
    """Create the triggers of `tables` (those that exist yet); harmless when present."""
    present = _present_tables(connection, tables)
    if not present:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
        for table in present:
            for sql in _create(connection.vendor, table):
                cursor.execute(sql)


def drop(connection, tables=TABLES) -> None:
    with connection.cursor() as cursor:
        for table in _present_tables(connection, tables):
            for name in _names(connection.vendor, table):
                on = f" ON {table}" if connection.vendor == "postgresql" else ""
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on}")


def install_missing(connection) -> None:
    if missing(connection):
        install(connection)
