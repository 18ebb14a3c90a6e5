from django.db import models
from django.utils.translation import gettext_lazy as _


class Indicator(models.TextChoices):
    """The evaluation's indicators (stations/evaluation.py reads each).

    The shop two-way rating joins here when the shops app records it: a choice, and a reader
    in evaluation.READERS.
    """

    DUTY = "duty", _("坐班（半天）")
    VISITS = "visits", _("走访签到（次）")
    PATROLS = "patrols", _("巡查（次）")
    TASKS = "tasks", _("任务验收率")
    ON_TIME = "on_time", _("按期结案率")
    NO_REWORK = "no_rework", _("一次办结率（无返工）")
    SELF_HANDLED = "self_handled", _("随手办占比")
    RATING = "rating", _("居民满意度")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class ShowcaseAction(models.TextChoices):
    CREATE = "create", _("创建")
    EDIT = "edit", _("修改")
    PUBLISH = "publish", _("发布")
    UNPUBLISH = "unpublish", _("撤下")
