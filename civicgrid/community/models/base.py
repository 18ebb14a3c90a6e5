from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.community.choices import BatchStatus, EventKind, Publication


class NoticeQuerySet(models.QuerySet):
    def current(self, now=None) -> "NoticeQuerySet":
        """Published and not yet expired."""
        now = now or timezone.now()
        return self.filter(status=Publication.PUBLISHED, published_at__lte=now).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class Scoped:
    """Seen and edited by whoever holds an action over the community (people/scopes.py)."""

    community: Any
    status: str

    @property
    def scope_area_path(self) -> str:
        return self.community.path

    def scope_department_ids(self, action: str | None = None) -> None:
        return None

    @property
    def is_published(self) -> bool:
        return self.status == Publication.PUBLISHED


def _status():
    return models.CharField(
        _("状态"), max_length=10, choices=Publication.choices, default=Publication.PUBLISHED
    )


class Notice(Scoped, models.Model):
    """A notice the workstation publishes on its community page."""

    community = models.ForeignKey(
        "areas.Area", verbose_name=_("社区"), on_delete=models.CASCADE, related_name="notices"
    )
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("内容"))
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    status = _status()

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("社区公告")
        verbose_name_plural = _("社区公告")
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return self.title


class EventQuerySet(models.QuerySet):
    def published(self) -> "EventQuerySet":
        return self.filter(status=Publication.PUBLISHED)


class Event(Scoped, models.Model):
    """A community event the workstation runs or joins: a clean-up day, a consultation desk.

    capacity 0 takes every sign-up; otherwise sign-ups beyond it wait (候补) in order.
    The report fields are filled afterwards and shown on the public event page.
    """

    community = models.ForeignKey(
        "areas.Area", verbose_name=_("社区"), on_delete=models.CASCADE, related_name="events"
    )
    title = models.CharField(_("活动名称"), max_length=100)
    starts_at = models.DateTimeField(_("开始时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    description = models.TextField(_("活动介绍"), blank=True)
    kind = models.CharField(
        _("活动类型"), max_length=10, choices=EventKind.choices, default=EventKind.OTHER
    )
    ends_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("名额"), default=0, help_text=_("0 表示不限名额"))
    signup_opens_at = models.DateTimeField(_("报名开始"), null=True, blank=True)
    signup_closes_at = models.DateTimeField(_("报名截止"), null=True, blank=True)
    status = _status()
    participants = models.PositiveIntegerField(_("参与人数"), null=True, blank=True)
    volunteers = models.PositiveIntegerField(_("志愿者人数"), null=True, blank=True)
    materials = models.PositiveIntegerField(_("发放资料份数"), null=True, blank=True)
    summary = models.TextField(_("活动小结"), max_length=2000, blank=True)
    reported_at = models.DateTimeField(_("小结时间"), null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("社区活动")
        verbose_name_plural = _("社区活动")
        ordering = ["starts_at", "pk"]

    def __str__(self):
        return self.title

    def signup_open(self, now=None) -> bool:
        now = now or timezone.now()
        if not self.is_published or now >= self.starts_at:
            return False
        if self.signup_opens_at and now < self.signup_opens_at:
            return False
        return not (self.signup_closes_at and now >= self.signup_closes_at)


class RosterStamp(models.Model):
    """When a community's public roster or workstation last changed, for the poster footer."""

    community = models.OneToOneField(
        "areas.Area", on_delete=models.CASCADE, related_name="roster_stamp"
    )
    changed_at = models.DateTimeField(_("名单更新时间"))

    class Meta:
        verbose_name = _("名单更新时间")
        verbose_name_plural = _("名单更新时间")


def _batch_path(batch, filename):
    return f"posters/{batch.street.code}-{batch.token}.pdf"


class PosterBatch(models.Model):
    """One request to print the posters of every community in a street as one PDF."""

    street = models.ForeignKey(
        "areas.Area", verbose_name=_("街道"), on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.PENDING
    )
    done = models.PositiveIntegerField(_("已生成"), default=0)
    total = models.PositiveIntegerField(_("总数"), default=0)
    token = models.CharField(max_length=32, editable=False)
    file = models.FileField(_("PDF 文件"), upload_to=_batch_path, blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    created_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("批量海报")
        verbose_name_plural = _("批量海报")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.street} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def scope_area_path(self) -> str:
        return self.street.path

    def scope_department_ids(self, action: str | None = None) -> None:
        return None

    @property
    def is_finished(self) -> bool:
        return self.status in (BatchStatus.DONE, BatchStatus.FAILED)
