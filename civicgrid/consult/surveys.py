"""Surveys (调查问卷): publishing, answering once per person, and the results.

Answer-once: a response is unique per survey for the browser (the digest of a signed cookie),
for the phone (its keyed digest, when given) and, for the satisfaction kind, for the case. The
errors, phone rules and rate limit are consult's (services.py, views.py), not a copy.

Satisfaction follow-up and the case's own rating: Case.rating (1-5, the resident's rating on
the tracking page) stays the case's one rating in every statistic; a follow-up response is a
separate record tied to the case and counted only in this survey's results, never written to
Case.rating, so no case is counted twice anywhere.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.choices import Level
from civicgrid.areas.models import PATH_SEP, Area, path_codes
from civicgrid.cases.choices import Status
from civicgrid.consult.choices import QuestionKind, SurveyKind, TopicStatus
from civicgrid.consult.models import (
    MAX_ANSWER_CHARS,
    MAX_OPTIONS,
    Question,
    Reply,
    Response,
    Survey,
)
from civicgrid.consult.services import Closed, InvalidInput, NotAllowed
from civicgrid.lib.privacy import normalise_mobile
from civicgrid.lib.text import visible
from civicgrid.people import actions
from civicgrid.people.scopes import can, scope_filter, under

MAX_QUESTIONS = 20
PUBLISHED_AT = (Level.DISTRICT, Level.STREET, Level.COMMUNITY)


class AlreadyAnswered(InvalidInput):
    pass


def parse_questions(text: str) -> list[dict]:
    """Staff type questions as blocks split by a blank line: the first line "单选：题目",
    "多选：题目" or "填空：题目" ("（选答）" at its end: optional), then one option a line."""
    kinds = {"单选": QuestionKind.SINGLE, "多选": QuestionKind.MULTIPLE, "填空": QuestionKind.TEXT}
    found: list = []
    for block in (text or "").replace("\r", "").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        head, _sep, title = lines[0].replace(":", "：").partition("：")
        if head not in kinds or not visible(title):
            raise InvalidInput(
                _("第 %(n)s 题的第一行应为“单选：题目”“多选：题目”或“填空：题目”")
                % {"n": len(found) + 1}
            )
        optional = title.endswith("（选答）")
        found.append(
            {
                "kind": kinds[head],
                "text": title.removesuffix("（选答）").strip(),
                "options": lines[1:],
                "required": not optional,
            }
        )
    return found


def _clean_questions(questions: list[dict]) -> list[dict]:
    if not questions:
        raise InvalidInput(_("请至少填写一道题目"))
    if len(questions) > MAX_QUESTIONS:
        raise InvalidInput(_("最多 %(count)s 道题目") % {"count": MAX_QUESTIONS})
    for n, q in enumerate(questions, start=1):
        options = q.get("options") or []
        if len(q["text"]) > 200 or any(len(o) > 100 for o in options):
            raise InvalidInput(_("第 %(n)s 题：题目最多 200 字，选项最多 100 字") % {"n": n})
        if q["kind"] == QuestionKind.TEXT:
            q["options"] = []
        elif not 2 <= len(options) <= MAX_OPTIONS or len(set(options)) != len(options):
            raise InvalidInput(
                _("第 %(n)s 题：选择题需要 2 至 %(max)s 个不重复的选项")
                % {"n": n, "max": MAX_OPTIONS}
            )
    return questions


def publish(
    *,
    actor,
    area: Area,
    title: str,
    starts_on: date,
    ends_on: date,
    questions: list[dict],
    description: str = "",
    kind: str = SurveyKind.COMMUNITY,
) -> Survey:
    """A survey for a community (its station head), a street or the district."""
    if not can(actor, actions.SURVEY_MANAGE, area):
        raise NotAllowed(_("您没有在该区域发布调查问卷的权限"))
    title = (title or "").strip()
    if not visible(title):
        raise InvalidInput(_("请填写标题"))
    if area.level not in PUBLISHED_AT:
        raise InvalidInput(_("调查问卷只能面向社区、街道或区发布"))
    if ends_on < starts_on:
        raise InvalidInput(_("截止日期不能早于开始日期"))
    questions = _clean_questions(questions)
    with transaction.atomic():
        survey = Survey.objects.create(
            area=area,
            kind=kind,
            title=title[:100],
            description=(description or "").strip()[:2000],
            starts_on=starts_on,
            ends_on=ends_on,
            created_by=actor,
        )
        Question.objects.bulk_create(
            Question(survey=survey, position=n, **q) for n, q in enumerate(questions, start=1)
        )
    return survey


def surveys_for(user):
    """Surveys this user may read the results of (survey.manage over their area)."""
    found = scope_filter(user, actions.SURVEY_MANAGE, area_field="area__path", department=None)
    return Survey.objects.filter(found).select_related("area")


def responses_for(user, survey: Survey):
    found = scope_filter(user, actions.SURVEY_MANAGE, area_field="community__path", department=None)
    return survey.responses.filter(found)


def communities(survey: Survey):
    if survey.area.level == Level.COMMUNITY:
        return Area.objects.filter(pk=survey.area_id)
    return Area.objects.filter(under("path", survey.area.path), level=Level.COMMUNITY).order_by(
        "path"
    )


def browser_digest(cookie: str) -> str:
    return hashlib.sha256(f"survey-browser:{cookie}".encode()).hexdigest()


def followup_for(case) -> Survey | None:
    """The open satisfaction survey reaching a closed case's place, nearest area first."""
    if case.status != Status.CLOSED:
        return None
    paths = _prefixes(case.area_path)
    found = Survey.objects.open().filter(kind=SurveyKind.SATISFACTION, area__path__in=paths)
    return found.order_by("-area__level", "-pk").first()


