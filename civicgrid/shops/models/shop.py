import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.lib.fields import EncryptedTextField
from civicgrid.lib.privacy import mask_name, mask_phone
from civicgrid.shops import licence
from civicgrid.shops.choices import BusinessType, ShopStatus, Standing


def rating_token() -> str:
    return secrets.token_urlsafe(16)


class Scoped:
    """Shops and street-chief posts belong to an area and to no department."""

    area_path: str

    @property
    def scope_area_path(self) -> str:
        return self.area_path

    def scope_department_ids(self, action):
        return None


class StreetChief(Scoped, models.Model):
    """A street-chief post 街长: a named road segment, who holds it and the post's phone."""

    street_name = models.CharField(_("责任路段"), max_length=60)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("所在社区或街道"), on_delete=models.PROTECT, related_name="+"
    )
    area_path = models.CharField(max_length=255, db_index=True, editable=False)
    holder_name = models.CharField(_("街长姓名"), max_length=30)
    holder_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("由工作人员担任"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    holder_shop = models.ForeignKey(
        "shops.Shop",
        verbose_name=_("由商户店主担任"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The post's own number, printed on the street sign: public, unlike an owner's phone.
    phone = models.CharField(_("街长公开电话"), max_length=20)
    station = models.CharField(_("街长驿站"), max_length=100, blank=True)
    active = models.BooleanField(_("在岗"), default=True)

    class Meta:
        verbose_name = _("街长")
        verbose_name_plural = _("街长")
        ordering = ["area_path", "street_name"]

    def __str__(self):
        return f"{self.street_name} · {self.holder_name}"

    def save(self, *args, **kwargs):
        self.area_path = self.area.path
        super().save(*args, **kwargs)


class Shop(Scoped, models.Model):
    """A shop 商户 bound by frontage duties 门前三包, with its points and list standing."""

    name = models.CharField(_("店名"), max_length=60)
    licence_no = models.CharField(
        _("统一社会信用代码 / 营业执照号"),
        max_length=18,
        unique=True,
        validators=[licence.validate],
        error_messages={"unique": _("该营业执照号已登记过商户")},
    )
    business_type = models.CharField(
        _("经营类别"), max_length=10, choices=BusinessType.choices, default=BusinessType.RETAIL
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=ShopStatus.choices, default=ShopStatus.OPEN
    )
    # Encrypted at rest and masked on pages, like a reporter's contact.
    owner_name = EncryptedTextField(_("负责人姓名"), max_length=30)
    owner_phone = EncryptedTextField(_("负责人电话"), max_length=20, blank=True)
    address = models.CharField(_("地址"), max_length=200)
    lng = models.FloatField(_("经度（WGS-84）"), null=True, blank=True)
    lat = models.FloatField(_("纬度（WGS-84）"), null=True, blank=True)
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("所属社区"), on_delete=models.PROTECT, related_name="+"
    )
    grid = models.ForeignKey(
        "areas.Area",
        verbose_name=_("所属网格"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    area_path = models.CharField(max_length=255, db_index=True, editable=False)
    street_chief = models.ForeignKey(
        StreetChief,
        verbose_name=_("街长路段"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shops",
    )
    # Kept by shops/points.py with each ledger entry: the list pages sort and filter on them.
    points = models.IntegerField(_("本年积分"), default=0, editable=False)
    points_year = models.PositiveSmallIntegerField(default=0, editable=False)
    standing = models.CharField(
        _("红黑榜"), max_length=5, choices=Standing.choices, blank=True, editable=False
    )
    rating_token = models.CharField(
        max_length=32, unique=True, default=rating_token, editable=False
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("商户")
        verbose_name_plural = _("商户")
        ordering = ["area_path", "name"]
        indexes = [models.Index(fields=["standing", "points"], name="shop_standing")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.area_path = (self.grid or self.community).path
        if self.pk is None and not self.points_year:
            from civicgrid.shops.models.points import PointScheme

            # A new shop holds this year's base points until its first entry.
            self.points, self.points_year = PointScheme.current().base, timezone.localdate().year
        super().save(*args, **kwargs)

    @property
    def masked_owner(self) -> str:
        return mask_name(self.owner_name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.owner_phone)
