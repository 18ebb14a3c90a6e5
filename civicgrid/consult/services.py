"""Publishing topics and taking residents' answers: the one place each rule lives."""

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.choices import Level
from civicgrid.areas.models import PATH_SEP, Area, path_codes
from civicgrid.consult.access import PUBLISHED_AT
from civicgrid.consult.choices import TopicStatus
from civicgrid.consult.models import MAX_ANSWER_CHARS, MAX_OPTIONS, Answer, Topic
from civicgrid.lib.privacy import normalise_mobile
from civicgrid.lib.text import visible
from civicgrid.people import actions
from civicgrid.people.scopes import can, under


class ConsultError(Exception):
    """A refused request; the message is shown to the user as it is."""


class NotAllowed(ConsultError):
    pass


class InvalidInput(ConsultError):
    pass


class Closed(InvalidInput):
    """The topic takes no answers now."""


def _clean_topic(*, area, title, description, starts_on, ends_on, question, options):
    title, description = (title or "").strip(), (description or "").strip()
    if not visible(title):
        raise InvalidInput(_("请填写标题"))
    if not visible(description):
        raise InvalidInput(_("请填写说明"))
    if area.level not in PUBLISHED_AT:
        raise InvalidInput(_("意见征集只能由街道或区发布"))
    if ends_on < starts_on:
        raise InvalidInput(_("截止日期不能早于开始日期"))
    options = [o.strip() for o in options if o and o.strip()]
    question = (question or "").strip()
    if len(options) != len(set(options)):
        raise InvalidInput(_("选项不能重复"))
    if len(options) > MAX_OPTIONS:
        raise InvalidInput(_("最多 %(count)s 个选项") % {"count": MAX_OPTIONS})
    if options and not question:
        raise InvalidInput(_("填写了选项，请同时填写选择题的题目"))
    if question and len(options) < 2:
        raise InvalidInput(_("选择题至少需要 2 个选项"))
    return {
        "area": area,
        "title": title[:100],
        "description": description[:5000],
        "starts_on": starts_on,
        "ends_on": ends_on,
        "question": question[:200],
        "options": [o[:100] for o in options],
    }


def publish(
    *,
    actor,
    area: Area,
    title: str,
    description: str,
    starts_on: date,
    ends_on: date,
    question: str = "",
    options: list[str] | tuple[str, ...] = (),
) -> Topic:
    """Publish a topic for a street or the district; residents see it from its first day."""
    if not can(actor, actions.CONSULT_MANAGE, area):
        raise NotAllowed(_("您没有在该区域发布意见征集的权限"))
    fields = _clean_topic(
        area=area,
        title=title,
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        question=question,
        options=options,
    )
    return Topic.objects.create(**fields, created_by=actor)


def update(
    *,
    topic: Topic,
    actor,
    area: Area,
    title: str,
    description: str,
    starts_on: date,
    ends_on: date,
    question: str = "",
    options: list[str] | tuple[str, ...] = (),
) -> Topic:
    """Edit a topic; once answered, its question and options and its area stay as they are
    (the answers counted under them would otherwise change meaning)."""
    if not (can(actor, actions.CONSULT_MANAGE, topic) and can(actor, actions.CONSULT_MANAGE, area)):
        raise NotAllowed(_("您没有修改这项意见征集的权限"))
    fields = _clean_topic(
        area=area,
        title=title,
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        question=question,
        options=options,
    )
    if topic.answers.exists():
        fixed = {"area": topic.area, "question": topic.question, "options": topic.options}
        if any(fields[k] != v for k, v in fixed.items()):
            raise InvalidInput(_("已有居民提交意见：发布范围、选择题和选项不能再修改"))
    for name, value in fields.items():
        setattr(topic, name, value)
    topic.save()
    return topic


RECENTLY_ENDED_DAYS = 30


def public_topics(*, community: Area | None = None, today: date | None = None) -> list[Topic]:
    """Open topics first, then those ended in the last month; with a community, only the
    topics its residents may answer (published for its street or its district)."""
    today = today or timezone.localdate()
    topics = Topic.objects.public(today).filter(
        ends_on__gte=today - timedelta(days=RECENTLY_ENDED_DAYS)
    )
    if community is not None:
        codes = path_codes(community.path)
        ancestors = [PATH_SEP.join(codes[:i]) + PATH_SEP for i in range(1, len(codes))]
        topics = topics.filter(area__path__in=ancestors)
    found = list(topics.select_related("area").order_by("ends_on", "pk")[:50])
    return sorted(found, key=lambda t: t.ends_on < today)  # stable: open ones first, soonest end


