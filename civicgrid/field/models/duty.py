from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HalfDay(models.TextChoices):
    AM = "am", _("上午")
    PM = "pm", _("下午")


class DutySlot(models.Model):
    """One half-day of desk duty 坐班 at a workstation for one person."""

    workstation = models.ForeignKey(
        "people.Workstation",
        verbose_name=_("工作站"),
        on_delete=models.CASCADE,
        related_name="duty_slots",
    )
    date = models.DateField(_("日期"))
    half = models.CharField(_("时段"), max_length=2, choices=HalfDay.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("值班人"),
        on_delete=models.CASCADE,
        related_name="duty_slots",
    )

    class Meta:
        verbose_name = _("坐班值班")
        verbose_name_plural = _("坐班值班")
        ordering = ["date", "half", "user_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workstation", "date", "half", "user"], name="one_duty_per_half_day"
            )
        ]

    def __str__(self):
        return f"{self.workstation} {self.date} {self.get_half_display()} {self.user}"


class DutyChange(models.Model):
    """An edit of a week's roster, kept as it was made: who, when, what was added or removed."""

    workstation = models.ForeignKey(
        "people.Workstation", verbose_name=_("工作站"), on_delete=models.CASCADE, related_name="+"
    )
    week = models.DateField(_("周一日期"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("修改时间"), default=timezone.now)
    added = models.JSONField(_("新增"), default=list)
    removed = models.JSONField(_("取消"), default=list)

    class Meta:
        verbose_name = _("排班修改记录")
        verbose_name_plural = _("排班修改记录")
        ordering = ["-at"]
