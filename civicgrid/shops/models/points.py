from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.audit.models import Chained
from civicgrid.shops.choices import RuleUse, Standing


class PointRule(models.Model):
    """A points rule edited in admin (门前三包积分制): its use and how many points it moves."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    label = models.CharField(_("名称"), max_length=60)
    delta = models.IntegerField(_("分值（加分为正，扣分为负）"))
    use = models.CharField(_("用途"), max_length=10, choices=RuleUse.choices)
    rank = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("积分规则")
        verbose_name_plural = _("积分规则")
        ordering = ["use", "rank", "pk"]

    def __str__(self):
        return f"{self.label}（{self.delta:+d}）"

    def clean(self):
        if self.delta == 0:
            raise ValidationError({"delta": _("分值不能为 0")})
        if self.use == RuleUse.ITEM and self.delta > 0:
            raise ValidationError({"delta": _("检查项目不合格时扣分，分值应为负数")})
        if self.use == RuleUse.PASS and self.delta < 0:
            raise ValidationError({"delta": _("检查合格应加分，分值应为正数")})


class PointScheme(models.Model):
    """The yearly scheme (one row): points each shop starts the year with, the list thresholds."""

    base = models.IntegerField(_("年初基础分"), default=100)
    red_at = models.IntegerField(_("红榜分数线（不低于）"), default=120)
    black_at = models.IntegerField(_("黑榜分数线（不高于）"), default=80)

    class Meta:
        verbose_name = _("积分与红黑榜设置")
        verbose_name_plural = _("积分与红黑榜设置")

    def __str__(self):
        return str(_("红榜 ≥ %(red)s 分，黑榜 ≤ %(black)s 分")) % {
            "red": self.red_at,
            "black": self.black_at,
        }

    def clean(self):
        if not self.black_at < self.base < self.red_at:
            raise ValidationError(_("应满足：黑榜分数线 < 年初基础分 < 红榜分数线"))

    @classmethod
    def current(cls) -> "PointScheme":
        return cls.objects.order_by("pk").first() or cls.objects.create()

    def standing(self, points: int) -> str:
        if points >= self.red_at:
            return Standing.RED
        if points <= self.black_at:
            return Standing.BLACK
        return Standing.NONE


class PointEntry(Chained):
    """One immutable line of a shop's points ledger: which rule, by whom, why, the balance after."""

    shop = models.ForeignKey("shops.Shop", on_delete=models.PROTECT, related_name="entries")
    year = models.PositiveSmallIntegerField(_("年度"))
    rule_code = models.CharField(_("规则代码"), max_length=30)
    label = models.CharField(_("事项"), max_length=60)
    delta = models.IntegerField(_("分值"))
    balance = models.IntegerField(_("记分后积分"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记分人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    inspection = models.ForeignKey(
        "shops.Inspection", null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)

    chain_fields = (
        "shop_id",
        "year",
        "rule_code",
        "label",
        "delta",
        "balance",
        "actor_id",
        "at",
        "inspection_id",
        "note",
    )

    class Meta:
        verbose_name = _("积分记录")
        verbose_name_plural = _("积分记录")
        ordering = ["-at", "-pk"]


class ListChange(Chained):
    """One immutable move of a shop onto or off the red or black list, with the points then."""

    shop = models.ForeignKey("shops.Shop", on_delete=models.PROTECT, related_name="list_changes")
    entry = models.OneToOneField(PointEntry, on_delete=models.PROTECT, related_name="list_change")
    before = models.CharField(_("原榜单"), max_length=5, choices=Standing.choices, blank=True)
    after = models.CharField(_("新榜单"), max_length=5, choices=Standing.choices, blank=True)
    balance = models.IntegerField(_("积分"))
    at = models.DateTimeField(_("时间"), default=timezone.now)

    chain_fields = ("shop_id", "entry_id", "before", "after", "balance", "at")

    class Meta:
        verbose_name = _("红黑榜变动")
        verbose_name_plural = _("红黑榜变动")
        ordering = ["-at", "-pk"]
