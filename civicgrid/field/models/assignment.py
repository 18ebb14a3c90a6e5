"""Tasks 任务 sent by a leader or station head to named people, and their immutable log."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.audit.models import Chained
from civicgrid.field.choices import LOG_ACTIONS, OPEN_TARGET, TARGET_COLOUR, TargetStatus
from civicgrid.lib.media import RandomName


class Assignment(models.Model):
    """A task that is not a complaint: inspect the shop fronts of a street, a publicity visit."""

    title = models.CharField(_("任务名称"), max_length=100)
    details = models.TextField(_("任务要求"), max_length=3000)
    deadline = models.DateTimeField(_("完成时限"), db_index=True)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("任务范围"), on_delete=models.PROTECT, related_name="+"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("下派人"),
        on_delete=models.PROTECT,
        related_name="assignments_sent",
    )
    workstation = models.ForeignKey(
        "people.Workstation",
        verbose_name=_("工作站"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    campaign = models.ForeignKey(
        "field.Campaign",
        verbose_name=_("专项行动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("关联案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("下派时间"), default=timezone.now)

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def scope_area_path(self) -> str:
        return self.area.path

    def scope_department_ids(self, action: str | None = None) -> None:
        return None


class AssignmentTarget(models.Model):
    """One assignee of a task and where they stand; changed only by `assignments.act()`."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="targets")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        on_delete=models.PROTECT,
        related_name="assignment_targets",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=TargetStatus.choices, default=TargetStatus.SENT
    )
    accepted_at = models.DateTimeField(_("接收时间"), null=True, blank=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    approved_at = models.DateTimeField(_("验收时间"), null=True, blank=True)
    due_soon_told_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_told_at = models.DateTimeField(null=True, blank=True, editable=False)
    late = False  # set by the pages that show it: is_overdue() at the time shown

    class Meta:
        verbose_name = _("任务承办人")
        verbose_name_plural = _("任务承办人")
        ordering = ["assignment", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "assignee"], name="assignment_once")
        ]

    def __str__(self):
        return f"{self.assignment} · {self.assignee}"

    @property
    def colour(self) -> str:
        return TARGET_COLOUR[self.status]

    def is_overdue(self, now=None) -> bool:
        """Still to do after the deadline, or done only after it."""
        deadline = self.assignment.deadline
        if self.status in OPEN_TARGET:
            return (now or timezone.now()) >= deadline
        return self.done_at is not None and self.done_at > deadline


class AssignmentLog(Chained):
    """One immutable entry of a task's history: who did what, when, where, with which note."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="log")
    target = models.ForeignKey(
        AssignmentTarget, null=True, blank=True, on_delete=models.PROTECT, related_name="log"
    )
    action = models.CharField(_("动作"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    from_status = models.CharField(_("原状态"), max_length=10, blank=True)
    to_status = models.CharField(_("新状态"), max_length=10, blank=True)
    note = models.TextField(_("说明"), max_length=2000, blank=True)
    lng = models.FloatField(_("经度（WGS-84）"), null=True, blank=True)
    lat = models.FloatField(_("纬度（WGS-84）"), null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)

    chain_fields = (
        "assignment_id",
        "target_id",
        "action",
        "actor_id",
        "at",
        "from_status",
        "to_status",
        "note",
        "lng",
        "lat",
        "data",
    )

    class Meta:
        verbose_name = _("任务记录")
        verbose_name_plural = _("任务记录")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.assignment} · {self.action}"

    def get_action_label(self) -> str:
        return str(LOG_ACTIONS.get(self.action, self.action))


class AssignmentPhoto(models.Model):
    """A photo of a task: the sender's attachment, or an assignee's feedback."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="photos")
    log = models.ForeignKey(AssignmentLog, on_delete=models.PROTECT, related_name="photos")
    image = models.ImageField(_("照片"), upload_to=RandomName("tasks/%Y/%m/"), db_index=True)

    class Meta:
        verbose_name = _("任务照片")
        verbose_name_plural = _("任务照片")
        ordering = ["pk"]


class AssignmentNotice(models.Model):
    """A log entry waiting to be told to the people concerned (the tasks' outbox)."""

    log = models.OneToOneField(AssignmentLog, on_delete=models.CASCADE, related_name="+")
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True)
    done_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("待通知任务记录")
        verbose_name_plural = _("待通知任务记录")
