"""Staff pages of the registry: the list, a person's page, their activities and points."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, Count, Q, When
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.audit.log import log
from civicgrid.audit.models import Kind
from civicgrid.cases.errors import InvalidInput
from civicgrid.lib.forms import report_form_errors
from civicgrid.people import actions
from civicgrid.people.scopes import can
from civicgrid.volunteers import access, export, services
from civicgrid.volunteers.choices import PersonKind, PersonStatus
from civicgrid.volunteers.forms import ActivityForm, VolunteerForm

PAGE = 200
PENDING_FIRST = Case(When(status=PersonStatus.PENDING, then=0), default=1)


def _filtered(request):
    access.require(request.user, actions.VOLUNTEER_MANAGE)
    people = access.visible_volunteers(request.user)
    kind, status = request.GET.get("kind", ""), request.GET.get("status", "")
    if kind in PersonKind.values:
        people = people.filter(kind=kind)
    if status in PersonStatus.values:
        people = people.filter(status=status)
    return people, kind, status


@login_required
def volunteer_list(request):
    """The registry in scope, pending applications first; counts by kind and status."""
    people, kind, status = _filtered(request)
    counts = people.aggregate(
        all=Count("id"),
        pending=Count("id", filter=Q(status=PersonStatus.PENDING)),
        supervisors=Count("id", filter=Q(kind=PersonKind.SUPERVISOR, status=PersonStatus.ACTIVE)),
    )
    context = {
        "people": people.select_related("community").order_by(PENDING_FIRST, "area_path", "pk")[
            :PAGE
        ],
        "counts": counts,
        "kind": kind,
        "status": status,
        "kinds": PersonKind.choices,
        "statuses": PersonStatus.choices,
        "query": request.GET.urlencode(),
    }
    return render(request, "volunteers/volunteer_list.html", context)


@login_required
def volunteer_export(request):
    people, _kind, _status = _filtered(request)
    out, written = export.write_registry(people)
    log(Kind.EXPORT, request=request, target="volunteers:list", rows=written)
    name = _("志愿者名册-%(time)s.xlsx") % {"time": f"{timezone.localtime():%Y%m%d-%H%M}"}
    return FileResponse(out, as_attachment=True, filename=name)


@login_required
def volunteer_edit(request, pk=None):
    """Register a person, or change one."""
    access.require(request.user, actions.VOLUNTEER_MANAGE)
    person = access.volunteer_for(request.user, pk) if pk else None
    form = VolunteerForm(request.POST or None, instance=person, user=request.user)
    page = {
        "title": _("修改人员信息") if person else _("登记志愿者或监督员"),
        "back": reverse("volunteers:volunteer-detail", args=[person.pk])
        if person
        else reverse("volunteers:volunteer-list"),
        "form_id": "volunteer-form",
        "note": _("姓名和手机号加密保存，页面只显示部分号码。"),
    }
    return edit_page(request, form, page, "volunteers:volunteer-detail")


def edit_page(request, form, page: dict, detail: str):
    """Save a posted model form and open the saved row's page, or show the form's Chinese
    errors (400)."""
    if request.method == "POST":
        if form.is_valid():
            saved = form.save()
            messages.success(request, _("已保存：%(name)s") % {"name": saved})
            return redirect(detail, pk=saved.pk)
        report_form_errors(request, form)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "volunteers/edit_form.html", {"form": form, **page}, status=status)


@login_required
def volunteer_detail(request, pk):
    """A person on the phone: details, what they took part in, their points this year."""
    person = access.volunteer_for(request.user, pk)
    return _detail(request, person, ActivityForm(user=request.user))


def _detail(request, person, form, status=200):
    year = timezone.localdate().year
    context = {
        "person": person,
        "form": form,
        "year": year,
        "points": services.year_points(person, year),
        "activities": person.activities.select_related("case")[:30],
        "entries": person.entries.select_related("activity")[:30],
        "may_train": can(request.user, actions.TRAINING_MANAGE, person),
    }
    return render(request, "volunteers/volunteer_detail.html", context, status=status)


@login_required
@require_POST
def volunteer_phone(request, pk):
    """Show the full phone number once; the view is logged."""
    person = access.volunteer_for(request.user, pk)
    log(Kind.PII_VIEW, request=request, target=f"volunteer:{person.pk}", field="volunteer.phone")
    messages.info(
        request,
        _("%(name)s 的手机号：%(phone)s（本次查看已记录）")
        % {"name": person.name, "phone": person.phone},
    )
    return redirect("volunteers:volunteer-detail", pk=person.pk)


@login_required
@require_POST
def volunteer_approve(request, pk):
    person = access.volunteer_for(request.user, pk)
    try:
        services.approve(volunteer=person, actor=request.user)
    except InvalidInput as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已通过 %(name)s 的申请") % {"name": person.name})
    return redirect("volunteers:volunteer-detail", pk=person.pk)


@login_required
@require_POST
def activity_new(request, pk):
    """Record one activity; its points follow the rule of its kind."""
    person = access.volunteer_for(request.user, pk)
    form = ActivityForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.record(volunteer=person, actor=request.user, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已登记参与记录"))
            return redirect("volunteers:volunteer-detail", pk=person.pk)
    report_form_errors(request, form)
    return _detail(request, person, form, status=400)


def _year(request) -> int:
    today = timezone.localdate().year
    try:
        year = int(request.GET.get("year", today))
    except ValueError:
        return today
    return year if 2000 <= year <= today else today


@login_required
def ranking(request):
    """The year's points per person in scope, most first."""
    people, _kind, _status = _filtered(request)
    year = _year(request)
    rows = services.ranking(people, year)
    if request.GET.get("format") == "xlsx":
        out, written = export.write_ranking(rows, year)
        log(Kind.EXPORT, request=request, target="volunteers:ranking", rows=written)
        name = _("志愿积分排行-%(year)s.xlsx") % {"year": year}
        return FileResponse(out, as_attachment=True, filename=name)
    years = range(timezone.localdate().year, timezone.localdate().year - 3, -1)
    context = {"rows": rows[:PAGE], "year": year, "years": years}
    return render(request, "volunteers/ranking.html", context)
