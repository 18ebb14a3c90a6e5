"""Evaluation schemes 考评方案 (weights, grade lines; in admin) and typical cases 典型案例."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.audit.models import Chained
from civicgrid.stations.choices import Indicator, ShowcaseAction


class EvaluationScheme(models.Model):
    """Indicator weights and grade thresholds, in force from a month until a later scheme."""

    name = models.CharField(_("方案名称"), max_length=60)
    valid_from = models.DateField(
        _("适用起始月"), help_text=_("填写该月 1 日；直到下一个方案的起始月")
    )
    excellent_from = models.PositiveSmallIntegerField(_("优秀（分以上）"), default=90)
    good_from = models.PositiveSmallIntegerField(_("良好（分以上）"), default=80)
    pass_from = models.PositiveSmallIntegerField(_("合格（分以上）"), default=60)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("工作站考评方案")
        verbose_name_plural = _("工作站考评方案")
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["valid_from"], name="one_scheme_per_month"),
        ]

    def __str__(self):
        return f"{self.name}（{self.valid_from:%Y-%m} 起）"

    def clean(self):
        if self.valid_from and self.valid_from.day != 1:
            raise ValidationError({"valid_from": _("起始日期须为某月 1 日")})
        if not 100 >= self.excellent_from > self.good_from > self.pass_from:
            raise ValidationError(_("分数线须满足：100 ≥ 优秀 > 良好 > 合格"))


class SchemeWeight(models.Model):
    """One indicator of a scheme: its weight and, for counts and shares, its target."""

    scheme = models.ForeignKey(EvaluationScheme, on_delete=models.CASCADE, related_name="weights")
    indicator = models.CharField(_("指标"), max_length=20, choices=Indicator.choices)
    weight = models.PositiveSmallIntegerField(_("权重"))
    target = models.FloatField(
        _("目标值"),
        null=True,
        blank=True,
        help_text=_(
            "次数指标：每月目标次数；比率指标：目标百分比（如 30）；满意度不填。留空用默认值"
        ),
    )

    class Meta:
        verbose_name = _("考评指标权重")
        verbose_name_plural = _("考评指标权重")
        ordering = ["scheme", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "indicator"], name="one_weight_per_indicator"
            ),
        ]

    def __str__(self):
        return f"{self.get_indicator_display()} × {self.weight}"

    def clean(self):
        if self.target is not None and self.target <= 0:
            raise ValidationError({"target": _("目标值须大于 0")})


class Showcase(models.Model):
    """A closed case told as a typical case 典型案例: title, story, a before and an after photo."""

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("案件"), on_delete=models.PROTECT, related_name="showcase"
    )
    area_path = models.CharField(_("区域路径"), max_length=255, db_index=True, editable=False)
    title = models.CharField(_("标题"), max_length=60)
    problem = models.TextField(_("问题"), max_length=500)
    solution = models.TextField(_("解决过程"), max_length=800)
    result = models.TextField(_("效果"), max_length=500)
    before = models.ForeignKey(
        "cases.Attachment",
        verbose_name=_("处置前照片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    after = models.ForeignKey(
        "cases.Attachment",
        verbose_name=_("处置后照片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("编写人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("修改时间"), default=timezone.now)

    class Meta:
        verbose_name = _("典型案例")
        verbose_name_plural = _("典型案例")
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["published_at", "area_path"], name="showcase_published")]

    def __str__(self):
        return self.title

    @property
    def scope_area_path(self) -> str:
        return self.area_path

    def scope_department_ids(self, action: str | None = None) -> None:
        return None  # belongs to its community, not to a department


class ShowcaseLog(Chained):
    """One immutable entry of a typical case's history: created, edited, published, withdrawn."""

    showcase = models.ForeignKey(Showcase, on_delete=models.PROTECT, related_name="log")
    action = models.CharField(_("动作"), max_length=10, choices=ShowcaseAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    data = models.JSONField(default=dict, blank=True)

    chain_fields = ("showcase_id", "action", "actor_id", "at", "data")

    class Meta:
        verbose_name = _("典型案例记录")
        verbose_name_plural = _("典型案例记录")
        ordering = ["at", "pk"]
