from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.consult.choices import TopicStatus
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


class Topic(models.Model):
    """A question a street or the district puts to residents for a period (意见征集)."""

    area = models.ForeignKey(
        "areas.Area", verbose_name=_("发布范围"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("标题"), max_length=100)
    description = models.TextField(_("说明"), max_length=5000)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("截止日期"))
    question = models.CharField(_("选择题"), max_length=200, blank=True)
    options = models.JSONField(_("选项"), default=list, blank=True)
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
        verbose_name = _("意见征集")
        verbose_name_plural = _("意见征集")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="consult_topic_period_in_order",
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
