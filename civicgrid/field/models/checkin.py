from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.lib.media import RandomName


class CheckIn(models.Model):
    """A check-in 签到 at a workstation or a grid/community: place, time, photo, distance."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签到人"),
        on_delete=models.PROTECT,
        related_name="checkins",
    )
    at = models.DateTimeField(_("签到时间"), default=timezone.now, db_index=True)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("社区或网格"), on_delete=models.PROTECT, related_name="+"
    )
    area_path = models.CharField(max_length=255, db_index=True, editable=False)
    workstation = models.ForeignKey(
        "people.Workstation",
        verbose_name=_("工作站"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lng = models.FloatField(_("经度"))
    lat = models.FloatField(_("纬度"))
    accuracy_m = models.FloatField(_("定位精度（米）"))
    distance_m = models.PositiveIntegerField(_("距签到地点（米）"))
    flagged = models.BooleanField(_("存疑"), default=False)
    flag_reason = models.CharField(_("存疑原因"), max_length=200, blank=True)
    photo = models.ImageField(_("现场照片"), upload_to=RandomName("checkins/"))

    class Meta:
        verbose_name = _("签到")
        verbose_name_plural = _("签到")
        ordering = ["-at"]

    def __str__(self):
        when = timezone.localtime(self.at)
        return f"{self.user} · {self.workstation or self.area} · {when:%m-%d %H:%M}"

    @property
    def scope_area_path(self) -> str:
        return self.area_path

    def scope_department_ids(self, action):
        return None
