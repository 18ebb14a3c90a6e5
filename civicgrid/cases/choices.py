from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    OPEN = "open", _("待办")
    IN_PROGRESS = "in_progress", _("办理中")
    CLOSED = "closed", _("已办结")


class Status(models.TextChoices):
    REPORTED = "reported", _("待受理")
    ACCEPTED = "accepted", _("已立案")
    DISPATCHED = "dispatched", _("已派遣")
    IN_PROGRESS = "in_progress", _("处置中")
    HANDLED = "handled", _("已处置")
    VERIFIED = "verified", _("已核查")
    CLOSED = "closed", _("已结案")
    REJECTED = "rejected", _("不予立案")
    MERGED = "merged", _("已合并")


STATUS_PHASE: dict[str, Phase] = {
    Status.REPORTED: Phase.OPEN,
    Status.ACCEPTED: Phase.OPEN,
    Status.DISPATCHED: Phase.IN_PROGRESS,
    Status.IN_PROGRESS: Phase.IN_PROGRESS,
    Status.HANDLED: Phase.IN_PROGRESS,
    Status.VERIFIED: Phase.IN_PROGRESS,
    Status.CLOSED: Phase.CLOSED,
    Status.REJECTED: Phase.CLOSED,
    Status.MERGED: Phase.CLOSED,
}

STATUS_COLOUR: dict[str, str] = {
    Status.REPORTED: "#d97706",
    Status.ACCEPTED: "#ca8a04",
    Status.DISPATCHED: "#2563eb",
    Status.IN_PROGRESS: "#4f46e5",
    Status.HANDLED: "#0891b2",
    Status.VERIFIED: "#0d9488",
    Status.CLOSED: "#16a34a",
    Status.REJECTED: "#6b7280",
    Status.MERGED: "#6b7280",
}

OPEN_STATUSES = frozenset(s for s, p in STATUS_PHASE.items() if p != Phase.CLOSED)
# Dispatched to a department and not yet reported done: the department is "handling" it.
HANDLING_STATUSES = frozenset({Status.DISPATCHED, Status.IN_PROGRESS})


class RequestType(models.TextChoices):
    """What the person asks for, as 12345 practice sorts work orders (诉求类型)."""

    COMPLAINT = "complaint", _("投诉")
    HELP = "help", _("求助")
    TIP_OFF = "tip_off", _("举报")
    CONSULT = "consult", _("咨询")
    SUGGESTION = "suggestion", _("建议")
    PRAISE = "praise", _("表扬")


# Checked on every report: `RequestType.values` builds its list anew on each read.
REQUEST_TYPES = frozenset(RequestType.values)


class Channel(models.TextChoices):
    QR = "qr", _("城管码")
    HOTLINE = "hotline", _("12345热线")
    WECHAT = "wechat", _("微信")
    GRID = "grid", _("网格员上报")
    PATROL = "patrol", _("巡查发现")
    STAFF = "staff", _("工作人员登记")
    # A dispatcher's registration of a call to the desk's own line, or of a walk-in.
    PHONE = "phone", _("来电")
    VISIT = "visit", _("来访")
    API = "api", _("接口")
    OPEN311 = "open311", _("Open311")


class Tier(models.TextChoices):
    SELF = "self", _("自行处置")
    DISPATCH = "dispatch", _("派单处置")
    ENFORCEMENT = "enforcement", _("执法处置")


class EscalationLevel(models.IntegerChoices):
    GRID = 0, _("网格")
    COMMUNITY = 1, _("社区")
    STREET = 2, _("街道")
    DISTRICT = 3, _("区")
    CITY = 4, _("市")


class Clock(models.TextChoices):
    ON_TIME = "on_time", _("正常")
    WARNED = "warned", _("预警")
    OVERDUE = "overdue", _("超期")


def clock_of(status: str, due_at, warn_at, now) -> str | None:
    """On time, warned or overdue from the stored deadlines and now; None when no clock runs."""
    if status not in OPEN_STATUSES or due_at is None:
        return None
    if now >= due_at:
        return Clock.OVERDUE
    if warn_at and now >= warn_at:
        return Clock.WARNED
    return Clock.ON_TIME


class PhotoKind(models.TextChoices):
    BEFORE = "before", _("处置前")
    AFTER = "after", _("处置后")
