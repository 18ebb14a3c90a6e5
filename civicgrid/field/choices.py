from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetStatus(models.TextChoices):
    """Where one assignee stands on a task (任务)."""

    SENT = "sent", _("待接收")
    ACCEPTED = "accepted", _("进行中")
    DONE = "done", _("待验收")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已验收")


TARGET_COLOUR: dict[str, str] = {
    TargetStatus.SENT: "#d97706",
    TargetStatus.ACCEPTED: "#2563eb",
    TargetStatus.DONE: "#0891b2",
    TargetStatus.RETURNED: "#b91c1c",
    TargetStatus.APPROVED: "#16a34a",
}
# Still the assignee's to do: the deadline runs for these.
OPEN_TARGET = frozenset({TargetStatus.SENT, TargetStatus.ACCEPTED, TargetStatus.RETURNED})


class LinkKind(models.TextChoices):
    """How a case came to count for a campaign."""

    AUTO = "auto", _("自动关联")
    HAND = "hand", _("手动关联")


LOG_ACTIONS = {
    "send": _("下派任务"),
    "accept": _("接收任务"),
    "progress": _("报告进展"),
    "finish": _("反馈完成"),
    "approve": _("验收通过"),
    "return": _("退回重办"),
    "due_soon": _("到期提醒"),
    "overdue": _("超期提醒"),
}
