from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.lib.fields import EncryptedTextField
from civicgrid.lib.media import RandomName
from civicgrid.notify.choices import MessageStatus

SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class Inspection(models.Model):
    """An on-site check of a shop's duties by a staff member, with the items failed and a rating."""

    shop = models.ForeignKey("shops.Shop", on_delete=models.PROTECT, related_name="inspections")
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("检查人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("检查时间"), default=timezone.now, db_index=True)
    failed = models.JSONField(_("不合格项目"), default=list, blank=True)  # rule codes
    # The staff side of the two-way rating 双向评价: how well the shop keeps its duties.
    score = models.PositiveSmallIntegerField(_("履约评价"), validators=SCORE)
    note = models.CharField(_("检查情况"), max_length=500, blank=True)
    lng = models.FloatField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("门前三包检查")
        verbose_name_plural = _("门前三包检查")
        ordering = ["-at", "-pk"]

    @property
    def passed(self) -> bool:
        return not self.failed


class InspectionPhoto(models.Model):
    """A photo taken during an inspection, checked and re-encoded like a case photo."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("照片"), upload_to=RandomName("shops/%Y/%m/"), db_index=True)

    class Meta:
        verbose_name = _("检查照片")
        verbose_name_plural = _("检查照片")
        ordering = ["pk"]


class ServiceRating(models.Model):
    """The shop's side of the two-way rating: how it rates the service, once a month."""

    shop = models.ForeignKey("shops.Shop", on_delete=models.CASCADE, related_name="ratings")
    period = models.CharField(_("评价月份"), max_length=7)  # "2026-12"
    score = models.PositiveSmallIntegerField(_("服务评分"), validators=SCORE)
    comment = models.CharField(_("意见建议"), max_length=300, blank=True)
    at = models.DateTimeField(_("评价时间"), default=timezone.now)

    class Meta:
        verbose_name = _("商户评价服务")
        verbose_name_plural = _("商户评价服务")
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(fields=["shop", "period"], name="shop_rating_once_a_period")
        ]


class ShopMessage(models.Model):
    """A text to a shop's owner (list moves), queued in the request, sent by the worker."""

    shop = models.ForeignKey("shops.Shop", on_delete=models.CASCADE, related_name="messages")
    to = EncryptedTextField(_("接收号码"), max_length=20)
    body = EncryptedTextField(_("内容"), max_length=500)
    status = models.CharField(
        _("状态"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    error = models.CharField(_("错误"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("商户短信")
        verbose_name_plural = _("商户短信")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="shop_message_status")]
