from django.db import models
from django.utils.translation import gettext_lazy as _


class Party(models.TextChoices):
    COMMITTEE = "committee", _("居委会")
    PROPERTY = "property", _("物业")
    OWNERS = "owners", _("业委会")
    STATION = "station", _("城管工作站")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("未完成")
    DONE = "done", _("已完成")
    DROPPED = "dropped", _("已取消")
