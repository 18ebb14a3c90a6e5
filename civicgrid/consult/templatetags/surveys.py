from django import template

from civicgrid.consult import surveys

register = template.Library()


@register.inclusion_tag("consult/partials/_followup.html")
def followup(case):
    """The satisfaction follow-up link on a closed case's tracking page, if one is open and
    the case is not answered yet."""
    survey = surveys.followup_for(case)
    if survey is not None and survey.responses.filter(case=case).exists():
        survey = None
    return {"survey": survey, "case": case}
