from django.db import models
from django.utils.translation import gettext_lazy as _


class Scoped(models.Model):
    """Volunteers and trainings belong to a community and to no department."""

    community = models.ForeignKey(
        "areas.Area", verbose_name=_("社区"), on_delete=models.PROTECT, related_name="+"
    )
    area_path = models.CharField(max_length=255, db_index=True, editable=False)

    class Meta:
        abstract = True

    @property
    def scope_area_path(self) -> str:
        return self.area_path

    def scope_department_ids(self, action):
        return None

    def save(self, *args, **kwargs):
        self.area_path = self.community.path
        super().save(*args, **kwargs)
