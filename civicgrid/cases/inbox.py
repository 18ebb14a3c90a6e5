"""Staff inboxes: named slices of the cases a user may see, with all their counts in one query.

An inbox is shown to whoever holds one of its actions (`can(user, action)`), never to a role by
name, so an administrator who edits a role in admin changes the inboxes with it. Every inbox
holds open cases only, so all counts can start from the (status, due_at) index.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Aggregate, Count, F, Func, IntegerField, Max, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from civicgrid.cases import workflow
from civicgrid.cases.choices import HANDLING_STATUSES, Status
from civicgrid.cases.models import Case, CaseEvent
from civicgrid.lib.codes import is_tracking_code
from civicgrid.people import actions as A
from civicgrid.people.scopes import can

S = Status
ACTIVE = HANDLING_STATUSES


@dataclass(frozen=True)
class Inbox:
    """One inbox: its key in URLs, its Chinese label, who sees it and what it holds."""

    key: str
    label: StrOrPromise
    actions: tuple[str, ...]  # shown to users holding any of these
    hint: StrOrPromise = ""

    def q(self, user, now) -> Q:
        return _QUERIES[self.key](user, now)


def _mine(user, now) -> Q:
    # A plain IN over the user's own report events: evaluated once, not once per case row.
    reported = CaseEvent.objects.filter(action="report", actor=user).values("case_id")
    return Q(pk__in=reported)


_QUERIES = {
    "open": lambda user, now: Q(),
    "to_accept": lambda user, now: Q(status=S.REPORTED),
    "to_dispatch": lambda user, now: Q(status=S.ACCEPTED),
    # Accepted again after a dispatch: sent back by a department (退单) or reopened by a resident.
    "sent_back": lambda user, now: Q(status=S.ACCEPTED, dispatched_at__isnull=False),
    "to_handle": lambda user, now: Q(status=S.DISPATCHED),
    "in_progress": lambda user, now: Q(status=S.IN_PROGRESS),
    "rework": lambda user, now: Q(status__in=ACTIVE, rework_count__gt=0),
    "to_verify": lambda user, now: Q(status=S.HANDLED),
    "to_close": lambda user, now: Q(status=S.VERIFIED),
    "overdue": lambda user, now: Q(due_at__lte=now),
    "urged": lambda user, now: Q(status__in=ACTIVE, urge_count__gt=0),
    "extension": lambda user, now: Q(status__in=ACTIVE, extension_until__isnull=False),
    "mine": _mine,
}

INBOXES = [
    Inbox("to_accept", _("待受理"), (A.CASE_ACCEPT,)),
    Inbox("to_dispatch", _("待派遣"), (A.CASE_DISPATCH,)),
    Inbox("sent_back", _("退回待重派"), (A.CASE_DISPATCH,), _("被部门退单或被市民要求重新办理")),
    Inbox("to_handle", _("待处置"), (A.CASE_HANDLE,)),
    Inbox("in_progress", _("处置中"), (A.CASE_HANDLE,)),
    Inbox("rework", _("返工"), (A.CASE_HANDLE,), _("核查不通过，退回重新处置")),
    Inbox("to_verify", _("待核查"), (A.CASE_VERIFY,)),
    Inbox("to_close", _("待结案"), (A.CASE_CLOSE,)),
    Inbox("overdue", _("已超期"), (A.CASE_URGE, A.CASE_DISPATCH)),
    Inbox("urged", _("被督办"), (A.CASE_DISPATCH, A.CASE_HANDLE)),
    Inbox("extension", _("延期申请"), (A.CASE_EXTENSION,)),
    Inbox("mine", _("我的上报"), (A.CASE_REPORT,), _("我上报且仍在办理的案件")),
    Inbox("open", _("全部在办"), (A.CASE_VIEW,)),
]
BY_KEY = {i.key: i for i in INBOXES}
CHOICES = [(i.key, i.label) for i in INBOXES]


def inboxes_for(user) -> list[Inbox]:
    """The inboxes this user has, in display order."""
    return [i for i in INBOXES if any(can(user, a) for a in i.actions)]


def filter_inbox(qs, key: str, user, now=None):
    """Narrow a case queryset to one inbox (always open cases only)."""
    now = now or timezone.now()
    return qs.filter(BY_KEY[key].q(user, now)).open()


def counts(user, boxes: list[Inbox] | None = None, now=None) -> dict[str, int]:
    """How many cases are in each of the user's inboxes: one aggregate query."""
    boxes = inboxes_for(user) if boxes is None else boxes
    if not boxes:
        return {}
    now = now or timezone.now()
    base = Case.objects.visible_to(user).open().order_by()
    # Count a column of the inbox indexes, not the pk: PostgreSQL can then answer from
    # case_inbox_counts alone (its indexes do not carry the row id as SQLite's do). 我的上报
    # filters on the pk, so it is counted by its own subquery, run once (it does not refer to
    # the outer rows); MAX only carries that one number through the aggregate.
    wanted: dict[str, Aggregate] = {}
    for box in boxes:
        if box.key == "mine":
            mine = base.filter(_mine(user, now)).values(n=Func(F("pk"), function="COUNT"))
            wanted["mine"] = Max(Subquery(mine, output_field=IntegerField()))
        else:
            wanted[box.key] = Count("area_path", filter=box.q(user, now))
    found = base.aggregate(**wanted)
    return {key: found[key] or 0 for key in wanted}


# --- batch actions -------------------------------------------------------------------------

BATCH_ACTIONS = {
    "accept": (A.CASE_ACCEPT, _("受理")),
    "dispatch": (A.CASE_DISPATCH, _("派遣")),
}


def batch_actions_for(user) -> list[tuple[str, StrOrPromise]]:
    """The batch buttons this user may press: (action, label)."""
    return [(key, label) for key, (perm, label) in BATCH_ACTIONS.items() if can(user, perm)]


def run_batch(*, action: str, codes: list[str], actor) -> tuple[list[str], list[tuple[str, str]]]:
    """Accept or dispatch (by the responsibility matrix) each case; (done, [(code, reason)])."""
    if action not in BATCH_ACTIONS:
        raise workflow.InvalidInput(_("不支持的批量操作"))
    codes = list(dict.fromkeys(c.strip().upper() for c in codes if c.strip()))[:200]
    wellformed = [c for c in codes if is_tracking_code(c)]  # a NUL never reaches the query
    found = {c.code: c for c in Case.objects.visible_to(actor).filter(code__in=wellformed)}
    done, failed = [], []
    for code in codes:
        case = found.get(code)
        if case is None:
            failed.append((code, str(_("案件不存在或不在您的管辖范围内"))))
            continue
        try:
            with transaction.atomic():
                workflow.perform(case=case, action=action, actor=actor)
        except workflow.WorkflowError as exc:
            failed.append((code, str(exc)))
        else:
            done.append(code)
    return done, failed
