from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.catalog.choices import Kind, Measure, Stage, Unit, Urgency


class Category(models.Model):
    """A class of the national catalog (GB/T 47678.5-2026): a major class or a minor one."""

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("编码"), max_length=5)
    name = models.CharField(_("名称"), max_length=60)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("大类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    legacy_code = models.CharField(_("旧标准编码（GB/T 30428.2）"), max_length=10, blank=True)
    aliases = models.CharField(_("别名"), max_length=200, blank=True, help_text=_("用顿号分隔"))
    keywords = models.CharField(_("关键词"), max_length=300, blank=True, help_text=_("用顿号分隔"))
    help_text = models.CharField(_("说明"), max_length=200, blank=True)
    icon = models.CharField(
        _("图标"),
        max_length=40,
        blank=True,
        help_text=_("Tabler 图标名，如 trash，文件见 static/vendor/tabler-icons-3.51.0/"),
    )
    common_rank = models.PositiveSmallIntegerField(
        _("常用排序"),
        null=True,
        blank=True,
        help_text=_("市民上报页按此顺序优先显示；留空为不常用"),
    )
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("案件分类")
        verbose_name_plural = _("案件分类")
        ordering = ["kind", "code"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="category_kind_code")]

    def __str__(self):
        return f"{self.name}（{self.get_kind_display()} {self.code}）"


class TimeLimit(models.Model):
    """How long one stage may take for a class and urgency; a row without class is the default."""

    category = models.ForeignKey(
        Category, verbose_name=_("分类"), null=True, blank=True, on_delete=models.CASCADE
    )
    urgency = models.CharField(_("紧急程度"), max_length=10, choices=Urgency.choices)
    stage = models.CharField(_("阶段"), max_length=10, choices=Stage.choices)
    amount = models.PositiveIntegerField(_("时限"))
    unit = models.CharField(_("单位"), max_length=10, choices=Unit.choices)

    class Meta:
        verbose_name = _("处置时限")
        verbose_name_plural = _("处置时限")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "urgency", "stage"], name="timelimit_unique"
            ),
            models.UniqueConstraint(
                fields=["urgency", "stage"],
                condition=models.Q(category__isnull=True),
                name="timelimit_default_unique",
            ),
        ]

    def __str__(self):
        limit = f"{self.amount}{self.get_unit_display()}"
        return f"{self.category or _('默认')} {self.get_stage_display()} {limit}"


class Responsibility(models.Model):
    """The responsibility matrix: which department handles a class within an area subtree."""

    category = models.ForeignKey(
        Category,
        verbose_name=_("分类"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("可选大类或小类；留空表示全部分类"),
    )
    area = models.ForeignKey("areas.Area", verbose_name=_("区域"), on_delete=models.CASCADE)
    department = models.ForeignKey(
        "people.Department", verbose_name=_("责任部门"), on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = _("责任矩阵")
        verbose_name_plural = _("责任矩阵")
        constraints = [
            models.UniqueConstraint(fields=["category", "area"], name="responsibility_unique")
        ]

    def __str__(self):
        return f"{self.category or _('全部分类')} @ {self.area} → {self.department}"


class ViolationType(models.Model):
    """An enforcement violation type with the flexible measures the guide allows."""

    code = models.CharField(_("编码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    legal_basis = models.CharField(_("法律依据"), max_length=300, blank=True)
    measures = models.JSONField(_("可用措施"), default=list, help_text=str(Measure.values))
    # The guide's conditions for the flexible measures (cases/enforcement/rules.py applies them).
    first_offence_days = models.PositiveSmallIntegerField(
        _("首违认定期限（天）"),
        default=365,
        help_text=_("此期限内同一当事人无同类违法记录的，方可首违不罚"),
    )
    correct_days = models.PositiveSmallIntegerField(_("责令改正最长期限（天）"), default=7)
    minor_rule = models.CharField(
        _("轻微情形"), max_length=300, blank=True, help_text=_("何为情节轻微，写给执法队员和市民看")
    )
    service_rule = models.CharField(
        _("公益抵罚方式"), max_length=300, blank=True, help_text=_("以公益服务抵扣处罚的方式")
    )
    law_text = models.TextField(
        _("法律规定"), blank=True, help_text=_("法条中责令改正和处罚的规定")
    )
    category = models.ForeignKey(
        Category, verbose_name=_("对应分类"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("违法行为类型")
        verbose_name_plural = _("违法行为类型")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        unknown = sorted(set(self.measures) - set(Measure.values))
        if unknown:
            raise ValidationError({"measures": _("未知措施：%s") % "、".join(unknown)})


class CalendarDay(models.Model):
    """One day of the workday calendar: holidays and adjusted working days (调休) included."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("工作日"))
    note = models.CharField(_("备注"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("工作日历")
        verbose_name_plural = _("工作日历")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {'工作日' if self.is_workday else '休息日'}"
