"""Cases taken into enforcement by the first squad's officer, for the enforcement tests."""

from civicgrid.cases import workflow as wf
from civicgrid.cases.tests.helpers import category, new_case
from civicgrid.catalog.models import ViolationType

SHOP = {
    "party_kind": "shop",
    "party_name": "老王水果店",
    "party_id_number": "92360702MA35XYZ12K",
    "party_phone": "13912345678",
}


def officer(city, squad=1, k=0):
    return city.handlers[f"enforcement{squad}"][k]


def vtype(code="V09006"):
    return ViolationType.objects.get(code=code)


def dispatched_to_squad(city, people, code="09006", **kwargs):
    """A report of 占道经营 in the first street, accepted and sent to the first squad."""
    case = new_case(city, category=category(code), description="店门口占道摆摊卖水果", **kwargs)
    wf.accept(case=case, actor=people.dispatcher)
    wf.dispatch(case=case, actor=people.dispatcher)
    assert case.department.code == "enforcement1"
    return case


def enforced(city, people, party=None, vt="V09006", **kwargs):
    """Taken into enforcement with the shop as the party."""
    case = dispatched_to_squad(city, people, **kwargs)
    wf.enforce(
        case=case, actor=officer(city), violation_type=vtype(vt), **(party or SHOP), note="现场检查"
    )
    return case
