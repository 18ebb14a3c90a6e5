"""The enforcement record as people read it: the party shown in full (logged), measure counts."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from civicgrid.audit.log import log
from civicgrid.audit.models import Kind
from civicgrid.cases.enforcement.models import Enforcement
from civicgrid.cases.enforcement.rules import enforcement_of
from civicgrid.cases.errors import InvalidInput, NotAllowed
from civicgrid.catalog.choices import Measure
from civicgrid.people import actions
from civicgrid.people.scopes import can


def reveal_party(*, case, user, request=None) -> Enforcement:
    """The party's full name, ID number and phone, for those allowed; every view is logged."""
    if not can(user, actions.CASE_VIEW_PARTY, case):
        raise NotAllowed(_("您没有查看执法当事人完整信息的权限"))
    record = enforcement_of(case)
    if record is None:
        raise InvalidInput(_("该案件没有执法记录"))
    log(Kind.PII_VIEW, request=request, actor=user, target=case.code, field="enforcement.party")
    return record


def measures_for(cases) -> dict[str, int]:
    """How many of these cases ended with each measure, every measure listed (0 for none)."""
    counts = dict(
        cases.exclude(measure="").order_by().values_list("measure").annotate(n=Count("id"))
    )
    return {value: counts.get(value, 0) for value in Measure.values}
