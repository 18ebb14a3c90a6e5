"""`{% can user "case.view_contact" case as may_see_phone %}`: a template asks `can()`, once.

A page offers a control only when following it is permitted, so nobody meets a blank 403.
An unknown action name is an error, not a button that silently never shows.
"""

from django import template

from civicgrid.people.actions import ACTIONS
from civicgrid.people.scopes import can as _can

register = template.Library()


@register.simple_tag(name="can")
def can_tag(user, action: str, obj=None) -> bool:
    if action not in ACTIONS:
        raise template.TemplateSyntaxError(f"unknown action {action!r}")
    return _can(user, action, obj)
