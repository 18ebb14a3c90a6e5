from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.lib.fields import EncryptedTextField
from civicgrid.lib.privacy import mask_name


class Agreement(models.Model):
    """A frontage-duty agreement 门前三包责任书 for a period, signed by the owner, witnessed."""

    shop = models.ForeignKey("shops.Shop", on_delete=models.CASCADE, related_name="agreements")
    duties = models.JSONField(_("责任事项"), default=list)
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("截止日期"))
    signed_at = models.DateTimeField(_("签订时间"), default=timezone.now)
    # The owner types their name to sign; personal data like the shop's owner fields.
    signer_name = EncryptedTextField(_("签订人（店主）"), max_length=30)
    witness = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("见证工作人员"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("门前三包责任书")
        verbose_name_plural = _("门前三包责任书")
        ordering = ["-ends_on", "-pk"]

    def __str__(self):
        return f"{self.shop} {self.starts_on}~{self.ends_on}"

    @property
    def masked_signer(self) -> str:
        return mask_name(self.signer_name)

    def in_force(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.starts_on <= day <= self.ends_on
