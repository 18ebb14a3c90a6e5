"""The one writer of a case's history: every change of a case is one immutable `CaseEvent`.

The report, every workflow action and the deadline sweep write through `record()`, inside the
transaction that changes the case, so the history can never miss a change or invent one.
"""

from datetime import datetime

from django.db import connections, router, transaction
from django.db.models.signals import post_save, pre_save
from django.utils.translation import gettext as _

from civicgrid.audit import chain
from civicgrid.audit.models import Chained
from civicgrid.cases import tallies
from civicgrid.cases.choices import PhotoKind
from civicgrid.cases.models import Attachment, Case, CaseEvent

SYSTEM = "system"  # the actor of clock marks: nobody pressed a button


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
    kind = PhotoKind.BEFORE if action == "report" else PhotoKind.AFTER
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
    return CaseEvent(
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
    Call inside a transaction; the cases carry no photos."""
    if not reported:
        return
    alias = router.db_for_write(CaseEvent)
    with transaction.atomic(using=alias, savepoint=False):
        cases = Case.objects.using(alias).bulk_create([c for c, _ in reported], batch_size=1000)
        evs = []
        for case, event in reported:
            event.case = case  # now with its id
            pre_save.send(CaseEvent, instance=event, raw=False, using=alias, update_fields=None)
            evs.append(event)
        CaseEvent.objects.using(alias).bulk_create(evs, batch_size=1000)  # sealed on the chain
        for event in evs:
            post_save.send(
                CaseEvent, instance=event, created=True, update_fields=None, raw=False, using=alias
            )
        tallies.count_new(cases)


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
