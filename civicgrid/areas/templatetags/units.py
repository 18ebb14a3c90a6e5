"""Units shown to people: distances in whole metres, whatever precision the maths produced."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def metres(value) -> str:
    """2.991607368445537 -> "3 米"; None or "" -> ""."""
    if value is None or value == "":
        return ""
    return _("%(n)s 米") % {"n": round(float(value))}
