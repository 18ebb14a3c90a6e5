from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.audit.models import Chained
from civicgrid.volunteers.choices import ActivityKind


class PointRule(models.Model):
    """How many points one kind of activity earns: per hour of service, or per time."""

    kind = models.CharField(_("参与类别"), max_length=10, choices=ActivityKind.choices, unique=True)
    points = models.PositiveSmallIntegerField(_("分值"))
    per_hour = models.BooleanField(_("按小时计"), default=False)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("志愿积分规则")
        verbose_name_plural = _("志愿积分规则")
        ordering = ["kind"]

    def __str__(self):
        unit = _("每小时") if self.per_hour else _("每次")
        return f"{self.get_kind_display()} {unit} {self.points}"


class PointEntry(Chained):
    """One immutable line of a person's points ledger, with the year's balance after it."""

    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.PROTECT, related_name="entries"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    activity = models.ForeignKey(
        "volunteers.Activity", null=True, on_delete=models.PROTECT, related_name="entries"
    )
    label = models.CharField(_("事项"), max_length=100)
    delta = models.IntegerField(_("积分"))
    balance = models.IntegerField(_("记分后本年积分"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)

    chain_fields = (
        "volunteer_id",
        "year",
        "activity_id",
        "label",
        "delta",
        "balance",
        "actor_id",
        "at",
    )

    class Meta:
        verbose_name = _("志愿积分记录")
        verbose_name_plural = _("志愿积分记录")
        ordering = ["-at", "-pk"]
