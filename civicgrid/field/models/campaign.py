"""Special enforcement campaigns 专项执法行动 and the cases they count."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.field.choices import LinkKind


class Campaign(models.Model):
    """A campaign over some areas and a period, aimed at some classes and channels."""

    name = models.CharField(_("行动名称"), max_length=100)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("组织单位辖区"), on_delete=models.PROTECT, related_name="+"
    )
    areas = models.ManyToManyField("areas.Area", verbose_name=_("行动范围"), related_name="+")
    categories = models.ManyToManyField(
        "catalog.Category", verbose_name=_("整治类别"), related_name="+"
    )
    channels = models.JSONField(_("来源渠道"), default=list, blank=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    target_closed = models.PositiveIntegerField(_("目标：办结案件数"), default=0)
    target_tasks = models.PositiveIntegerField(_("目标：完成巡查任务数"), default=0)
    target_measures = models.PositiveIntegerField(_("目标：执法措施数"), default=0)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("参与人员"), blank=True, related_name="+"
    )
    workstations = models.ManyToManyField(
        "people.Workstation", verbose_name=_("参与工作站"), blank=True, related_name="+"
    )
    notes = models.TextField(_("工作要求"), max_length=3000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("专项执法行动")
        verbose_name_plural = _("专项执法行动")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="field_campaign_period_in_order",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def scope_area_path(self) -> str:
        return self.area.path

    def scope_department_ids(self, action: str | None = None) -> None:
        return None

    @property
    def channel_labels(self) -> list[str]:
        from civicgrid.cases.choices import Channel

        labels = dict(Channel.choices)
        return [str(labels.get(c, c)) for c in self.channels]

    def is_running(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.starts_on <= today <= self.ends_on


class CampaignCase(models.Model):
    """One case counted for a campaign, linked automatically or by hand."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="links")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("关联方式"), max_length=5, choices=LinkKind.choices)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_at = models.DateTimeField(_("关联时间"), default=timezone.now)

    class Meta:
        verbose_name = _("专项行动案件")
        verbose_name_plural = _("专项行动案件")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "case"], name="campaign_case_once")
        ]
