from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.lib.fields import EncryptedTextField
from civicgrid.notify.choices import MessageStatus


class Outbox(models.Model):
    """One case event waiting to be turned into notifications, written with the event itself.

    A worker claims rows with a conditional UPDATE on `claimed_at`, so several workers can run
    at once; a claim older than a few minutes is taken to have died and may be claimed again.
    """

    event = models.OneToOneField("cases.CaseEvent", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True)
    done_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("待通知事件")
        verbose_name_plural = _("待通知事件")


class Notification(models.Model):
    """An in-app notice for one staff member: the bell in the page header."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey("cases.CaseEvent", on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("内容"), max_length=300)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="notification_once")]


class Message(models.Model):
    """A text message to a resident, kept whether it was sent or not (an audit of contact)."""

    channel = models.CharField(_("渠道"), max_length=10, default="sms")
    # Encrypted at rest: the number is personal data, the body holds the owner link's key.
    to = EncryptedTextField(_("接收号码"), max_length=20)
    body = EncryptedTextField(_("内容"), max_length=500)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey("cases.CaseEvent", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("状态"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    error = models.CharField(_("错误"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("短信")
        verbose_name_plural = _("短信")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="message_status")]
        constraints = [models.UniqueConstraint(fields=["event", "channel"], name="message_once")]
