from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class Channel(models.TextChoices):
    """How a message reaches a resident."""

    SMS = "sms", _("短信")
    WECHAT = "wechat", _("微信模板消息")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待投递")
    SENT = "sent", _("已投递")
    DEAD = "dead", _("死信")
