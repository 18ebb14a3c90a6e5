"""The enforcement tier 执法处置: take a case into enforcement, record a measure, re-check.

Each change also writes the case's Enforcement row (the party and the measure's details) in
the transition's transaction; the events carry the violation type, the measure and the
deadline but never the party's personal data, so the resident's timeline can show them.
"""

from datetime import datetime
from functools import partial

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from civicgrid.cases.choices import Tier
from civicgrid.cases.enforcement import rules
from civicgrid.cases.enforcement.models import Enforcement, PartyKind
from civicgrid.cases.errors import InvalidInput
from civicgrid.cases.models import Case, CaseEvent
from civicgrid.cases.sla import start_stage
from civicgrid.cases.workflow.changes import _finish_clock
from civicgrid.cases.workflow.core import _require, transition
from civicgrid.cases.workflow.table import refusal
from civicgrid.catalog.choices import Measure, Stage
from civicgrid.lib.privacy import normalise_mobile


def change_enforce(c: Case, now: datetime, *, actor, violation_type, party: dict) -> None:
    c.tier = Tier.ENFORCEMENT
    c.violation_type = violation_type
    c.handler = actor
    if c.department_id is None:
        # Taken straight from acceptance: the officer's own squad handles it.
        c.department_id = getattr(getattr(actor, "staff", None), "department_id", None)
        c.dispatched_at = now
        start_stage(c, Stage.HANDLE, now)
    record = Enforcement.objects.create(case_id=c.pk, officer=actor, started_at=now, **party)
    c._state.fields_cache["enforcement"] = record


def _record(c: Case) -> Enforcement:
    record = rules.enforcement_of(c)
    assert record is not None  # the rule's guard: the case is in enforcement
    return record


def change_measure(c: Case, now: datetime, *, measure: str, details: dict) -> None:
    record = _record(c)
    c.measure = measure
    for name, value in details.items():
        setattr(record, name, value)
    record.measured_at = now
    record.save()
    if measure == Measure.ORDER_CORRECT:
        # The correction period is the handling deadline: the re-check is due when it ends.
        deadline = details["deadline"]
        c.handle_due = c.due_at = deadline
        c.warn_at = now + (deadline - now) * settings.CIVICGRID_WARN_SHARE
        return
    c.handled_at = now
    start_stage(c, Stage.VERIFY, now)


def change_recheck(c: Case, now: datetime, *, corrected: bool) -> None:
    record = _record(c)
    record.rechecked_at = now
    record.corrected = corrected
    record.save(update_fields=["rechecked_at", "corrected"])
    if corrected:
        c.handled_at = now
        start_stage(c, Stage.VERIFY, now)
    else:
        _finish_clock(c, now)  # no deadline until the penalty is decided


def _party(kind, name, id_number, phone) -> dict:
    if kind not in PartyKind.values:
        raise InvalidInput(_("请选择当事人类型（商户或个人）"))
    name = (name or "").strip()
    _require(name, _("请填写当事人名称或姓名"))
    id_number = (id_number or "").strip().upper()
    if id_number and not id_number.isalnum():
        raise InvalidInput(_("证件号码只能包含数字和字母"))
    if phone:
        try:
            phone = normalise_mobile(phone)
        except ValueError as exc:
            raise InvalidInput(str(exc)) from exc
    return {
        "party_kind": kind,
        "party_name": name[:100],
        "party_id_number": id_number[:30],
        "party_phone": phone or "",
    }


def enforce(
    *,
    case,
    actor,
    violation_type,
    party_kind,
    party_name,
    party_id_number="",
    party_phone="",
    note="",
    photos=(),
    at=None,
) -> CaseEvent:
    """Take a case into enforcement (转入执法处置): the violation type and the party."""
    _require(violation_type, _("请选择违法行为类型"))
    party = _party(party_kind, party_name, party_id_number, party_phone)
    apply = partial(change_enforce, actor=actor, violation_type=violation_type, party=party)
    data = {"violation_type": violation_type.code, "party_kind": party_kind}
    return transition(
        case, "enforce", actor=actor, note=note, apply=apply, photos=photos, at=at, data=data
    )


def measure(
    *,
    case,
    actor,
    measure,
    minor=False,
    corrected=False,
    deadline=None,
    legal_basis="",
    decision_no="",
    service="",
    note="",
    photos=(),
    at=None,
) -> CaseEvent:
    """Record the measure taken (教育劝导, 首违不罚 ... 行政处罚) under the guide's conditions."""
    inputs = {
        "minor": bool(minor),
        "corrected": bool(corrected),
        "deadline": deadline,
        "legal_basis": (legal_basis or "").strip()[:300],
        "decision_no": (decision_no or "").strip()[:60],
        "service": (service or "").strip()[:200],
    }
    action = "order_correct" if measure == Measure.ORDER_CORRECT else "measure"
    refused = refusal(case, action, actor)  # who and when first, then the guide
    if refused:
        raise refused
    why = rules.refusal(case, measure, now=at, **inputs)
    if why:
        raise InvalidInput(why)
    details = {"minor": inputs["minor"], "corrected": inputs["corrected"] or None}
    data: dict = {"measure": measure}
    if measure == Measure.ORDER_CORRECT:
        details.update(deadline=deadline, corrected=None)
        data["deadline"] = deadline.isoformat()
    elif measure == Measure.PENALTY:
        basis = inputs["legal_basis"] or case.violation_type.legal_basis
        details.update(legal_basis=basis, decision_no=inputs["decision_no"])
        data.update(legal_basis=basis, decision_no=inputs["decision_no"])
    elif measure == Measure.PUBLIC_SERVICE:
        details["service"] = inputs["service"]
    record = rules.enforcement_of(case)
    if measure == Measure.PENALTY and record is not None and record.penalty_due:
        details["corrected"] = False  # keep the re-check's finding
    apply = partial(change_measure, measure=measure, details=details)
    return transition(
        case, action, actor=actor, note=note, apply=apply, photos=photos, at=at, data=data
    )


def recheck(*, case, actor, corrected, note="", photos=(), at=None) -> CaseEvent:
    """Re-check an order to correct (复查): corrected closes the handling, not → a penalty."""
    if corrected in ("", None):
        raise InvalidInput(_("请选择复查结果：已改正或未改正"))
    corrected = corrected in (True, "1", "yes", "true", "corrected")
    if not corrected:
        _require(note.strip(), _("复查未改正时请写明现场情况"))
    action = "recheck" if corrected else "recheck_failed"
    apply = partial(change_recheck, corrected=corrected)
    return transition(
        case,
        action,
        actor=actor,
        note=note,
        apply=apply,
        photos=photos,
        at=at,
        data={"corrected": corrected},
    )
