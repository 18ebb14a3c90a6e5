from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    COMPONENT = "component", _("部件")
    MATTER = "matter", _("事项")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("紧急")


class Stage(models.TextChoices):
    ACCEPT = "accept", _("受理")
    DISPATCH = "dispatch", _("派遣")
    HANDLE = "handle", _("处置")
    VERIFY = "verify", _("核查")


class Unit(models.TextChoices):
    WORK_HOUR = "work_hour", _("工作时")
    WORK_DAY = "work_day", _("工作日")
    HOUR = "hour", _("自然小时")
    DAY = "day", _("自然日")
    MINUTE = "minute", _("自然分钟")


class Measure(models.TextChoices):
    EDUCATE = "educate", _("教育劝导")
    FIRST_OFFENCE = "first_offence", _("首违不罚")
    MINOR_EXEMPT = "minor_exempt", _("轻微免罚")
    PUBLIC_SERVICE = "public_service", _("公益抵罚")
    ORDER_CORRECT = "order_correct", _("责令改正")
    PENALTY = "penalty", _("行政处罚")
