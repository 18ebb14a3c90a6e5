"""Convenience places 便民设施 on the public map, and their immutable change log."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.amenities.choices import LOG_ACTIONS, Kind
from civicgrid.audit.models import Chained


class Amenity(models.Model):
    """A public toilet, park, permitted stall area or recycling point, placed in a community."""

    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("所属社区"), on_delete=models.PROTECT, related_name="+"
    )
    # Stored in WGS-84 like every point here; shown and linked in the map app's datum.
    lng = models.FloatField(_("经度（WGS-84）"))
    lat = models.FloatField(_("纬度（WGS-84）"))
    hours = models.CharField(
        _("开放时间"),
        max_length=100,
        blank=True,
        help_text=_("如“全天开放”“6:00-22:00”“周一至周五 8:30-17:30；周六 9:00-12:00”"),
    )
    notes = models.CharField(
        _("设施说明"), max_length=200, blank=True, help_text=_("如“无障碍厕位、母婴室”")
    )
    active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        verbose_name = _("便民设施")
        verbose_name_plural = _("便民设施")
        ordering = ["kind", "name", "pk"]
        indexes = [models.Index(fields=["kind", "active", "lat"], name="amenity_kind_lat")]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "kind", "name"], name="amenity_one_name_per_community"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def scope_area_path(self) -> str:
        return self.community.path

    def scope_department_ids(self, action: str | None = None) -> None:
        return None


class AmenityLog(Chained):
    """One immutable entry of a place's history: who changed what, when, from which page."""

    amenity = models.ForeignKey(Amenity, on_delete=models.PROTECT, related_name="log")
    action = models.CharField(_("动作"), max_length=12)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    source = models.CharField(_("来源"), max_length=20, blank=True)  # "form" or "import"
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)

    chain_fields = ("amenity_id", "action", "actor_id", "at", "source", "changes")

    class Meta:
        verbose_name = _("便民设施变更记录")
        verbose_name_plural = _("便民设施变更记录")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.amenity} · {self.action}"

    def get_action_label(self) -> str:
        return str(LOG_ACTIONS.get(self.action, self.action))
