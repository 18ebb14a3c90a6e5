"""Survey pages: residents answer on a phone without login; staff publish and read results."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.audit.log import log
from civicgrid.audit.models import Kind
from civicgrid.cases.export import write_tables
from civicgrid.cases.models import Case
from civicgrid.consult import surveys
from civicgrid.consult.choices import QuestionKind, SurveyKind
from civicgrid.consult.models import Survey
from civicgrid.consult.survey_forms import ResponseForm, SurveyForm
from civicgrid.consult.views import LIMITED, answers_per_ip
from civicgrid.intake import ratelimit, residents
from civicgrid.lib.privacy import mask_phone

COOKIE, SALT, YEAR = "cg_survey", "consult.survey", 365 * 24 * 3600


def _browser(request) -> tuple[str, bool]:
    """This browser's survey key, and whether it is new (then the response sets it)."""
    key = request.get_signed_cookie(COOKIE, default="", salt=SALT)
    return (key, False) if key else (uuid.uuid4().hex, True)


def _case(request, survey) -> Case | None:
    """The case a satisfaction survey follows up: the reporter's own browser only."""
    code = request.GET.get("case", "")[:30].upper()
    if survey.kind != SurveyKind.SATISFACTION or not code:
        return None
    if not residents.is_owner(request, code, request.GET.get("k", "")[:64]):
        return None
    return Case.objects.filter(code=code).first()


def survey_detail(request, pk):
    survey = get_object_or_404(Survey.objects.public().select_related("area"), pk=pk)
    key, new = _browser(request)
    case = _case(request, survey)
    # A follow-up is once per case: the same browser answers again for its next case.
    browser = surveys.browser_digest(f"{key}:{case.code}" if case else key)
    done = survey.responses.filter(browser=browser).exists()
    initial = {"community": request.GET["c"][:20]} if "c" in request.GET else {}
    form = ResponseForm(request.POST or None, survey=survey, initial=initial)
    status = 200
    if request.method == "POST" and not done:
        status = 400
        limits = ((answers_per_ip(), ratelimit.client_ip(request)),)
        if not form.is_valid():
            pass
        elif ratelimit.take(*limits):
            form.add_error(None, LIMITED)
            status = 429
        else:
            try:
                surveys.respond(
                    survey=survey,
                    answers=form.answers(),
                    browser=browser,
                    community=form.cleaned_data.get("community"),
                    phone=form.cleaned_data["phone"],
                    case=case,
                )
            except surveys.InvalidInput as exc:
                ratelimit.give_back(*limits)
                form.add_error(None, str(exc))
                status = 409 if isinstance(exc, surveys.AlreadyAnswered | surveys.Closed) else 400
            else:
                response = redirect("consult:survey-thanks", pk=survey.pk)
                return _keep(response, key, new)
    context = {"survey": survey, "form": form, "done": done, "case": case}
    context["needs_case"] = survey.kind == SurveyKind.SATISFACTION and case is None
    response = render(request, "consult/survey_detail.html", context, status=status)
    return _keep(response, key, new)


def _keep(response, key: str, new: bool):
    if new:
        response.set_signed_cookie(
            COOKIE,
            key,
            salt=SALT,
            max_age=YEAR,
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
            samesite="Lax",
        )
    return response


def survey_thanks(request, pk):
    survey = get_object_or_404(Survey.objects.public(), pk=pk)
    return render(request, "consult/survey_thanks.html", {"survey": survey})


# --- staff ----------------------------------------------------------------------------


def _mine(request, pk) -> Survey:
    survey = surveys.surveys_for(request.user).filter(pk=pk).first()
    if survey is None:
        raise Http404(_("调查问卷不存在或不在您的管辖范围内"))
    return survey


@login_required
def survey_list(request):
    found = surveys.surveys_for(request.user).order_by("-starts_on", "-pk")[:200]
    form = SurveyForm(user=request.user)
    context = {"surveys": found, "may_publish": form.fields["area"].queryset.exists()}
    return render(request, "consult/survey_list.html", context)


@login_required
def survey_create(request):
    form = SurveyForm(request.POST or None, user=request.user)
    if not form.fields["area"].queryset.exists():
        raise PermissionDenied(_("您没有发布调查问卷的权限"))
    if request.method == "POST" and form.is_valid():
        try:
            survey = surveys.publish(actor=request.user, **form.cleaned_data)
        except surveys.InvalidInput as exc:
            form.add_error(None, str(exc))
        except surveys.NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
        else:
            messages.success(request, _("已发布：%(title)s") % {"title": survey.title})
            return redirect("consult:survey-results", pk=survey.pk)
    elif request.method != "POST":
        today = timezone.localdate()
        form.initial = {"starts_on": today, "ends_on": today + timezone.timedelta(days=14)}
    return render(request, "consult/survey_form.html", {"form": form})


@login_required
def survey_results(request, pk):
    survey = _mine(request, pk)
    responses = surveys.responses_for(request.user, survey)
    total, rows = surveys.results(survey, responses)
    context = {
        "survey": survey,
        "total": total,
        "rows": rows,
        "by_community": surveys.by_community(responses),
        "text_kind": QuestionKind.TEXT,
    }
    return render(request, "consult/survey_results.html", context)


@login_required
def survey_export(request, pk):
    """Every response (one column a question) and the counts, as Excel; phones masked."""
    survey = _mine(request, pk)
    responses = surveys.responses_for(request.user, survey).select_related("community", "case")
    total, rows = surveys.results(survey, responses)
    questions = list(survey.questions.all())
    columns = [(_("提交时间"), 17), (_("所在社区"), 20), (_("回访案件"), 16), (_("手机号"), 14)]
    columns += [(f"{q.position}. {q.text}", 30) for q in questions]
    lines = []
    for r in responses.prefetch_related("replies"):
        got = {reply.question_id: reply for reply in r.replies.all()}
        cells = [
            f"{timezone.localtime(r.created_at):%Y-%m-%d %H:%M}",
            r.community.name,
            r.case.code if r.case else "",
            mask_phone(r.phone) if r.phone else "",
        ]
        for q in questions:
            reply = got.get(q.pk)
            if reply is None:
                cells.append("")
            elif q.kind == QuestionKind.TEXT:
                cells.append(reply.text)
            else:
                cells.append("、".join(q.options[c] for c in reply.choices if c < len(q.options)))
        lines.append(cells)
    counts = [[str(_("答卷总数")), total, ""]]
    for row in rows:
        counts += [[f"{row.question.position}. {o}", n, f"{p}%"] for o, n, p in row.counts]
    sheets = [
        (_("答卷"), columns, lines),
        (_("汇总"), [(_("选项"), 40), (_("人数"), 10), (_("占比"), 10)], counts),
    ]
    out = write_tables(sheets)
    log(Kind.EXPORT, request=request, target=f"survey:{survey.pk}", rows=len(lines))
    name = _("调查问卷-%(pk)s.xlsx") % {"pk": survey.pk}
    return FileResponse(out, as_attachment=True, filename=name)
