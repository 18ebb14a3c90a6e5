"""A responsible unit 责任单位: a department, a workstation or a street (district) office."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.duties.choices import UnitKind


class Unit(models.Model):
    """One unit that keeps duty lists and leads or co-leads decomposed tasks."""

    kind = models.CharField(_("类型"), max_length=12, choices=UnitKind.choices)
    department = models.OneToOneField(
        "people.Department", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    workstation = models.OneToOneField(
        "people.Workstation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    area = models.OneToOneField(
        "areas.Area", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("名称"), max_length=100)
    # Kept from the department's, station's or office's area, so that lists filter by prefix.
    area_path = models.CharField(max_length=255, blank=True, db_index=True, editable=False)

    class Meta:
        verbose_name = _("责任单位")
        verbose_name_plural = _("责任单位")
        ordering = ["kind", "area_path", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="department", department__isnull=False)
                    | models.Q(kind="workstation", workstation__isnull=False)
                    | models.Q(kind="office", area__isnull=False)
                ),
                name="duty_unit_has_owner",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def scope_area_path(self) -> str:
        return self.area_path

    def scope_department_ids(self, action: str | None = None) -> frozenset[int]:
        # A station or an office belongs to no department, and no department's grant reaches
        # it (a handler reports for their own department only): the empty set, not None.
        return frozenset({self.department_id}) if self.department_id else frozenset()
