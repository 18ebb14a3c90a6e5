"""`perform()` and `transition()`: apply one row of the table to a case, all or nothing."""

import copy
from collections.abc import Callable
from datetime import datetime

from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.cases import events
from civicgrid.cases.errors import CaseChanged, InvalidInput, UnknownAction
from civicgrid.cases.models import Case, CaseEvent
from civicgrid.cases.workflow.table import RULES, refusal
from civicgrid.lib.images import BadImage, clean_photo


def perform(*, case: Case, action: str, actor, version: int | None = None, data=None) -> CaseEvent:
    """Run one offered action for a channel: the pages, the API, the field phone, batches.

    `version` is the version the person saw; a case changed since is refused (CaseChanged),
    as is an action that is not a button of the table (UnknownAction).
    """
    run = _RUNNERS.get(action)  # offered rows only
    if run is None:
        raise UnknownAction(_("未知操作"))
    if version is not None and version != case.version:
        raise CaseChanged()
    return run(case=case, actor=actor, **(data or {}))


def transition(
    case: Case,
    action: str,
    *,
    actor,
    note: str = "",
    data: dict | None = None,
    apply: Callable[[Case, datetime], None] | None = None,
    photos=(),
    at: datetime | None = None,
    public: bool | None = None,
) -> CaseEvent:
    """Apply one row of the table to the case and write its event, all or nothing.

    The case is written with `UPDATE ... WHERE version = <the version loaded>`: if anybody
    changed it meanwhile, nothing is written and the caller is told (CaseChanged). Row locks
    are not needed: PostgreSQL re-checks the condition after a concurrent commit, and SQLite
    takes the write lock at BEGIN (see settings: transaction_mode IMMEDIATE).
    """
    rule = RULES[action]
    at = at or timezone.now()
    refused = refusal(case, action, actor)
    if refused:
        raise refused
    try:
        cleaned = [clean_photo(p) for p in photos]
    except BadImage as exc:  # a file that is no picture is the sender's mistake, not a 500
        raise InvalidInput(str(exc)) from exc
    work = _working_copy(case)
    with transaction.atomic():
        advance(work, action, at, apply)
        if not _write(work, case):
            raise CaseChanged()
        event = events.record(
            work,
            action,
            actor=actor,
            at=at,
            from_status=case.status,
            note=note,
            public=rule.public if public is None else public,
            data=data,
            photos=cleaned,
            before=case,
        )
    _copy_into(case, work)
    return event


def advance(c: Case, action: str, at: datetime, apply=None) -> None:
    """Apply one row of the table to a case in memory: its change, its status, a new version."""
    if apply:
        apply(c, at)
    target = RULES[action].target
    if target:
        c.status = target
    c.version += 1


_FIELDS = {f.attname: f for f in Case._meta.concrete_fields if not f.primary_key}
_UNSET = object()  # a deferred field: not loaded, so not changed
_UPDATES: dict[tuple[str, tuple[str, ...]], str] = {}  # (database, columns) -> statement


def _write(work: Case, loaded: Case) -> bool:
    """UPDATE the columns `work` changed, only if the row still has the loaded version.

    One prepared statement instead of a queryset per transition: filter() and update() cost
    more than the statement itself. Statements are built once per set of columns.
    """
    alias = router.db_for_write(Case)
    connection = connections[alias]
    new, old = work.__dict__, loaded.__dict__  # the column values, without descriptors
    changed = [
        name
        for name in _FIELDS
        if (value := new.get(name, _UNSET)) is not _UNSET and value != old.get(name, _UNSET)
    ]
    if "due_at" in changed and "clock" not in changed:
        # A new stage restarts the clock. The sweep may have marked the stored row since the
        # case was loaded (it keeps the version), so the clock is written even when the loaded
        # copy already says "on time".
        changed.append("clock")
    key = (alias, tuple(changed))
    sql = _UPDATES.get(key) or _UPDATES.setdefault(key, _update_statement(connection, changed))
    params = [_FIELDS[name].get_db_prep_save(new[name], connection) for name in changed]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, loaded.pk, loaded.version])
        return cursor.rowcount == 1


def _update_statement(connection, names: list[str]) -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(_FIELDS[name].column or name)} = %s" for name in names)
    return (
        f"UPDATE {quote(Case._meta.db_table)} SET {columns} "
        f"WHERE {quote('id')} = %s AND {quote('version')} = %s"
    )


def _working_copy(case: Case) -> Case:
    """A copy to apply the change to, so a refused action leaves the caller's case as it was."""
    work = type(case).__new__(type(case))
    work.__dict__.update(case.__dict__)
    work._state = copy.copy(case._state)
    work._state.fields_cache = dict(case._state.fields_cache)
    return work


def _copy_into(target: Case, source: Case) -> None:
    target.__dict__.update(source.__dict__)  # the new values, related objects and state


def _require(value, message):
    if not value:
        raise InvalidInput(message)


# Filled by the package with the function of each offered row (see __init__.py).
_RUNNERS: dict[str, Callable[..., CaseEvent]] = {}
