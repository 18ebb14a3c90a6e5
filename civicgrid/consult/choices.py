from django.db import models
from django.utils.translation import gettext_lazy as _


class TopicStatus(models.TextChoices):
    """Derived from the period, never stored: before it, during it, after it."""

    DRAFT = "draft", _("未开始")
    OPEN = "open", _("征集中")
    CLOSED = "closed", _("已结束")


class SurveyKind(models.TextChoices):
    COMMUNITY = "community", _("社区问卷")
    SATISFACTION = "satisfaction", _("结案回访满意度调查")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("单选")
    MULTIPLE = "multiple", _("多选")
    TEXT = "text", _("填空")
