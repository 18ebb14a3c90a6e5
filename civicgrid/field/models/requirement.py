from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Activity(models.TextChoices):
    VISIT = "visit", _("进社区（签到）")
    PATROL_DAY = "patrol_day", _("巡查天数")
    DUTY = "duty", _("坐班（半天）")
    FIXED_DAY = "fixed_day", _("社区固定工作日")


class Period(models.TextChoices):
    DAY = "day", _("每个工作日")
    WEEK = "week", _("每周")
    MONTH = "month", _("每月")


class Requirement(models.Model):
    """A rule of presence: who (role or post), where, which activity, how many, how often."""

    name = models.CharField(_("名称"), max_length=100)
    role = models.ForeignKey(
        "people.Role", verbose_name=_("角色"), null=True, blank=True, on_delete=models.CASCADE
    )
    post = models.CharField(
        _("岗位"),
        max_length=50,
        blank=True,
        help_text=_("与工作人员的岗位名称一致，如“业务指导员”"),
    )
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("适用区域"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("留空则全区适用；也只统计在该区域内的签到与巡查"),
    )
    activity = models.CharField(_("活动"), max_length=20, choices=Activity.choices)
    period = models.CharField(_("周期"), max_length=10, choices=Period.choices)
    count = models.PositiveSmallIntegerField(_("次数"), default=1)
    remind_days = models.PositiveSmallIntegerField(
        _("提前提醒（工作日）"),
        default=3,
        help_text=_("周期结束前几个工作日提醒未完成的人；0 为不提醒"),
    )
    source = models.CharField(_("依据"), max_length=200, blank=True)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("履职要求")
        verbose_name_plural = _("履职要求")
        ordering = ["pk"]

    def __str__(self):
        return self.name

    def clean(self):
        if not self.role_id and not self.post:
            raise ValidationError(_("请选择角色或填写岗位"))
        if self.count < 1:
            raise ValidationError({"count": _("次数至少为 1")})


class Reminder(models.Model):
    """A reminder sent to one person for one period of one requirement: at most one each."""

    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="field_reminders"
    )
    period_start = models.DateField(_("周期开始"))
    period_end = models.DateField(_("周期结束"))
    text = models.CharField(_("内容"), max_length=300)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("履职提醒")
        verbose_name_plural = _("履职提醒")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "user", "period_start"], name="one_reminder_per_period"
            )
        ]

    def __str__(self):
        return self.text