def communities(topic: Topic):
    """The communities whose residents may answer this topic, by name within street."""
    return Area.objects.filter(under("path", topic.area.path), level=Level.COMMUNITY).order_by(
        "path"
    )


def answer_key(client_key: str | None, **fields) -> str | None:
    """The idempotency key stored on an answer: the client's key bound to what was sent, so a
    double tap is one answer and a different answer under a reused key is an answer of its own."""
    if not client_key:
        return None
    content = {k: getattr(v, "pk", v) for k, v in fields.items()}
    text = json.dumps([client_key, content], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def answered_with(client_key: str | None, **fields) -> Answer | None:
    """The answer an earlier submission of the same content under this key made, if any."""
    key = answer_key(client_key, **fields)
    return Answer.objects.filter(client_key=key).first() if key else None


def answer(
    *,
    topic: Topic,
    community: Area,
    choice: int | None = None,
    text: str = "",
    name: str = "",
    phone: str = "",
    client_key: str | None = None,
    at: datetime | None = None,
) -> Answer:
    """Take one resident's answer while the topic is open. The same answer again under the same
    key returns the first one, with `repeated` true."""
    sent = {"choice": choice, "text": text, "name": name, "phone": phone}
    stored_key = answer_key(client_key, topic=topic, community=community, **sent)
    at = at or timezone.now()
    if topic.status(timezone.localdate(at)) != TopicStatus.OPEN:
        raise Closed(
            _("这项意见征集已结束，不再接收意见。感谢您的关注！")
            if timezone.localdate(at) > topic.ends_on
            else _("这项意见征集尚未开始。")
        )
    if community.level != Level.COMMUNITY or not community.path.startswith(topic.area.path):
        raise InvalidInput(_("请选择征集范围内的社区"))
    if choice is not None and not 0 <= choice < len(topic.options):
        raise InvalidInput(_("请从列出的选项中选择"))
    if topic.options and choice is None:
        raise InvalidInput(_("请选择一项：%(question)s") % {"question": topic.question})
    text = (text or "").strip()
    if len(text) > MAX_ANSWER_CHARS:
        raise InvalidInput(_("意见最多 %(count)s 字") % {"count": MAX_ANSWER_CHARS})
    if not topic.options and not visible(text):
        raise InvalidInput(_("请填写您的意见建议"))
    if phone:
        try:
            phone = normalise_mobile(phone)
        except ValueError as exc:
            raise InvalidInput(str(exc)) from exc
    row = Answer(
        topic=topic,
        community=community,
        choice=choice,
        text=text,
        name=(name or "").strip()[:50],
        phone=phone,
        created_at=at,
        client_key=stored_key,
    )
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        if stored_key and (existing := Answer.objects.filter(client_key=stored_key).first()):
            existing.repeated = True  # type: ignore[attr-defined]
            return existing
        raise
    row.repeated = False  # type: ignore[attr-defined]
    return row


@dataclass
class Summary:
    """A topic's answers grouped: how many chose each option, how many came from each
    community; only the answers the reader may see are counted."""

    total: int
    by_choice: list[tuple[str, int, int]]  # (option, count, percent)
    unanswered: int  # answers without a choice (text only)
    by_community: list[tuple[str, int]]
    with_text: int


def summary(*, topic: Topic, answers) -> Summary:
    """Group these answers (a queryset of one topic's answers) in three small GROUP BYs."""
    counts = dict(answers.order_by().values_list("choice").annotate(n=Count("pk")))
    total = sum(counts.values())
    by_choice = []
    for index, option in enumerate(topic.options):
        n = counts.get(index, 0)
        by_choice.append((option, n, round(100 * n / total) if total else 0))
    per_community = (
        answers.order_by()
        .values_list("community__name", "community__path")
        .annotate(n=Count("pk"))
        .order_by("-n", "community__path")
    )
    with_text = answers.exclude(text="").count() if total else 0
    return Summary(
        total=total,
        by_choice=by_choice,
        unanswered=counts.get(None, 0),
        by_community=[(name, n) for name, _path, n in per_community],
        with_text=with_text,
    )


def search(answers, *, q: str = "", community: str = "", choice: str = ""):
    """Narrow a topic's answers by words in the text, a community code or an option index."""
    if q:
        answers = answers.filter(text__icontains=q[:50])
    if community:
        answers = answers.filter(community__code=community[:20])
    if choice.isdigit():
        answers = answers.filter(choice=int(choice))
    elif choice == "none":
        answers = answers.filter(choice__isnull=True)
    return answers
