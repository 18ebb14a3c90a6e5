from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.choices import Level
from civicgrid.lib.codes import AREA_RE

PATH_SEP = "/"


def path_codes(path: str) -> list[str]:
    """The codes of a materialised path, from the root down."""
    return [c for c in path.split(PATH_SEP) if c]


class AreaQuerySet(models.QuerySet):
    def under(self, area: "Area") -> "AreaQuerySet":
        """The area and everything below it: one prefix filter on the materialised path."""
        return self.filter(path__startswith=area.path)

    def grids(self) -> "AreaQuerySet":
        return self.filter(level=Level.GRID)


class Area(models.Model):
    """One node of the administrative tree (city > district > street > community > grid)."""

    code = models.CharField(
        _("区划代码"),
        max_length=20,
        unique=True,
        # The shape the URLs accept: a code outside it could not be linked to (or put in a path).
        validators=[RegexValidator(f"^{AREA_RE}$", _("区划代码只能包含数字、字母、“-”和“_”"))],
    )
    name = models.CharField(_("名称"), max_length=100)
    level = models.PositiveSmallIntegerField(_("层级"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("路径"), max_length=255, db_index=True, editable=False)
    boundary = models.JSONField(_("边界（GeoJSON）"), null=True, blank=True)
    centroid_lng = models.FloatField(_("中心经度"), null=True, blank=True)
    centroid_lat = models.FloatField(_("中心纬度"), null=True, blank=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("区域")
        verbose_name_plural = _("区域")
        ordering = ["path"]

    def __str__(self):
        return self.name

    @property
    def scope_area_path(self) -> str:
        """Where this area sits in the tree, for permission checks."""
        return self.path

    def scope_department_ids(self, action: str | None = None) -> None:
        """Areas belong to no department: a grant reaches them by its area alone."""
        return None

    def ancestor_codes(self) -> list[str]:
        """Codes from the root down to this area."""
        return path_codes(self.path)

    def ancestors(self) -> list["Area"]:
        by_code = {a.code: a for a in Area.objects.filter(code__in=self.ancestor_codes())}
        return [by_code[c] for c in self.ancestor_codes() if c in by_code]

    def ancestor_at(self, level: int) -> "Area | None":
        return next((a for a in self.ancestors() if a.level == level), None)

    def save(self, *args, **kwargs):
        old_path = self.path
        self.path = (self.parent.path if self.parent_id else "") + self.code + PATH_SEP
        if self.boundary and self.centroid_lng is None:
            from shapely.geometry import shape

            point = shape(self.boundary).representative_point()
            self.centroid_lng, self.centroid_lat = point.x, point.y
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                # Moving an area moves its whole subtree: rewrite the path prefix in one UPDATE.
                Area.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                    path=Concat(models.Value(self.path), Substr("path", len(old_path) + 1))
                )


class KnownAddress(models.Model):
    """One entry of the standard address table (标准地址库): an address text, its area and point."""

    text = models.CharField(_("地址"), max_length=200)
    normalised = models.CharField(_("规范化地址"), max_length=200, unique=True, editable=False)
    area = models.ForeignKey(
        Area,
        verbose_name=_("所属社区或网格"),
        on_delete=models.PROTECT,
        related_name="known_addresses",
        limit_choices_to={"level__in": [Level.COMMUNITY, Level.GRID]},
    )
    lng = models.FloatField(_("经度（WGS-84）"), null=True, blank=True)
    lat = models.FloatField(_("纬度（WGS-84）"), null=True, blank=True)

    class Meta:
        verbose_name = _("标准地址")
        verbose_name_plural = _("标准地址库")
        ordering = ["normalised"]

    def __str__(self):
        return self.text

    def clean(self):
        from django.core.exceptions import ValidationError

        from civicgrid.areas.places import normalise

        if self.area_id and self.area.level not in (Level.COMMUNITY, Level.GRID):
            raise ValidationError({"area": _("标准地址只能属于社区或网格")})
        if (self.lng is None) != (self.lat is None):
            raise ValidationError(_("经度和纬度需同时填写或同时留空"))
        if len(normalise(self.text)) < 2:
            raise ValidationError({"text": _("地址太短")})

    def save(self, *args, **kwargs):
        from civicgrid.areas.places import normalise

        self.normalised = normalise(self.text)
        super().save(*args, **kwargs)
