from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.open311.choices import LISTS, Datatype

CODE_RE = r"[A-Za-z0-9_\-]{1,40}"


class Attribute(models.Model):
    """One extra question an Open311 client answers for a class (a service's metadata)."""

    category = models.ForeignKey(
        "catalog.Category",
        verbose_name=_("分类"),
        on_delete=models.CASCADE,
        related_name="open311_attributes",
        limit_choices_to={"parent__isnull": False},
    )
    code = models.CharField(
        _("编码"),
        max_length=40,
        validators=[RegexValidator(f"^{CODE_RE}$", _("编码只能包含字母、数字、“-”和“_”"))],
        help_text=_("客户端以 attribute[编码] 提交"),
    )
    datatype = models.CharField(_("数据类型"), max_length=20, choices=Datatype.choices)
    required = models.BooleanField(_("必填"), default=False)
    variable = models.BooleanField(
        _("需要填写"), default=True, help_text=_("取消勾选时只向用户显示说明，不收集输入")
    )
    description = models.CharField(_("问题"), max_length=200)
    datatype_description = models.CharField(_("填写说明"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=1)
    values = models.JSONField(
        _("可选值"),
        default=list,
        blank=True,
        help_text=_('单选、多选的选项，如 [{"key": "large", "name": "大件"}]'),
    )

    class Meta:
        verbose_name = _("Open311 附加问题")
        verbose_name_plural = _("Open311 附加问题")
        ordering = ["category", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="open311_attribute_code")
        ]

    def __str__(self):
        return f"{self.category.name}：{self.description}"

    def clean(self):
        if self.datatype in LISTS:
            ok = isinstance(self.values, list) and self.values
            ok = ok and all(
                isinstance(v, dict) and str(v.get("key", "")) and str(v.get("name", ""))
                for v in self.values
            )
            if not ok:
                raise ValidationError({"values": _("单选、多选须填写选项，每项含 key 和 name")})
        elif self.values:
            raise ValidationError({"values": _("只有单选、多选需要可选值")})
