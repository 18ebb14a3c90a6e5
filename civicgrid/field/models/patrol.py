from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PatrolQuerySet(models.QuerySet):
    def open(self):
        return self.filter(ended_at__isnull=True)


class Patrol(models.Model):
    """One patrol 巡查 of one person, started and ended on the phone, with its recorded track."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("巡查人"),
        on_delete=models.PROTECT,
        related_name="patrols",
    )
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("巡查区域"), null=True, blank=True, on_delete=models.PROTECT
    )
    # The area's path when the patrol started: what scope filters read, one prefix filter.
    area_path = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    started_at = models.DateTimeField(_("开始时间"), default=timezone.now, db_index=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    distance_m = models.PositiveIntegerField(_("里程（米）"), default=0)
    point_count = models.PositiveIntegerField(_("轨迹点数"), default=0)
    note = models.CharField(_("巡查情况"), max_length=500, blank=True)

    objects = PatrolQuerySet.as_manager()

    class Meta:
        verbose_name = _("巡查")
        verbose_name_plural = _("巡查")
        ordering = ["-started_at"]
        constraints = [
            # At most one patrol under way per person: a second "开始巡查" finds the first.
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(ended_at__isnull=True), name="one_open_patrol"
            )
        ]

    def __str__(self):
        return f"{self.user} · {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"

    @property
    def scope_area_path(self) -> str:
        return self.area_path

    def scope_department_ids(self, action):
        return None

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    def duration(self, now=None):
        """How long the patrol took (or has taken so far)."""
        return (self.ended_at or now or timezone.now()) - self.started_at


class TrackPoint(models.Model):
    """One position the phone gave during a patrol, with its accuracy; never interpolated."""

    patrol = models.ForeignKey(Patrol, on_delete=models.CASCADE, related_name="points")
    at = models.DateTimeField(_("时间"))
    lng = models.FloatField(_("经度"))
    lat = models.FloatField(_("纬度"))
    accuracy_m = models.FloatField(_("精度（米）"))
    poor = models.BooleanField(_("精度差"), default=False)

    class Meta:
        verbose_name = _("轨迹点")
        verbose_name_plural = _("轨迹点")
        ordering = ["patrol", "at"]
        constraints = [
            # A batch sent again after a lost answer adds nothing twice.
            models.UniqueConstraint(fields=["patrol", "at"], name="one_point_per_moment")
        ]


class PatrolFinding(models.Model):
    """A case found on a patrol: the patrol lists its cases, the case knows its patrol."""

    patrol = models.ForeignKey(
        Patrol, verbose_name=_("巡查"), on_delete=models.PROTECT, related_name="findings"
    )
    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("案件"),
        on_delete=models.CASCADE,
        related_name="patrol_finding",
    )

    class Meta:
        verbose_name = _("巡查发现")
        verbose_name_plural = _("巡查发现")
