from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    """What a responsible unit 责任单位 is."""

    DEPARTMENT = "department", _("部门")
    WORKSTATION = "workstation", _("工作站")
    OFFICE = "office", _("街道（区）办")


class ListKind(models.TextChoices):
    """The three lists 三张清单 of a station; units other than stations keep a duty list."""

    DUTIES = "duties", _("职责清单")
    POWERS = "powers", _("权力清单")
    TASKS = "tasks", _("任务清单")


class TaskStatus(models.TextChoices):
    """Where a decomposed task stands, derived from its latest progress and its deadline."""

    TODO = "todo", _("未开始")
    DOING = "doing", _("推进中")
    DONE = "done", _("已完成")
    LATE = "late", _("逾期")


STATUS_ORDER = [TaskStatus.TODO, TaskStatus.DOING, TaskStatus.DONE, TaskStatus.LATE]
