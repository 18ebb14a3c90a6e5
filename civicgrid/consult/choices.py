from django.db import models
from django.utils.translation import gettext_lazy as _


class TopicStatus(models.TextChoices):
    """Derived from the period, never stored: before it, during it, after it."""

    DRAFT = "draft", _("未开始")
    OPEN = "open", _("征集中")
    CLOSED = "closed", _("已结束")
