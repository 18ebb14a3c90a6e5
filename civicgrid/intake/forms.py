from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.catalog.models import Category
from civicgrid.lib.forms import PhotosField


class CategoryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.icon} {obj.name}".strip()


class ReportForm(forms.Form):
    """A resident's report from the community QR code: works without JavaScript."""

    category = CategoryChoice(
        Category.objects.filter(common_rank__isnull=False).order_by("common_rank"),
        label=_("问题类型"),
        required=False,
        empty_label=_("不知道分类"),
    )
    description = forms.CharField(
        label=_("问题描述"),
        min_length=4,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": _("请描述问题和具体位置")}),
    )
    address = forms.CharField(label=_("地点"), max_length=200, required=False)
    lng = forms.FloatField(required=False, widget=forms.HiddenInput)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    photos = PhotosField(label=_("照片（最多 9 张）"), required=False)
    reporter_name = forms.CharField(label=_("称呼（可不填）"), max_length=50, required=False)
    reporter_phone = forms.CharField(
        label=_("手机号（可不填，填写后可接收办理进度短信）"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"}),
    )
    privacy = forms.BooleanField(
        label=_("我已阅读并同意《个人信息保护说明》：联系方式仅用于办理和回访本问题"),
        error_messages={"required": _("请先阅读并同意个人信息保护说明")},
    )
    client_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)


class RateForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("您对处理结果满意吗？"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[(5, "非常满意"), (4, "满意"), (3, "基本满意"), (2, "不满意"), (1, "很不满意")],
    )
    comment = forms.CharField(
        label=_("意见（可不填）"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("问题没有解决？请说明情况"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
