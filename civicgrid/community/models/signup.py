import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.community.choices import SignUpState
from civicgrid.lib.fields import DigestField, EncryptedTextField
from civicgrid.lib.media import RandomName
from civicgrid.lib.privacy import mask_name, mask_phone


def new_code() -> str:
    return secrets.token_urlsafe(9)


class SignUp(models.Model):
    """A resident's place at an event, taken from the portal, or a walk-in added at the door.

    Name and phone are personal data: encrypted at rest, found by the phone's digest, masked
    on staff pages, blanked by ops/pipl.py after the retention period.
    """

    event = models.ForeignKey(
        "community.Event", verbose_name=_("活动"), on_delete=models.CASCADE, related_name="signups"
    )
    name = EncryptedTextField(_("姓名"), max_length=50, blank=True)
    phone = EncryptedTextField(_("手机号"), max_length=20, blank=True)
    phone_digest = DigestField(source="phone", db_index=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=SignUpState.choices, default=SignUpState.CONFIRMED
    )
    code = models.CharField(_("报名码"), max_length=16, unique=True, default=new_code)
    walk_in = models.BooleanField(_("现场登记"), default=False)
    attended_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    notified_at = models.DateTimeField(_("递补通知时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("报名时间"), default=timezone.now)

    class Meta:
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "phone_digest"],
                condition=~models.Q(phone_digest=""),
                name="community_signup_once_per_phone",
            )
        ]

    def __str__(self):
        return f"{self.event} · {self.masked_name}"

    @property
    def scope_area_path(self) -> str:
        return self.event.community.path

    def scope_department_ids(self, action: str | None = None) -> None:
        return None

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone) if self.phone else ""

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)


class EventPhoto(models.Model):
    """A photo of an event held, shown with its report on the public event page."""

    event = models.ForeignKey(
        "community.Event", verbose_name=_("活动"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("照片"), upload_to=RandomName("events/%Y/%m/"), db_index=True)
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")
        ordering = ["uploaded_at", "pk"]
