from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.lib.fields import DigestField, EncryptedTextField
from civicgrid.lib.privacy import mask_name, mask_phone
from civicgrid.volunteers.choices import ActivityKind, PersonKind, PersonStatus
from civicgrid.volunteers.models.scoped import Scoped

HOURS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("24"))]


class Volunteer(Scoped):
    """A community volunteer or social supervisor 社会监督员 on the station's registry."""

    name = EncryptedTextField(_("姓名"), max_length=30)
    phone = EncryptedTextField(_("手机号"), max_length=20)
    # The digest cases store too (reporter_phone_digest): a supervisor's reports are found by it.
    phone_digest = DigestField(source="phone", db_index=True)
    kind = models.CharField(
        _("类别"), max_length=10, choices=PersonKind.choices, default=PersonKind.VOLUNTEER
    )
    skills = models.CharField(_("特长"), max_length=100, blank=True)
    joined_on = models.DateField(_("加入日期"), default=timezone.localdate)
    status = models.CharField(
        _("状态"), max_length=10, choices=PersonStatus.choices, default=PersonStatus.PENDING
    )
    badge_no = models.CharField(_("监督员证号"), max_length=20, blank=True)
    applied_online = models.BooleanField(_("网上申请"), default=False, editable=False)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("志愿者")
        verbose_name_plural = _("志愿者")
        ordering = ["area_path", "-joined_on", "pk"]

    def __str__(self):
        return self.masked_name

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class Activity(models.Model):
    """One thing a person took part in: a service, a community event, a patrol, a report."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="activities")
    day = models.DateField(_("日期"))
    title = models.CharField(_("内容"), max_length=100)
    kind = models.CharField(_("类别"), max_length=10, choices=ActivityKind.choices)
    hours = models.DecimalField(
        _("时长（小时）"), max_digits=4, decimal_places=1, default=0, validators=HOURS
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("上报案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("参与记录")
        verbose_name_plural = _("参与记录")
        ordering = ["-day", "-pk"]

    def __str__(self):
        return f"{self.day} {self.title}"
