import uuid

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.lib.fields import EncryptedTextField
from civicgrid.notify.choices import Channel, DeliveryStatus, MessageStatus


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
    # A notice about something other than a case (a task 任务) has no case and links itself.
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    event = models.ForeignKey(
        "cases.CaseEvent", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    link = models.CharField(_("链接"), max_length=200, blank=True)
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


class MessageTemplate(models.Model):
    """The text a resident receives for one event on one channel; edited in admin.

    Placeholders in braces ({code}, {link}, ...) are filled in at delivery; without an active
    row the text shipped in notify/rules.py is sent.
    """

    action = models.CharField(_("事件"), max_length=30)
    channel = models.CharField(
        _("渠道"), max_length=10, choices=Channel.choices, default=Channel.SMS
    )
    text = models.CharField(_("内容"), max_length=300)
    active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("消息模板")
        verbose_name_plural = _("消息模板")
        ordering = ["channel", "action"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "channel"],
                name="message_template_once",
                violation_error_message=_("该事件在此渠道已有模板，请修改已有的那一条"),
            )
        ]

    def __str__(self):
        return f"{self.get_channel_display()} · {self.action}"


class WeChatFollower(models.Model):
    """The WeChat official-account follower (openid) who reported a case, told by template
    messages; set by a WeChat channel through `services.remember_openid()`."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="+")
    # Encrypted at rest: an openid singles out one WeChat user.
    openid = EncryptedTextField(_("微信 openid"), max_length=64)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("微信关注者")
        verbose_name_plural = _("微信关注者")


class WebhookSubscriber(models.Model):
    """Another system told of case events by a signed POST (docs/webhooks.md)."""

    name = models.CharField(_("名称"), max_length=100)
    url = models.URLField(
        _("接收地址"), max_length=500, validators=[URLValidator(schemes=["http", "https"])]
    )
    # Encrypted at rest: whoever holds it can forge deliveries to the receiver.
    secret = EncryptedTextField(
        _("签名密钥"), max_length=200, help_text=_("接收方用它校验 X-CivicGrid-Signature")
    )
    actions = models.JSONField(
        _("订阅的事件"), default=list, blank=True, help_text=_("不选表示订阅全部事件")
    )
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("Webhook 订阅")
        verbose_name_plural = _("Webhook 订阅")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def wants(self, action: str) -> bool:
        return self.active and (not self.actions or action in self.actions)


class WebhookDelivery(models.Model):
    """One case event for one subscriber: retried with backoff, then kept as a dead letter."""

    uid = models.UUIDField(_("投递编号"), default=uuid.uuid4, unique=True, editable=False)
    subscriber = models.ForeignKey(
        WebhookSubscriber,
        verbose_name=_("订阅方"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.ForeignKey(
        "cases.CaseEvent", verbose_name=_("事件"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(_("最近响应码"), null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    sent_at = models.DateTimeField(_("投递时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("Webhook 投递")
        verbose_name_plural = _("Webhook 投递")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_due")]
        constraints = [models.UniqueConstraint(fields=["subscriber", "event"], name="webhook_once")]
