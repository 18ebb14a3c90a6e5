"""The one writer of a case's history: every change of a case is one immutable `CaseEvent`.

The report, every workflow action and the deadline sweep write through `record()`, inside the
transaction that changes the case, so the history can never miss a change or invent one.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any

from django.db import connections, router, transaction
from django.db.models.signals import post_save, pre_save
from django.utils.translation import gettext as _

from civicgrid.audit import chain
from civicgrid.audit.models import Chained
from civicgrid.cases import tallies
from civicgrid.cases.choices import PhotoKind
from civicgrid.cases.models import Attachment, Case, CaseEvent
from civicgrid.lib import fields as fields_
from civicgrid.lib import instances

SYSTEM = "system"  # the actor of clock marks: nobody pressed a button

# Photos of the problem as found: the report's, and an officer's evidence on taking a case into
# enforcement (取证). Every other action's photos show the work done.
BEFORE_PHOTOS = frozenset({"report", "enforce"})


def actor_label(actor) -> str:
    """The role shown on the public timeline: residents never see staff names."""
    if actor == SYSTEM:
        return _("系统")
    if actor is None:
        return _("市民")
    profile = getattr(actor, "staff", None)
    return (profile.title if profile else "") or _("工作人员")


def record(
    case: Case,
    action: str,
    *,
    actor,
    at: datetime,
    from_status: str = "",
    note: str = "",
    public: bool,
    data: dict | None = None,
    photos=(),
    before: Case | None = None,
) -> CaseEvent:
    """Write one event of `case` (in its new state) and its photos, already cleaned.

    `before` is the case as it was loaded, so the stored counts (tallies.py) move with the
    event; a report counts its new case. Clock marks pass none: they change no count.
    """
    event = build(
        case,
        action,
        actor=actor,
        at=at,
        from_status=from_status,
        note=note,
        public=public,
        data=data,
    )
    insert(event)
    if before is not None or action == "report":
        tallies.count(before, case)
    kind = PhotoKind.BEFORE if action in BEFORE_PHOTOS else PhotoKind.AFTER
    for photo in photos:
        Attachment.objects.create(case=case, event=event, kind=kind, image=photo, uploaded_at=at)
    return event


def build(
    case: Case,
    action: str,
    *,
    actor,
    at: datetime,
    from_status: str = "",
    note: str = "",
    public: bool,
    data: dict | None = None,
) -> CaseEvent:
    """The unsaved event of `case` in its new state: what record() and record_reports() write."""
    return instances.new(
        CaseEvent,
        case=case,
        action=action,
        actor=None if actor == SYSTEM else actor,
        actor_label=actor_label(actor),
        at=at,
        from_status=from_status,
        to_status=case.status,
        note=note,
        public=public,
        data=data or {},
    )


def record_reports(reported: list[tuple[Case, CaseEvent]]) -> None:
    """Write many new cases and their report events at once (bulk imports): the rows record()
    would write one by one, sealed on the audit chain in the same order, the same signals sent
    for each event (the outbox), the community counts added up in one upsert per day.
    One INSERT run per table with ids reserved first (no read back). Call inside a
    transaction; the cases carry no photos."""
    if not reported:
        return
    alias = router.db_for_write(CaseEvent)
    connection = connections[alias]
    with transaction.atomic(using=alias, savepoint=False):
        case_rows, event_rows = [], []
        ids = zip(
            reserve_ids(Case, len(reported), connection),
            reserve_ids(CaseEvent, len(reported), connection),
            strict=False,
        )
        for (case, event), (case_id, event_id) in zip(reported, ids, strict=False):
            case.pk = case_id
            case._state.adding, case._state.db = False, alias
            event.case, event.pk = case, event_id
            pre_save.send(CaseEvent, instance=event, raw=False, using=alias, update_fields=None)
            case_rows.append({f.attname: getattr(case, f.attname) for f in _CASE_FIELDS})
            event_rows.append({f.attname: getattr(event, f.attname) for f in _EVENT_FIELDS})
        chain.link_all(CaseEvent, event_rows, connection)
        insert_rows(Case, case_rows, connection)
        insert_rows(CaseEvent, event_rows, connection)
        for (_case, event), row in zip(reported, event_rows, strict=False):
            event.seq, event.digest = row["seq"], row["digest"]
            event._state.adding, event._state.db = False, alias
            post_save.send(
                CaseEvent, instance=event, created=True, update_fields=None, raw=False, using=alias
            )
        tallies.count_new([c for c, _ in reported])


_CASE_FIELDS = Case._meta.concrete_fields
_EVENT_FIELDS = CaseEvent._meta.concrete_fields


def reserve_ids(model, count: int, connection) -> list[int]:
    """`count` new primary keys of `model`, taken so that no other writer gets them: from the
    sequence on PostgreSQL; on SQLite past the largest id, under the write lock every
    transaction holds from its BEGIN (settings: IMMEDIATE)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [r[0] for r in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        top = cursor.fetchone()[0]
    return list(range(top + 1, top + 1 + count))


def insert_rows(model, rows: list[dict], connection) -> None:
    """One INSERT run over many rows (dicts of column values by attname): what bulk_create
    writes, without its per-value cost. Encrypted and digest columns are prepared here."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if f.primary_key is False or "id" in rows[0]]
    ops = connection.ops
    adapt: dict[str, Callable[[Any], Any]] = {}
    for f in fields:
        kind = f.get_internal_type()
        if kind == "DateTimeField":
            adapt[f.attname] = _datetime_adapter(connection)
        elif kind == "JSONField":
            adapt[f.attname] = partial(ops.adapt_json_value, encoder=getattr(f, "encoder", None))
    defaults = {f.attname: f.get_default() for f in fields}
    names = [f.attname for f in fields]
    quote = ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    sealed = fields_.sealed(model)
    values = []
    for row in rows:
        row.update({f.attname: fields_.raw_value(f, row) for f in sealed})  # encrypt, digest
        line = []
        for n in names:
            v = row[n] if n in row else defaults[n]
            line.append(adapt[n](v) if v is not None and n in adapt else v)
        values.append(tuple(line))
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def _naive_utc_text(value: datetime) -> str:
    return str(value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value)


def _datetime_adapter(connection) -> Callable[[datetime], Any]:
    """SQLite keeps a moment as naive UTC text: what its adapt_datetimefield_value writes, one
    conversion instead of its checks and zone lookups per value (seven a case, 100,000 cases an
    import). Any other database, or a connection in another zone, gets Django's own."""
    if connection.vendor == "sqlite" and connection.timezone_name == "UTC":
        return _naive_utc_text
    return connection.ops.adapt_datetimefield_value


def insert(obj) -> None:
    """Save a new row in one prepared INSERT ... RETURNING, with the signals save() sends.

    For the rows written on every report and action (the case, its events, the outbox): the
    ORM builds and compiles a query per save(), which cost as much as the rest of a transition.
    Only for models whose save() adds nothing to Model.save but the chain (CaseEvent's refuses
    updates, which a new row never is, and seals the row onto the audit chain, done here too).
    """
    model = type(obj)
    alias = router.db_for_write(model)
    connection = connections[alias]
    fields, sql, chained = _statements.get(model) or _statement(model, connection)
    pre_save.send(model, instance=obj, raw=False, using=alias, update_fields=None)
    if chained:
        with transaction.atomic(using=alias, savepoint=False):
            chain.link(obj, connection)
            _execute(obj, fields, sql, connection)
    else:
        _execute(obj, fields, sql, connection)
    obj._state.adding, obj._state.db = False, alias
    post_save.send(model, instance=obj, created=True, update_fields=None, raw=False, using=alias)


def _execute(obj, fields, sql, connection) -> None:
    params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        obj.pk = cursor.fetchone()[0]


_statements: dict = {}


def _statement(model, connection):
    meta, quote = model._meta, connection.ops.quote_name
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks}) "
        f"RETURNING {quote(meta.pk.column)}"
    )
    _statements[model] = fields, sql, issubclass(model, Chained)
    return _statements[model]
