"""Staff intake: a case a staff member reports and, in the same step, accepts or handles.

A dispatcher registers a call or a walk-in and may accept it at once (立即受理); a grid worker
reports from the phone and may say it is already fixed (随手办). Either way the report and
its first action are one transaction: both are written or neither is.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from civicgrid.cases import services, workflow
from civicgrid.cases.models import Case
from civicgrid.people import actions
from civicgrid.people.scopes import can

FIRST_ACTIONS = ("accept", "self_handle")


class OutsideScope(workflow.NotAllowed):
    """The place lies outside the areas where the staff member may report."""


def register(*, actor, then: str = "", then_data: dict | None = None, **report_args) -> Case:
    """Report a case for `actor` within their own areas, then run `then` on it, all or nothing.

    `report_args` are report()'s. A repeated submission (same idempotency key, same content)
    returns the first case, with `repeated` set, and runs nothing again.
    """
    if then and then not in FIRST_ACTIONS:
        raise workflow.UnknownAction(_("未知操作"))
    with transaction.atomic():
        case = services.report(actor=actor, **report_args)
        if case.repeated:
            return case
        if not can(actor, actions.CASE_REPORT, case):
            raise OutsideScope(
                _("该位置不在您的管辖范围内，不能在此登记；请核对地点或选择您负责的社区。")
            )
        if then:
            workflow.perform(case=case, action=then, actor=actor, data=then_data or {})
    return case
