"""Staff pages of trainings and 双报到: the sessions, one session's attendees, the totals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from civicgrid.audit.log import log
from civicgrid.audit.models import Kind
from civicgrid.lib.forms import report_form_errors
from civicgrid.people import actions
from civicgrid.volunteers import access, export, training
from civicgrid.volunteers.forms import AttendeeForm, TrainingForm
from civicgrid.volunteers.views import _year, edit_page


def _this_year(request):
    access.require(request.user, actions.TRAINING_MANAGE)
    year = _year(request)
    return access.visible_trainings(request.user).filter(day__year=year), year


@login_required
def training_list(request):
    """The year's sessions in scope, with totals per station and per person."""
    held, year = _this_year(request)
    context = {
        "trainings": held.select_related("community")
        .annotate(n=Count("attendees"))
        .order_by("-day", "-pk")[:100],
        "stations": training.per_station(held),
        "people": training.per_person(held)[:50],
        "year": year,
    }
    return render(request, "volunteers/training_list.html", context)


@login_required
def training_export(request):
    held, year = _this_year(request)
    out, written = export.write_training(training.per_person(held), training.per_station(held))
    log(Kind.EXPORT, request=request, target="volunteers:training", rows=written)
    name = _("培训与双报到-%(year)s.xlsx") % {"year": year}
    return FileResponse(out, as_attachment=True, filename=name)


@login_required
def training_new(request):
    access.require(request.user, actions.TRAINING_MANAGE)
    form = TrainingForm(request.POST or None, user=request.user)
    form.instance.created_by = request.user
    page = {
        "title": _("登记培训或双报到"),
        "back": reverse("volunteers:training-list"),
        "form_id": "training-form",
        "note": _("登记后在下一页勾选参加人员。"),
    }
    return edit_page(request, form, page, "volunteers:training-detail")


@login_required
def training_detail(request, pk):
    """One session and who attended; ticking more people adds them."""
    held = access.training_for(request.user, pk)
    posted = request.POST if request.method == "POST" else None
    form = AttendeeForm(posted, training=held)
    if request.method == "POST":
        if form.is_valid():
            added = training.add_attendees(
                training=held,
                staff=form.cleaned_data["staff"],
                volunteers=form.cleaned_data["volunteers"],
            )
            messages.success(request, _("已添加 %(n)s 名参加人员") % {"n": added})
            return redirect("volunteers:training-detail", pk=held.pk)
        report_form_errors(request, form)
    attendees = held.attendees.select_related("user__staff", "volunteer").order_by("pk")
    context = {"training": held, "form": form, "attendees": attendees}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "volunteers/training_detail.html", context, status=status)
