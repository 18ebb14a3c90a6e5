"""Council meetings 议事会 with their agenda items and decisions, and the needs list 需求清单."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.audit.models import Chained
from civicgrid.council.choices import ItemStatus, MeetingKind, NeedCategory, NeedStatus
from civicgrid.lib.fields import DigestField, EncryptedTextField
from civicgrid.lib.media import RandomName
from civicgrid.lib.privacy import mask_phone


class InCommunity(models.Model):
    """A row that belongs to one community: guarded by that community's path."""

    community = models.ForeignKey(
        "areas.Area", verbose_name=_("社区"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def scope_area_path(self) -> str:
        return self.community.path

    def scope_department_ids(self, action: str | None = None) -> None:
        return None


class Resident(InCommunity):
    """What a resident leaves when proposing from the portal: a code to follow it, a contact."""

    code = models.CharField(_("查询码"), max_length=12, unique=True, editable=False)
    name = EncryptedTextField(_("称呼"), max_length=50, blank=True)
    phone = EncryptedTextField(_("手机号"), max_length=20, blank=True)
    phone_digest = DigestField(source="phone", db_index=True)
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)

    class Meta:
        abstract = True

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone) if self.phone else ""


class Need(Resident):
    """A resident's need 居民点单, accepted and sent on by the station 社区派单."""

    category = models.CharField(_("类别"), max_length=12, choices=NeedCategory.choices)
    text = models.TextField(_("需求内容"), max_length=1000)
    photo = models.ImageField(
        _("照片"), upload_to=RandomName("needs/%Y/%m/"), blank=True, db_index=True
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.SUBMITTED
    )
    reason = models.CharField(_("不予受理原因"), max_length=300, blank=True)
    assignee = models.CharField(_("承办人或单位"), max_length=100, blank=True)
    deadline = models.DateField(_("办理时限"), null=True, blank=True)
    result = models.TextField(_("办理结果"), max_length=1000, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("关联案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("居民需求")
        verbose_name_plural = _("居民需求")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.code} · {self.get_category_display()}"

    @property
    def public_status(self) -> str:
        """A need turned into a case shows the case's status, read from the case."""
        if self.case is not None:
            return f"{NeedStatus.CASE.label} · {self.case.get_status_display()}"
        return str(self.get_status_display())


class NeedLog(Chained):
    """One immutable step of a need: who did what, when, from which status to which."""

    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="log")
    action = models.CharField(_("动作"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    from_status = models.CharField(_("原状态"), max_length=10, blank=True)
    to_status = models.CharField(_("新状态"), max_length=10, blank=True)
    note = models.TextField(_("说明"), max_length=1000, blank=True)

    chain_fields = ("need_id", "action", "actor_id", "at", "from_status", "to_status", "note")

    class Meta:
        verbose_name = _("需求记录")
        verbose_name_plural = _("需求记录")
        ordering = ["at", "pk"]

    @property
    def status_label(self) -> str:
        return str(NeedStatus(self.to_status).label) if self.to_status else ""


class Meeting(InCommunity):
    """A residents' council, a heart-to-heart talk or a consultation meeting."""

    kind = models.CharField(_("会议类型"), max_length=10, choices=MeetingKind.choices)
    title = models.CharField(_("会议名称"), max_length=100)
    held_at = models.DateTimeField(_("会议时间"))
    place = models.CharField(_("地点"), max_length=200)
    attendees = models.JSONField(_("参会人员"), default=list, blank=True)  # [[name, role], ...]
    minutes = models.TextField(_("会议纪要"), max_length=5000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("议事会议")
        verbose_name_plural = _("议事会议")
        ordering = ["-held_at", "-pk"]

    def __str__(self):
        return self.title


class AgendaItem(Resident):
    """A topic 议题 residents propose and support; the station puts it on a meeting or not."""

    title = models.CharField(_("议题"), max_length=100)
    text = models.TextField(_("说明"), max_length=1000)
    status = models.CharField(
        _("状态"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.OPEN
    )
    reason = models.CharField(_("未列入原因"), max_length=300, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("会议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    supporters = models.PositiveIntegerField(_("附议人数"), default=0)

    class Meta:
        verbose_name = _("议题")
        verbose_name_plural = _("议题")
        ordering = ["-supporters", "-created_at", "-pk"]

    def __str__(self):
        return self.title


class Support(models.Model):
    """One supporter 附议 of an item: a phone's digest or a browser's token, once."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "key"], name="council_support_once")]


class Decision(models.Model):
    """A meeting's decision; it may become a case or a task, whose state is its progress."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("决议内容"), max_length=1000)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assignment = models.ForeignKey(
        "field.Assignment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("会议决议")
        verbose_name_plural = _("会议决议")
        ordering = ["pk"]

    def __str__(self):
        return self.text[:30]

    @property
    def scope_area_path(self) -> str:
        return self.meeting.community.path

    def scope_department_ids(self, action: str | None = None) -> None:
        return None
