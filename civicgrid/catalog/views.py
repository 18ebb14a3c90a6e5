"""The public violation guide 一码通: no login, phone first, one page per type."""

from django import forms
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from civicgrid.catalog import guide
from civicgrid.catalog.models import ViolationType


class GuideSearchForm(forms.Form):
    q = forms.CharField(
        label=_("搜索违法行为"),
        max_length=50,
        required=False,
        error_messages={"max_length": _("搜索词最多 50 个字")},
    )


def guide_list(request):
    """Every violation type with what is allowed; searchable."""
    form = GuideSearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    types = [(vt, guide.conditions(vt)) for vt in guide.search(query)]
    context = {"form": form, "query": query, "types": types}
    return render(request, "catalog/guide_list.html", context)


def guide_detail(request, code):
    """One violation type: the legal basis, what the law says and the flexible measures."""
    vt = get_object_or_404(ViolationType, code=code.upper())
    context = {"vt": vt, "conditions": guide.conditions(vt)}
    return render(request, "catalog/guide_detail.html", context)
