"""The closed loop of a case: one table of transitions, `perform()` and `transition()`.

Every channel (pages, API, field phone, resident tracking, batches) runs an action through
`perform()`, which checks that the caller saw the current version and calls the action's
function. Each action function checks its input, then calls `transition()`, which checks the
actor's permission and the state, applies the change, writes the case with a conditional
UPDATE on its version and writes exactly one event (cases/events.py), all in one transaction.

The package is split by noun: `table` (the rows, their guards, `refusal()`), `core`
(`perform()`, `transition()`), `changes` (what each action changes on a case), and the
actions by stage: `intake`, `handling`, `escalation`, `enforcement`.
Callers import the package only.
"""
# ruff: noqa: F401 - this module is the package's public face: it re-exports its names

from civicgrid.cases.errors import (
    CaseChanged,
    IllegalTransition,
    InvalidInput,
    NotAllowed,
    UnknownAction,
    WorkflowError,
)
from civicgrid.cases.models import Case, CaseEvent, WhistleSummons
from civicgrid.cases.workflow.changes import (
    UPDATABLE,
    _finish_clock,
    change_accept,
    change_answer,
    change_approve_extension,
    change_close,
    change_deny_extension,
    change_dispatch,
    change_escalate,
    change_finish,
    change_forward_praise,
    change_hotline_update,
    change_place,
    change_rate,
    change_recategorize,
    change_reject,
    change_reopen,
    change_request_extension,
    change_reroute,
    change_retype,
    change_rework,
    change_self_handle,
    change_send_back,
    change_start,
    change_support,
    change_urge,
    change_verify,
    summonses,
    whistle_data,
)
from civicgrid.cases.workflow.core import _RUNNERS, _require, advance, perform, transition
from civicgrid.cases.workflow.enforcement import (
    change_enforce,
    change_measure,
    change_recheck,
    enforce,
    measure,
    recheck,
)
from civicgrid.cases.workflow.escalation import escalate, report_in, whistle
from civicgrid.cases.workflow.handling import (
    approve_extension,
    close,
    deny_extension,
    finish,
    on_site,
    rate,
    recategorize,
    reopen,
    request_extension,
    rework,
    send_back,
    start,
    urge,
    verify,
)
from civicgrid.cases.workflow.intake import (
    accept,
    answer,
    comment,
    dispatch,
    forward_praise,
    hotline_update,
    merge,
    place,
    reject,
    retype,
    self_handle,
    support,
)
from civicgrid.cases.workflow.table import (
    ACTIVE,
    ANSWERED,
    BEFORE_HANDLING,
    NO_STATUS,
    NO_WORK,
    OFFERED,
    RULES,
    Rule,
    S,
    allowed_actions,
    event_label,
    refusal,
)

_RUNNERS.update({rule.action: globals()[rule.action] for rule in OFFERED})
