"""Task decomposition 任务分解表: a work plan's tasks, their units and append-only progress."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.audit.models import Chained
from civicgrid.lib.media import RandomName


class WorkPlan(models.Model):
    """A bureau's or a street's work plan 工作方案, decomposed into tasks."""

    title = models.CharField(_("方案名称"), max_length=100)
    year = models.PositiveIntegerField(_("年度"))
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("编制单位辖区"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("说明"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("编制人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("编制时间"), default=timezone.now)

    class Meta:
        verbose_name = _("工作方案")
        verbose_name_plural = _("工作方案")
        ordering = ["-year", "-created_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def scope_area_path(self) -> str:
        return self.area.path

    def scope_department_ids(self, action: str | None = None) -> None:
        return None


class PlanTask(models.Model):
    """One row of the decomposition table: task, lead and co-lead units, deadline, progress.

    `percent`, `reported_at` and `done_at` repeat the latest progress report, written in the
    report's transaction, so the board filters without reading the history."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveIntegerField(_("序号"))
    title = models.CharField(_("工作项目"), max_length=100)
    content = models.TextField(_("主要内容"), max_length=2000)
    deadline = models.DateField(_("时间节点"), db_index=True)
    lead = models.ForeignKey(
        "duties.Unit", verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="+"
    )
    co_units = models.ManyToManyField(
        "duties.Unit", verbose_name=_("配合单位"), blank=True, related_name="+"
    )
    percent = models.PositiveSmallIntegerField(_("完成进度"), default=0)
    reported_at = models.DateTimeField(_("最近填报"), null=True, blank=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("分解任务")
        verbose_name_plural = _("分解任务")
        ordering = ["plan", "number", "pk"]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def scope_area_path(self) -> str:
        return self.plan.area.path

    def scope_department_ids(self, action: str | None = None) -> None:
        return None


class ProgressReport(Chained):
    """One progress report of one unit on one task: immutable, the task's history."""

    task = models.ForeignKey(PlanTask, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(
        "duties.Unit", verbose_name=_("填报单位"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("填报时间"), default=timezone.now)
    percent = models.PositiveSmallIntegerField(_("完成进度"))
    text = models.TextField(_("进展情况"), max_length=2000)
    data = models.JSONField(default=dict, blank=True)

    chain_fields = ("task_id", "unit_id", "author_id", "at", "percent", "text", "data")

    class Meta:
        verbose_name = _("进展填报")
        verbose_name_plural = _("进展填报")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.task} · {self.percent}%"


class ProgressPhoto(models.Model):
    """A photo attached to a progress report (optional): for whoever sees the task."""

    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="photos")
    image = models.ImageField(_("照片"), upload_to=RandomName("duties/%Y/%m/"), db_index=True)

    class Meta:
        verbose_name = _("进展照片")
        verbose_name_plural = _("进展照片")
        ordering = ["pk"]