def public_surveys(community: Area) -> list[Survey]:
    """Open community surveys its residents may answer (its own, its street's, district's)."""
    found = Survey.objects.open().filter(
        kind=SurveyKind.COMMUNITY, area__path__in=_prefixes(community.path)
    )
    return list(found.select_related("area").order_by("ends_on", "pk")[:10])


def _case_community(case) -> Area | None:
    return (
        Area.objects.filter(level=Level.COMMUNITY)
        .filter(path__in=_prefixes(case.area_path))
        .first()
    )


def _prefixes(path: str) -> list[str]:
    codes = path_codes(path)
    return [PATH_SEP.join(codes[:i]) + PATH_SEP for i in range(1, len(codes) + 1)]


def _replies(survey: Survey, answers: dict) -> list[tuple[Question, list[int], str]]:
    """Check each answer against its question: (question, chosen indexes, text)."""
    out: list[tuple[Question, list[int], str]] = []
    for q in survey.questions.all():
        value = answers.get(q.pk)
        if q.kind == QuestionKind.TEXT:
            text = (value or "").strip() if isinstance(value, str) else ""
            if len(text) > MAX_ANSWER_CHARS:
                raise InvalidInput(_("每题最多 %(count)s 字") % {"count": MAX_ANSWER_CHARS})
            if q.required and not visible(text):
                raise InvalidInput(_("请回答：%(q)s") % {"q": q.text})
            out.append((q, [], text))
            continue
        chosen = value if isinstance(value, list) else [] if value in (None, "") else [value]
        try:
            chosen = sorted({int(c) for c in chosen})
        except (TypeError, ValueError):
            raise InvalidInput(_("请从列出的选项中选择")) from None
        if any(not 0 <= c < len(q.options) for c in chosen):
            raise InvalidInput(_("请从列出的选项中选择"))
        if q.kind == QuestionKind.SINGLE and len(chosen) > 1:
            raise InvalidInput(_("“%(q)s”只能选一项") % {"q": q.text})
        if q.required and not chosen:
            raise InvalidInput(_("请回答：%(q)s") % {"q": q.text})
        out.append((q, chosen, ""))
    return out


def respond(
    *,
    survey: Survey,
    answers: dict,
    browser: str,
    community: Area | None = None,
    phone: str = "",
    case=None,
    at: datetime | None = None,
) -> Response:
    """Take one person's answers ({question pk: index, [indexes] or text}) while open."""
    at = at or timezone.now()
    if survey.status(timezone.localdate(at)) != TopicStatus.OPEN:
        raise Closed(_("这份问卷已结束或尚未开始，不再接收答卷。"))
    if survey.kind == SurveyKind.SATISFACTION:
        if case is None or case.status != Status.CLOSED:
            raise InvalidInput(_("满意度回访只面向已结案的案件，请从案件查询页进入"))
        if not case.area_path.startswith(survey.area.path):
            raise InvalidInput(_("该案件不在这份回访问卷的范围内"))
        community = _case_community(case)
    elif community is None or not communities(survey).filter(pk=community.pk).exists():
        raise InvalidInput(_("请选择问卷范围内的社区"))
    if community is None:
        raise InvalidInput(_("未找到案件所在的社区"))
    if phone:
        try:
            phone = normalise_mobile(phone)
        except ValueError as exc:
            raise InvalidInput(str(exc)) from exc
    replies = _replies(survey, answers)
    row = Response(
        survey=survey, community=community, case=case, browser=browser, phone=phone, created_at=at
    )
    try:
        with transaction.atomic():
            row.save()
            row.replies.bulk_create(
                row.replies.model(response=row, question=q, choices=c, text=t)
                for q, c, t in replies
            )
    except IntegrityError:
        raise AlreadyAnswered(_("您已经提交过这份问卷，每人只能提交一次。感谢您的参与！")) from None
    return row


@dataclass
class QuestionResult:
    question: Question
    answered: int
    counts: list[tuple[str, int, int]] = field(default_factory=list)  # (option, n, percent)
    texts: list[str] = field(default_factory=list)


def results(survey: Survey, responses) -> tuple[int, list[QuestionResult]]:
    """Per question: how many chose each option (percent of respondents), the free texts."""
    total = responses.count()
    replies = Reply.objects.filter(response__in=responses)
    out = []
    for q in survey.questions.all():
        mine = replies.filter(question=q)
        if q.kind == QuestionKind.TEXT:
            texts = list(mine.exclude(text="").order_by("-pk").values_list("text", flat=True)[:200])
            out.append(QuestionResult(q, len(texts), texts=texts))
            continue
        counts = [0] * len(q.options)
        answered = 0
        for chosen in mine.values_list("choices", flat=True):
            answered += bool(chosen)
            for c in chosen:
                if 0 <= c < len(counts):
                    counts[c] += 1
        rows = [
            (o, n, round(100 * n / total) if total else 0)
            for o, n in zip(q.options, counts, strict=True)
        ]
        out.append(QuestionResult(q, answered, counts=rows))
    return total, out


def by_community(responses) -> list[tuple[str, int]]:
    rows = responses.order_by().values_list("community__name").annotate(n=Count("pk"))
    return sorted(rows, key=lambda r: -r[1])
