from django.db import models
from django.utils.translation import gettext_lazy as _


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class Publication(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class EventKind(models.TextChoices):
    LAW = "law", _("普法宣传")
    VOLUNTEER = "volunteer", _("志愿服务")
    COUNCIL = "council", _("议事协商")
    SERVICE = "service", _("便民服务")
    OTHER = "other", _("其他活动")


class SignUpState(models.TextChoices):
    CONFIRMED = "confirmed", _("已报名")
    WAITING = "waiting", _("候补")
    CANCELLED = "cancelled", _("已取消")
