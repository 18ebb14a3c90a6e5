"""Forms of the shop pages; each cleans input into what one service function takes."""

import re
from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.choices import Level
from civicgrid.areas.lookup import locate_grid
from civicgrid.areas.models import Area
from civicgrid.areas.places import place
from civicgrid.lib.forms import PhotosField, clean_mobile
from civicgrid.people import actions
from civicgrid.people.scopes import area_scope
from civicgrid.shops import licence
from civicgrid.shops.access import visible_chiefs, visible_shops
from civicgrid.shops.choices import DUTIES, RuleUse, Standing
from civicgrid.shops.models import PointRule, Shop, StreetChief
from civicgrid.shops.services import inspection_items

SCORES = [(i, str(i)) for i in range(5, 0, -1)]


def score_field(label):
    """Five to one, as radio buttons: the two sides of the two-way rating."""
    return forms.TypedChoiceField(label=label, choices=SCORES, coerce=int, widget=forms.RadioSelect)


class ShopForm(forms.ModelForm):
    """A shop as the manager registers it; the owner's phone is never sent back to the page."""

    owner_phone = forms.CharField(label=_("负责人电话"), max_length=20, required=False)

    class Meta:
        model = Shop
        fields = [
            "name",
            "licence_no",
            "business_type",
            "status",
            "owner_name",
            "owner_phone",
            "address",
            "lng",
            "lat",
            "community",
            "grid",
            "street_chief",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        communities = Area.objects.filter(area_scope(user, actions.SHOP_MANAGE))
        self.fields["community"].queryset = communities.filter(level=Level.COMMUNITY)
        self.fields["grid"].queryset = communities.filter(level=Level.GRID)
        self.fields["street_chief"].queryset = visible_chiefs(user)
        self.fields["owner_name"].widget = forms.TextInput()
        if self.instance.pk:
            self.initial["owner_phone"] = ""
            self.fields["owner_phone"].help_text = _("留空则不修改（现为 %(phone)s）") % {
                "phone": self.instance.masked_phone or _("未登记")
            }

    def clean_licence_no(self):
        return licence.normalise(self.cleaned_data["licence_no"])

    def clean_owner_phone(self):
        phone = clean_mobile(self.cleaned_data.get("owner_phone", ""))
        return phone or (self.instance.owner_phone if self.instance.pk else "")

    def clean(self):
        data = super().clean()
        grid, community = data.get("grid"), data.get("community")
        if grid and community and not grid.path.startswith(community.path):
            self.add_error("grid", _("所选网格不在该社区内"))
        lng, lat = data.get("lng"), data.get("lat")
        if (lng is None) != (lat is None):
            raise ValidationError(_("经度和纬度请同时填写"))
        if lng is not None and not (73 <= lng <= 136 and 3 <= lat <= 54):
            raise ValidationError(_("坐标不在中国境内，请检查经纬度"))
        if lng is None and data.get("address"):
            # A known address (标准地址库) gives the point the shop's cases are found by.
            found = place(data["address"])
            if found is not None and found.lng is not None:
                data["lng"], data["lat"] = lng, lat = found.lng, found.lat
        if lng is not None and community and not grid:
            located = locate_grid(lng, lat)
            if located is not None and located.path.startswith(community.path):
                data["grid"] = located
        return data


class ChiefForm(forms.ModelForm):
    """A street-chief post: its road segment, where it lies, who holds it, its public phone."""

    class Meta:
        model = StreetChief
        fields = ["street_name", "area", "holder_name", "holder_shop", "phone", "station", "active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        areas = Area.objects.filter(area_scope(user, actions.SHOP_MANAGE))
        levels = [Level.STREET, Level.COMMUNITY]
        self.fields["area"].queryset = areas.filter(level__in=levels).order_by("path")
        self.fields["holder_shop"].queryset = visible_shops(user).order_by("name")

    def clean_phone(self):
        phone = "".join(self.cleaned_data["phone"].split())
        if not re.fullmatch(r"(0\d{2,3}-?\d{7,8}|1[3-9]\d{9})", phone):
            raise ValidationError(_("请填写街长岗位的固定电话（如 0797-8123456）或手机号码"))
        return phone


class InspectForm(forms.Form):
    failed = forms.ModelMultipleChoiceField(
        label=_("不合格项目"),
        queryset=PointRule.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    score = score_field(_("履约评价"))
    note = forms.CharField(
        label=_("检查情况"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photos = PhotosField(label=_("现场照片"), required=False)
    lng = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=73, max_value=136)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=3, max_value=54)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["failed"].queryset = inspection_items()
        self.fields["failed"].label_from_instance = lambda r: f"{r.label}（{r.delta:+d}）"
        self.fields["photos"].widget.attrs["capture"] = "environment"


class AgreementForm(forms.Form):
    duties = forms.MultipleChoiceField(
        label=_("责任事项"),
        choices=[(str(d), d) for d in DUTIES],
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = forms.DateField(label=_("起始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    signer_name = forms.CharField(label=_("店主签名（请店主本人输入姓名）"), max_length=30)
    agreed = forms.BooleanField(label=_("店主已阅读责任书并同意履行"))

    @classmethod
    def defaults(cls) -> dict:
        today = timezone.localdate()
        return {
            "duties": [str(d) for d in DUTIES],
            "starts_on": today,
            "ends_on": today.replace(year=today.year + 1) - timedelta(days=1),
        }


class AwardForm(forms.Form):
    rule = forms.ModelChoiceField(label=_("记分事项"), queryset=PointRule.objects.none())
    note = forms.CharField(label=_("理由"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].queryset = PointRule.objects.filter(use=RuleUse.AWARD, active=True)


class RatingForm(forms.Form):
    score = score_field(_("您对城管服务的评价"))
    comment = forms.CharField(
        label=_("意见建议"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ShopFilter(forms.Form):
    """The one filter of the shop list, its export and its counts."""

    q = forms.CharField(label=_("店名或地址"), max_length=60, required=False)
    community = forms.ModelChoiceField(
        label=_("社区"), queryset=Area.objects.none(), required=False, empty_label=_("全部社区")
    )
    standing = forms.ChoiceField(
        label=_("红黑榜"),
        choices=[
            ("", _("全部")),
            (Standing.RED, _("红榜")),
            (Standing.BLACK, _("黑榜")),
            ("none", _("未上榜")),
        ],
        required=False,
    )
    points_min = forms.IntegerField(
        label=_("积分不低于"), required=False, min_value=-9999, max_value=9999
    )
    points_max = forms.IntegerField(
        label=_("积分不高于"), required=False, min_value=-9999, max_value=9999
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        seen = Area.objects.none()
        for action in (actions.SHOP_INSPECT, actions.SHOP_MANAGE):
            seen |= Area.objects.filter(area_scope(user, action))
        self.fields["community"].queryset = seen.filter(level=Level.COMMUNITY).order_by("path")

    def filter(self, shops):
        if not self.is_valid():
            return shops.none()
        d = self.cleaned_data
        if d["q"]:
            shops = shops.filter(Q(name__icontains=d["q"]) | Q(address__icontains=d["q"]))
        if d["community"]:
            shops = shops.filter(area_path__startswith=d["community"].path)
        if d["standing"]:
            shops = shops.filter(standing="" if d["standing"] == "none" else d["standing"])
        if d["points_min"] is not None:
            shops = shops.filter(points__gte=d["points_min"])
        if d["points_max"] is not None:
            shops = shops.filter(points__lte=d["points_max"])
        return shops
