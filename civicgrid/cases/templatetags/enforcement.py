"""`{{ event|enforcement_detail }}`: what an enforcement event decided, without the party."""

from django import template
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from civicgrid.catalog.choices import Measure
from civicgrid.catalog.models import ViolationType

register = template.Library()


ENFORCEMENT_ACTIONS = frozenset(
    {"enforce", "measure", "order_correct", "recheck", "recheck_failed"}
)


@register.filter
def resident_note(event) -> str:
    """The note a resident may read: none of an officer's enforcement notes, which may name
    the party; the structured line of `enforcement_detail` says what was decided."""
    return "" if event.action in ENFORCEMENT_ACTIONS else event.note


@register.filter
def enforcement_detail(event) -> str:
    """One line for an enforcement event's timeline entry; "" for every other event."""
    data = event.data or {}
    if event.action == "enforce":
        vt = ViolationType.objects.filter(code=data.get("violation_type")).first()
        return _("违法行为：%(type)s") % {"type": vt.name} if vt else ""
    if event.action in ("measure", "order_correct"):
        text = _("处置措施：%(measure)s") % {"measure": Measure(data["measure"]).label}
        if data.get("deadline"):
            due = date_format(localtime(parse_datetime(data["deadline"])), "Y-m-d H:i")
            text += _("，改正期限 %(due)s") % {"due": due}
        if data.get("decision_no"):
            text += _("，处罚决定书 %(no)s") % {"no": data["decision_no"]}
        return text
    if event.action in ("recheck", "recheck_failed"):
        return _("复查结果：已改正") if data.get("corrected") else _("复查结果：未改正，依法处罚")
    return ""
