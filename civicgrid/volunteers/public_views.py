"""The portal page where a resident applies to volunteer or to be a social supervisor."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.cases.errors import InvalidInput
from civicgrid.volunteers import services
from civicgrid.volunteers.forms import ApplyForm


def apply(request, code):
    community = get_object_or_404(Area, code=code, level=Level.COMMUNITY)
    form = ApplyForm(request.POST or None)
    done = None
    if request.method == "POST" and form.is_valid():
        try:
            done = services.apply(community=community, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_error(None, str(exc))
    status = 400 if form.is_bound and not done else 200
    context = {"community": community, "form": form, "done": done, "title": _("报名志愿者")}
    return render(request, "volunteers/apply.html", context, status=status)
