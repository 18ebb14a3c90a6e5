"""Resident pages (no login, phone first) and the staff desk of public consultations."""

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.audit.log import log
from civicgrid.audit.models import Kind
from civicgrid.consult import access, export, services
from civicgrid.consult.forms import AnswerForm, TopicForm
from civicgrid.consult.models import Topic
from civicgrid.intake import ratelimit
from civicgrid.lib import keyset
from civicgrid.people import actions
from civicgrid.people.scopes import can

LIMITED = gettext_lazy("提交过于频繁，请稍后再试。")
PAGE_SIZE = 30
NEWEST_FIRST = [keyset.Part(where=Q(), columns=(("created_at", True), ("pk", True)))]


def answers_per_ip() -> ratelimit.Limit:
    return ratelimit.Limit("consult-ip", settings.CIVICGRID_RATE_ANSWERS_PER_IP_HOUR, 3600)


# --- residents ------------------------------------------------------------------------


def _community_from(request) -> Area | None:
    code = request.GET.get("c", "")[:20]
    return Area.objects.filter(code=code, level=Level.COMMUNITY).first() if code else None


def topic_list(request):
    """Open topics, and those ended lately; with ?c= only those reaching that community."""
    community = _community_from(request)
    topics = services.public_topics(community=community)
    return render(request, "consult/topic_list.html", {"topics": topics, "community": community})


def topic_detail(request, pk):
    """A topic and its answer form; an ended topic says so and takes no answer."""
    topic = get_object_or_404(Topic.objects.public().select_related("area"), pk=pk)
    community = _community_from(request)
    if request.method != "POST":
        initial = {"community": community.code} if community else {}
        return _page(request, topic, AnswerForm(topic=topic, initial=initial))
    form = AnswerForm(request.POST, topic=topic)
    if not topic.is_open:
        form.is_valid()  # the page shows what was typed, with the refusal above it
        messages.error(request, _("这项意见征集已结束，不再接收意见。感谢您的关注！"))
        return _page(request, topic, form, status=409)
    if not form.is_valid():
        return _page(request, topic, form, status=400)
    fields = form.answer_fields()
    key = form.cleaned_data["client_key"] or None
    limits = ((answers_per_ip(), ratelimit.client_ip(request)),)
    if refusal := ratelimit.take(*limits):
        if services.answered_with(key, **fields):
            return redirect("consult:answer-thanks", pk=topic.pk)  # a retry of a sent answer
        form.add_error(None, LIMITED)
        response = _page(request, topic, form, status=429)
        response["Retry-After"] = str(refusal.retry_after)
        return response
    try:
        answer = services.answer(**fields, client_key=key)
    except services.InvalidInput as exc:
        ratelimit.give_back(*limits)
        form.add_error(None, str(exc))
        return _page(request, topic, form, status=409 if isinstance(exc, services.Closed) else 400)
    if answer.repeated:
        ratelimit.give_back(*limits)
    return redirect("consult:answer-thanks", pk=topic.pk)


def _page(request, topic, form, status=200):
    context = {"topic": topic, "form": form, "community": _community_from(request)}
    return render(request, "consult/topic_detail.html", context, status=status)


def answer_thanks(request, pk):
    """After an answer: thanks, and the way back."""
    topic = get_object_or_404(Topic.objects.public(), pk=pk)
    return render(request, "consult/answer_thanks.html", {"topic": topic})


# --- staff ----------------------------------------------------------------------------


@login_required
def manage_list(request):
    """The topics in this user's scope, with how many answers they may read of each."""
    visible = access.answer_scope(request.user, prefix="answers__")
    topics = access.topics_for(request.user).annotate(n=Count("answers", filter=visible))
    context = {
        "topics": topics.order_by("-starts_on", "-pk")[:200],
        "may_publish": access.publishing_areas(request.user).exists(),
    }
    return render(request, "consult/manage_list.html", context)


@login_required
def topic_create(request):
    """Publish a new topic for a street or the district."""
    if not access.publishing_areas(request.user).exists():
        raise PermissionDenied(_("您没有发布意见征集的权限"))
    form = TopicForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.publish(actor=request.user, **form.cleaned_data)
        except services.ConsultError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已发布：%(title)s") % {"title": topic.title})
            return redirect("consult:answer-list", pk=topic.pk)
    elif request.method != "POST":
        today = timezone.localdate()
        form.initial = {"starts_on": today, "ends_on": today + timedelta(days=14)}
    return render(request, "consult/topic_form.html", {"form": form, "topic": None})


@login_required
def topic_edit(request, pk):
    """Change a topic's text or period (end it early by moving its last day)."""
    topic = access.topic_for(request.user, pk, manage=True)
    form = TopicForm(request.POST or None, user=request.user, initial=TopicForm.initial_for(topic))
    answered = topic.answers.exists()
    if answered:  # what the answers were counted under stays; the page shows it, greyed
        for name in ("area", "question", "options"):
            form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.update(topic=topic, actor=request.user, **form.cleaned_data)
        except services.ConsultError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已保存"))
            return redirect("consult:answer-list", pk=topic.pk)
    context = {"form": form, "topic": topic, "answered": answered}
    return render(request, "consult/topic_form.html", context)


def _filters(request) -> dict:
    return {name: request.GET.get(name, "").strip()[:50] for name in ("q", "community", "choice")}


@login_required
def answer_list(request, pk):
    """A topic's answers grouped (per choice, per community) and listed, with search."""
    topic = access.topic_for(request.user, pk)
    answers = access.answers_for(request.user, topic)
    wanted = _filters(request)
    found = services.search(answers.select_related("community", "topic"), **wanted)
    try:
        page = keyset.paginate(
            found, NEWEST_FIRST, size=PAGE_SIZE, cursor=request.GET.get("cursor", "")
        )
    except keyset.CursorError as exc:
        messages.error(request, str(exc))
        page = keyset.paginate(found, NEWEST_FIRST, size=PAGE_SIZE)
    context = {
        "topic": topic,
        "summary": services.summary(topic=topic, answers=answers),
        "page": page,
        "wanted": wanted,
        "query": urlencode({k: v for k, v in wanted.items() if v}),
        "filtered": any(wanted.values()),
        "communities": services.communities(topic),
        "may_edit": can(request.user, actions.CONSULT_MANAGE, topic),
    }
    return render(request, "consult/answer_list.html", context)


@login_required
def answer_export(request, pk):
    """All answers this user may read, and their grouping, as an Excel file."""
    topic = access.topic_for(request.user, pk)
    answers = access.answers_for(request.user, topic)
    summary = services.summary(topic=topic, answers=answers)
    out, written, capped = export.write_xlsx(topic=topic, answers=answers, summary=summary)
    log(Kind.EXPORT, request=request, target=f"consult:{topic.pk}", rows=written)
    name = _("意见征集-%(pk)s-%(time)s.xlsx") % {
        "pk": topic.pk,
        "time": f"{timezone.localtime():%Y%m%d-%H%M}",
    }
    response = FileResponse(out, as_attachment=True, filename=name)
    response["X-Rows"] = str(written)
    response["X-Capped"] = "1" if capped else "0"
    return response
