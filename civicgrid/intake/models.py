from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RateCounter(models.Model):
    """How many events one hashed key spent in one fixed window of a rate limit.

    Written with one UPSERT per request (intake/ratelimit.py), so every worker process counts
    in the same rows; a row is useless once its window has passed and is pruned then.
    """

    key = models.CharField(max_length=80, primary_key=True)  # scope:window:hash, no clear text
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "rate counter"


# Our field -> the header of the column that holds it: the ledger of a 12345 platform
# (STANDARDS.md §4). Columns a file lacks are left empty, except the REQUIRED ones.
DEFAULT_MAPPING = {
    "number": "办件编号",
    "called_at": "派发时间",
    "reporter_name": "诉求人",
    "reporter_phone": "诉求人电话",
    "subject": "诉求主题",
    "description": "诉求内容",
    "request_type": "诉求类型",
    "address": "地址",
    "area": "所属区域",
    "unit": "办理单位",
    "section": "办理科室",
    "due": "承诺完成时间",
    "major": "事项大类",
    "minor": "事项小类",
    "origin": "办件来源",
    "city_number": "市级编号",
    "hotline_status": "办件状态",
    "sender": "派单员",
    "result": "处理结果",
}
REQUIRED = ("number", "description")


def default_mapping() -> dict:
    return dict(DEFAULT_MAPPING)


class HotlineSource(models.Model):
    """A 12345 hotline that sends work orders: its column layout and the area it covers."""

    name = models.CharField(_("名称"), max_length=60, unique=True)
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("覆盖区域"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("无法定位的工单先归入此区域，由该区域的受理派遣员定位"),
    )
    mapping = models.JSONField(
        _("列对应"),
        default=default_mapping,
        help_text=_('本系统字段 → 表头文字，如 {"number": "办件编号"}'),
    )

    class Meta:
        verbose_name = _("12345 热线来源")
        verbose_name_plural = _("12345 热线来源")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def scope_area_path(self) -> str:
        return self.area.path

    def scope_department_ids(self, action: str | None = None) -> None:
        return None

    def clean(self):
        from django.core.exceptions import ValidationError

        mapping = self.mapping if isinstance(self.mapping, dict) else None
        if mapping is None or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
        ):
            raise ValidationError({"mapping": _("列对应应为“字段: 表头”的 JSON 对象")})
        unknown = sorted(set(mapping) - set(DEFAULT_MAPPING))
        if unknown:
            raise ValidationError(
                {"mapping": _("未知字段：%(names)s") % {"names": "、".join(unknown)}}
            )
        missing = [k for k in REQUIRED if not (mapping.get(k) or "").strip()]
        if missing:
            raise ValidationError(
                {"mapping": _("必须对应的字段：%(names)s") % {"names": "、".join(missing)}}
            )


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("导入中")
    DONE = "done", _("已完成")
    REFUSED = "refused", _("文件被拒绝")
    FAILED = "failed", _("中断")


class HotlineImport(models.Model):
    """One import of a hotline ledger file: who, when, its progress, counts and error rows."""

    source = models.ForeignKey(HotlineSource, verbose_name=_("来源"), on_delete=models.PROTECT)
    file_name = models.CharField(_("文件名"), max_length=200)
    stored = models.CharField(_("存储文件"), max_length=100, editable=False)  # private media
    errors_file = models.CharField(_("错误明细"), max_length=100, blank=True, editable=False)
    area_path = models.CharField(_("区域路径"), max_length=255, db_index=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    message = models.CharField(_("说明"), max_length=500, blank=True)
    total = models.PositiveIntegerField(_("总行数"), default=0)
    done = models.PositiveIntegerField(_("已处理行数"), default=0)
    created = models.PositiveIntegerField(_("新建"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    unchanged = models.PositiveIntegerField(_("未变化"), default=0)
    unplaced = models.PositiveIntegerField(_("待定位"), default=0)
    failed = models.PositiveIntegerField(_("出错"), default=0)

    class Meta:
        verbose_name = _("12345 工单导入")
        verbose_name_plural = _("12345 工单导入")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.file_name

    @property
    def scope_area_path(self) -> str:
        return self.area_path

    def scope_department_ids(self, action: str | None = None) -> None:
        return None

    @property
    def uploader(self) -> str:
        user = self.created_by
        if user is None:
            return "—"
        profile = getattr(user, "staff", None)
        return (profile.name if profile else "") or user.username

    @property
    def percent(self) -> int:
        if self.status in (ImportStatus.DONE, ImportStatus.REFUSED):
            return 100
        return min(100, int(100 * self.done / self.total)) if self.total else 0


class HotlineOrder(models.Model):
    """A 12345 work order as the hotline numbers it, and the case it opened here."""

    source = models.ForeignKey(HotlineSource, verbose_name=_("来源"), on_delete=models.PROTECT)
    number = models.CharField(_("工单编号"), max_length=64)
    case = models.OneToOneField(
        "cases.Case", verbose_name=_("案件"), on_delete=models.PROTECT, related_name="hotline_order"
    )
    digest = models.CharField(max_length=64, editable=False)  # of the row's mapped values
    # The hotline's promise to the caller (承诺完成时间), beside our own stage deadlines.
    hotline_due = models.DateTimeField(_("热线承诺完成时间"), null=True, blank=True)
    unit = models.CharField(_("承办单位"), max_length=100, blank=True)
    placed = models.BooleanField(_("已定位"), default=True, db_index=True)
    last_import = models.ForeignKey(
        HotlineImport,
        verbose_name=_("最近导入"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    imported_at = models.DateTimeField(_("导入时间"), default=timezone.now)

    class Meta:
        verbose_name = _("12345 工单")
        verbose_name_plural = _("12345 工单")
        constraints = [
            models.UniqueConstraint(fields=["source", "number"], name="hotline_order_number")
        ]

    def __str__(self):
        return self.number
