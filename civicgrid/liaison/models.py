from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.liaison.choices import ActionStatus, Party
from civicgrid.lib.fields import EncryptedTextField
from civicgrid.lib.media import RandomName
from civicgrid.lib.privacy import mask_phone


class Scoped:
    """Where a row lies for `can()`: the area at `scope_via` (dotted), no department."""

    scope_via = "community"

    @property
    def scope_area_path(self) -> str:
        target: Any = self
        for name in self.scope_via.split("."):
            target = getattr(target, name)
        return target.path

    def scope_department_ids(self, action: str | None = None) -> None:
        return None


class PropertyCompany(Scoped, models.Model):
    """A property company (物业公司), registered by the district or a street."""

    scope_via = "area"

    area = models.ForeignKey(
        "areas.Area", verbose_name=_("登记区域"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("企业名称"), max_length=100)
    licence = models.CharField(_("统一社会信用代码"), max_length=30, blank=True)
    contact = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = EncryptedTextField(_("联系电话"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("物业公司")
        verbose_name_plural = _("物业公司")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone) if self.phone else ""


class Estate(Scoped, models.Model):
    """A residential estate (小区) in a community, managed by one property company."""

    company = models.ForeignKey(
        PropertyCompany,
        verbose_name=_("物业公司"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="estates",
    )
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("所属社区"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("小区名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    lng = models.FloatField(_("经度（WGS-84）"), null=True, blank=True)
    lat = models.FloatField(_("纬度（WGS-84）"), null=True, blank=True)

    class Meta:
        verbose_name = _("小区")
        verbose_name_plural = _("小区")
        ordering = ["community__path", "name"]

    def __str__(self):
        return self.name


class Meeting(Scoped, models.Model):
    """A liaison meeting of the station with the 居委会, 物业 and/or 业委会 of a community."""

    community = models.ForeignKey(
        "areas.Area", verbose_name=_("社区"), on_delete=models.PROTECT, related_name="+"
    )
    estate = models.ForeignKey(
        Estate, verbose_name=_("小区"), null=True, blank=True, on_delete=models.SET_NULL
    )
    held_on = models.DateField(_("会议日期"))
    parties = models.JSONField(_("参会方"), default=list)
    attendees = models.CharField(_("参会人员"), max_length=500)
    minutes = models.TextField(_("会议纪要"), max_length=5000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("联络会议")
        verbose_name_plural = _("联络会议")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.community} {self.held_on:%Y-%m-%d}"

    @property
    def party_labels(self) -> str:
        return "、".join(str(Party(p).label) for p in self.parties if p in Party.values)


class Action(Scoped, models.Model):
    """An action agreed at a meeting: who does it and by when."""

    scope_via = "meeting.community"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(_("商定事项"), max_length=300)
    owner = models.CharField(_("责任方"), max_length=20, choices=Party.choices)
    company = models.ForeignKey(
        PropertyCompany,
        verbose_name=_("物业公司"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    deadline = models.DateField(_("完成期限"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("商定事项")
        verbose_name_plural = _("商定事项")
        ordering = ["deadline", "pk"]

    def __str__(self):
        return self.text


class ActionLog(models.Model):
    """Who changed an action's status and when: written with the change, never edited."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="log")
    status = models.CharField(max_length=10, choices=ActionStatus.choices)
    note = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]


class DutyRecord(Scoped, models.Model):
    """Whether a property company did its part (物业履职) at an estate, seen on a date."""

    scope_via = "estate.community"

    company = models.ForeignKey(
        PropertyCompany, verbose_name=_("物业公司"), on_delete=models.PROTECT, related_name="duties"
    )
    estate = models.ForeignKey(Estate, verbose_name=_("小区"), on_delete=models.PROTECT)
    action = models.ForeignKey(
        Action, verbose_name=_("商定事项"), null=True, blank=True, on_delete=models.SET_NULL
    )
    checked_on = models.DateField(_("检查日期"))
    fulfilled = models.BooleanField(_("已履职"))
    note = models.CharField(_("情况说明"), max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("物业履职记录")
        verbose_name_plural = _("物业履职记录")
        ordering = ["-checked_on", "-pk"]


class DutyPhoto(models.Model):
    record = models.ForeignKey(DutyRecord, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("照片"), upload_to=RandomName("liaison/%Y/%m/"))
