"""Duty lists 职责清单 and the three lists 三张清单: versioned, every published version kept."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.duties.choices import ListKind


class DutyList(models.Model):
    """One list of one unit: its duties, its powers or its tasks of the year."""

    unit = models.ForeignKey(
        "duties.Unit", verbose_name=_("责任单位"), on_delete=models.CASCADE, related_name="lists"
    )
    kind = models.CharField(_("清单类型"), max_length=10, choices=ListKind.choices)

    class Meta:
        verbose_name = _("清单")
        verbose_name_plural = _("清单")
        ordering = ["unit", "kind"]
        constraints = [models.UniqueConstraint(fields=["unit", "kind"], name="duty_list_once")]

    def __str__(self):
        return f"{self.unit} · {self.get_kind_display()}"

    @property
    def scope_area_path(self) -> str:
        return self.unit.area_path

    def scope_department_ids(self, action: str | None = None) -> frozenset[int]:
        return self.unit.scope_department_ids(action)


class ListVersion(models.Model):
    """A version of a list: the draft being edited (not published) or a published one,
    which is never edited again and stays readable."""

    duty_list = models.ForeignKey(DutyList, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"))
    created_at = models.DateTimeField(_("起草时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("修订说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("清单版本")
        verbose_name_plural = _("清单版本")
        ordering = ["duty_list", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["duty_list", "number"], name="duty_version_once"),
            models.UniqueConstraint(
                fields=["duty_list"],
                condition=models.Q(published_at__isnull=True),
                name="duty_one_draft",
            ),
        ]

    def __str__(self):
        return f"{self.duty_list} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.published_at is None


class ListItem(models.Model):
    """One numbered row of a list version: what, on which basis (依据), of which kind."""

    version = models.ForeignKey(ListVersion, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("序号"))
    content = models.TextField(_("事项内容"), max_length=1000)
    basis = models.TextField(_("依据"), max_length=1000, blank=True)
    kind = models.CharField(_("类别"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("清单事项")
        verbose_name_plural = _("清单事项")
        ordering = ["version", "position", "pk"]

    def __str__(self):
        return f"{self.position}. {self.content[:30]}"
