"""The case page's panel of campaigns: those the case counts for, and a form to add it to one."""

from django import template

from civicgrid.field.campaigns import campaigns_for_case

register = template.Library()


@register.inclusion_tag("field/partials/_case_campaigns.html", takes_context=True)
def case_campaigns(context, case):
    linked, addable = campaigns_for_case(user=context["request"].user, case=case)
    return {
        "case": case,
        "linked": linked,
        "addable": addable,
        "csrf_token": context.get("csrf_token"),
    }
