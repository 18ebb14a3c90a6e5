"""Escalation up the area tree and the whistle 吹哨报到."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from civicgrid.cases.models import CaseEvent, WhistleSummons
from civicgrid.cases.workflow.changes import (
    change_escalate,
    summonses,
    whistle_data,
)
from civicgrid.cases.workflow.core import _require, transition
from civicgrid.cases.workflow.table import _department_of


def escalate(*, case, actor, reason, at=None) -> CaseEvent:
    """Hand a hard case one level up the area tree (网格 → 社区 → 街道 → 区)."""
    _require(reason.strip(), _("请填写上报理由"))
    return transition(case, "escalate", actor=actor, note=reason, apply=change_escalate, at=at)


def whistle(*, case, actor, departments, note="", at=None) -> CaseEvent:
    """Summon departments to the case (吹哨); each must report in within its own clock."""
    _require(departments, _("请选择需要报到的部门"))
    with transaction.atomic():
        event = transition(
            case, "whistle", actor=actor, note=note, at=at, data=whistle_data(departments)
        )
        WhistleSummons.objects.bulk_create(summonses(case, event, departments))
    return event


def report_in(*, case, actor, note="", at=None) -> CaseEvent:
    """A summoned department reports in (报到), stopping its whistle clock."""
    department_id = _department_of(actor)

    def apply(c, now):
        WhistleSummons.objects.filter(
            case=c, department_id=department_id, responded_at=None
        ).update(responded_at=now, responded_by=actor)

    return transition(
        case,
        "report_in",
        actor=actor,
        note=note,
        apply=apply,
        at=at,
        data={"department": department_id},
    )
