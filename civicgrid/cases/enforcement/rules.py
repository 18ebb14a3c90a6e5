"""The guide's conditions for each measure: one place, used by the workflow and by the form.

`unavailable()` tells why a measure cannot be taken on a case whatever the officer fills in
(the type does not allow it, an earlier offence, a failed re-check); the form offers only the
measures it allows. `refusal()` adds the conditions on what is filled in (minor and corrected,
a deadline, the decision number).
"""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from civicgrid.cases.enforcement.models import Enforcement
from civicgrid.catalog.choices import Measure

M = Measure


def enforcement_of(case) -> Enforcement | None:
    """The case's enforcement record, or None (read once per case object)."""
    if not case.pk:
        return None
    try:
        return case.enforcement
    except Enforcement.DoesNotExist:
        return None


def earlier_offence(record: Enforcement, *, now: datetime | None = None) -> Enforcement | None:
    """Another record of the same party for the same violation type within the look-back."""
    vt = record.case.violation_type
    if not record.party_id_number or vt is None:
        return None
    since = (now or timezone.now()) - timedelta(days=vt.first_offence_days)
    return (
        Enforcement.objects.filter(
            party_id_digest=record.party_id_digest,
            case__violation_type=vt,
            started_at__gte=since,
        )
        .exclude(case_id=record.case_id)
        .select_related("case")
        .order_by("-started_at")
        .first()
    )


def unavailable(case, measure: str, *, now: datetime | None = None) -> StrOrPromise | None:
    """Why `measure` may not be taken on this case whatever is filled in, or None."""
    record = enforcement_of(case)
    vt = case.violation_type
    if record is None or vt is None:
        return _("案件尚未转入执法处置")
    if measure not in M.values:
        return _("未知的处置措施")
    label = M(measure).label
    if record.penalty_due and measure != M.PENALTY:
        return _("复查未改正，只能依法予以行政处罚")
    if measure not in vt.measures:
        return _("“%(type)s”不适用“%(measure)s”（见违法行为指引）") % {
            "type": vt.name,
            "measure": label,
        }
    if measure == M.FIRST_OFFENCE:
        if not record.party_id_number:
            return _("首违不罚须登记当事人证件号码，以核实是否初次违法")
        earlier = earlier_offence(record, now=now)
        if earlier is not None:
            message = _(
                "当事人 %(days)s 天内已有“%(type)s”违法记录（案件 %(code)s），"
                "不是初次违法，不适用首违不罚"
            )
            code = earlier.case.code
            return message % {"days": vt.first_offence_days, "type": vt.name, "code": code}
    return None


def refusal(
    case,
    measure: str,
    *,
    minor: bool = False,
    corrected: bool = False,
    deadline: datetime | None = None,
    decision_no: str = "",
    legal_basis: str = "",
    service: str = "",
    now: datetime | None = None,
) -> StrOrPromise | None:
    """Why the guide refuses this measure with these details, or None when it allows it."""
    now = now or timezone.now()
    why = unavailable(case, measure, now=now)
    if why:
        return why
    vt = case.violation_type
    if measure == M.FIRST_OFFENCE and not corrected:
        return _("首违不罚须当事人及时改正（当场改正后方可不予处罚）")
    if measure == M.MINOR_EXEMPT:
        if not minor:
            return _("轻微免罚须情节轻微：%(rule)s") % {
                "rule": vt.minor_rule or _("见违法行为指引")
            }
        if not corrected:
            return _("轻微免罚须当事人及时改正（当场改正后方可免罚）")
    if measure == M.PUBLIC_SERVICE and not service.strip():
        return _("公益抵罚请填写当事人参加的公益服务内容")
    if measure == M.ORDER_CORRECT:
        if deadline is None:
            return _("责令改正须设定改正期限")
        if deadline <= now:
            return _("改正期限须晚于当前时间")
        if deadline > now + timedelta(days=vt.correct_days):
            return _("“%(type)s”的改正期限最长 %(days)s 天") % {
                "type": vt.name,
                "days": vt.correct_days,
            }
    if measure == M.PENALTY:
        if not (legal_basis.strip() or vt.legal_basis):
            return _("行政处罚须填写处罚依据")
        if not decision_no.strip():
            return _("行政处罚须填写处罚决定书文号")
    return None


def choices(case, *, now: datetime | None = None) -> tuple[list, list]:
    """The measures the form offers on this case, and the type's others with the reason."""
    offered, refused = [], []
    allowed = case.violation_type.measures if case.violation_type else []
    for value, label in M.choices:
        why = unavailable(case, value, now=now)
        if why is None:
            offered.append((value, label))
        elif value in allowed:
            refused.append((label, why))
    return offered, refused
