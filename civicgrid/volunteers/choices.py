from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonKind(models.TextChoices):
    VOLUNTEER = "volunteer", _("志愿者")
    SUPERVISOR = "supervisor", _("社会监督员")


class PersonStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    ACTIVE = "active", _("在册")
    LEFT = "left", _("已退出")


class ActivityKind(models.TextChoices):
    """What a person took part in; each kind has one points rule (PointRule)."""

    SERVICE = "service", _("志愿服务")
    EVENT = "event", _("社区活动")
    PATROL = "patrol", _("随队巡查")
    REPORT = "report", _("有效上报")


class TrainingKind(models.TextChoices):
    BUSINESS = "business", _("业务培训")
    ENFORCEMENT = "enforcement", _("执法培训")
    PARTY = "party", _("党建 双报到")
