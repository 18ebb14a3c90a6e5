"""The enforcement record of a case: the party, the measure and its details."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.lib.fields import DigestField, EncryptedTextField
from civicgrid.lib.privacy import mask_id, mask_name, mask_phone


class PartyKind(models.TextChoices):
    SHOP = "shop", _("商户 / 单位")
    PERSON = "person", _("个人")


class Enforcement(models.Model):
    """A case taken into enforcement 执法处置: who the party is and which measure was taken.

    The changes are made by the workflow only (cases/workflow/enforcement.py), each with its
    immutable CaseEvent; the party's personal data is encrypted like a reporter's and never
    goes into an event.
    """

    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="enforcement", verbose_name=_("案件")
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("执法队员"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_at = models.DateTimeField(_("转入执法时间"))
    party_kind = models.CharField(_("当事人类型"), max_length=10, choices=PartyKind.choices)
    party_name = EncryptedTextField(_("当事人名称 / 姓名"), max_length=100)
    party_id_number = EncryptedTextField(
        _("证件号码 / 统一社会信用代码"), max_length=30, blank=True
    )
    party_id_digest = DigestField(source="party_id_number", db_index=True)
    party_phone = EncryptedTextField(_("当事人电话"), max_length=20, blank=True)
    measured_at = models.DateTimeField(_("措施时间"), null=True, blank=True)
    minor = models.BooleanField(_("情节轻微"), default=False)
    corrected = models.BooleanField(_("已改正"), null=True, blank=True)
    deadline = models.DateTimeField(_("改正期限"), null=True, blank=True)
    rechecked_at = models.DateTimeField(_("复查时间"), null=True, blank=True)
    legal_basis = models.CharField(_("处罚依据"), max_length=300, blank=True)
    decision_no = models.CharField(_("处罚决定书文号"), max_length=60, blank=True)
    service = models.CharField(_("公益服务内容"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("执法记录")
        verbose_name_plural = _("执法记录")
        indexes = [
            # The officer's re-checks due (field/services.my_tasks).
            models.Index(fields=["rechecked_at", "deadline"], name="enforcement_recheck"),
        ]

    def __str__(self):
        return f"{self.case_id} {self.masked_name}"

    @property
    def masked_name(self) -> str:
        return mask_name(self.party_name)

    @property
    def masked_id(self) -> str:
        return mask_id(self.party_id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.party_phone)

    @property
    def recheck_pending(self) -> bool:
        """Ordered to correct by a deadline and not re-checked yet."""
        return self.deadline is not None and self.rechecked_at is None

    @property
    def penalty_due(self) -> bool:
        """Re-checked and found not corrected: the only measure left is a penalty."""
        return self.rechecked_at is not None and self.corrected is False
