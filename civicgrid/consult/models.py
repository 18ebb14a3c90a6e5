from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.consult.choices import QuestionKind, SurveyKind, TopicStatus
from civicgrid.lib.fields import DigestField, EncryptedTextField
from civicgrid.lib.privacy import mask_phone

MAX_OPTIONS = 10
MAX_ANSWER_CHARS = 1000


class TopicQuerySet(models.QuerySet):
    def open(self, today: date | None = None) -> "TopicQuerySet":
        """Topics taking answers today."""
        today = today or timezone.localdate()
        return self.filter(starts_on__lte=today, ends_on__gte=today)

    def public(self, today: date | None = None) -> "TopicQuerySet":
        """Topics a resident may read: begun, open or ended."""
        return self.filter(starts_on__lte=today or timezone.localdate())


class Period(models.Model):
    """What a topic and a survey share: an area, a title, a period from `starts_on` to
    `ends_on` (both included), who published it; its status is derived from the dates."""

    area = models.ForeignKey(
        "areas.Area", verbose_name=_("发布范围"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("标题"), max_length=100)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("截止日期"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    objects = TopicQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="consult_%(class)s_period_in_order",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def scope_area_path(self) -> str:
        return self.area.path

    def scope_department_ids(self, action: str | None = None) -> None:
        return None

    def status(self, today: date | None = None) -> TopicStatus:
        today = today or timezone.localdate()
        if today < self.starts_on:
            return TopicStatus.DRAFT
        if today > self.ends_on:
            return TopicStatus.CLOSED
        return TopicStatus.OPEN

    @property
    def status_label(self) -> str:
        return str(self.status().label)

    @property
    def is_open(self) -> bool:
        return self.status() == TopicStatus.OPEN


class Topic(Period):
    """A question a street or the district puts to residents for a period (意见征集)."""

    description = models.TextField(_("说明"), max_length=5000)
    question = models.CharField(_("选择题"), max_length=200, blank=True)
    options = models.JSONField(_("选项"), default=list, blank=True)

    class Meta(Period.Meta):
        verbose_name = _("意见征集")
        verbose_name_plural = _("意见征集")

    def option_label(self, index: int | None) -> str:
        if index is None or not 0 <= index < len(self.options):
            return ""
        return self.options[index]


class Answer(models.Model):
    """One resident's answer to a topic, filed under the community they answer for."""

    topic = models.ForeignKey(
        Topic, verbose_name=_("意见征集"), on_delete=models.CASCADE, related_name="answers"
    )
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("所在社区"), on_delete=models.PROTECT, related_name="+"
    )
    choice = models.PositiveSmallIntegerField(_("选择"), null=True, blank=True)
    text = models.TextField(_("意见建议"), max_length=MAX_ANSWER_CHARS, blank=True)
    name = EncryptedTextField(_("称呼"), max_length=50, blank=True)
    phone = EncryptedTextField(_("手机号"), max_length=20, blank=True)
    phone_digest = DigestField(source="phone", db_index=True)
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    client_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("征集意见")
        verbose_name_plural = _("征集意见")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["topic", "-created_at", "-id"], name="consult_answer_list")]

    def __str__(self):
        return f"{self.topic} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def scope_area_path(self) -> str:
        return self.community.path

    def scope_department_ids(self, action: str | None = None) -> None:
        return None

    @property
    def choice_label(self) -> str:
        return self.topic.option_label(self.choice)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone) if self.phone else ""


class Survey(Period):
    """A short questionnaire for the residents of an area (调查问卷); the satisfaction kind asks
    the residents of closed cases (回访), one response per case."""

    kind = models.CharField(
        _("类型"), max_length=20, choices=SurveyKind.choices, default=SurveyKind.COMMUNITY
    )
    description = models.TextField(_("说明"), max_length=2000, blank=True)

    class Meta(Period.Meta):
        verbose_name = _("调查问卷")
        verbose_name_plural = _("调查问卷")


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("序号"))
    kind = models.CharField(_("题型"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("题目"), max_length=200)
    options = models.JSONField(_("选项"), default=list, blank=True)
    required = models.BooleanField(_("必答"), default=True)

    class Meta:
        verbose_name = _("问卷题目")
        verbose_name_plural = _("问卷题目")
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="consult_question_once")
        ]

    def __str__(self):
        return f"{self.position}. {self.text}"


class Response(models.Model):
    """One person's answers to a survey: once per browser, once per phone, once per case."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("所在社区"), on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("回访案件"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_responses",
    )
    browser = models.CharField(max_length=64, editable=False)  # digest of the signed cookie
    phone = EncryptedTextField(_("手机号"), max_length=20, blank=True)
    phone_digest = DigestField(source="phone", db_index=True)
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)

    class Meta:
        verbose_name = _("问卷答卷")
        verbose_name_plural = _("问卷答卷")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "browser"], name="consult_response_browser"),
            models.UniqueConstraint(
                fields=["survey", "phone_digest"],
                condition=~models.Q(phone_digest=""),
                name="consult_response_phone",
            ),
            models.UniqueConstraint(
                fields=["survey", "case"],
                condition=models.Q(case__isnull=False),
                name="consult_response_case",
            ),
        ]

    @property
    def scope_area_path(self) -> str:
        return self.community.path

    def scope_department_ids(self, action: str | None = None) -> None:
        return None

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone) if self.phone else ""


class Reply(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="replies")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="replies")
    choices = models.JSONField(default=list, blank=True)  # option indexes
    text = models.TextField(max_length=MAX_ANSWER_CHARS, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="consult_reply_once")
        ]
