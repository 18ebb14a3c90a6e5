import uuid

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from civicgrid.catalog.models import Category
from civicgrid.lib.forms import PhotosField, clean_mobile
from civicgrid.lib.text import visible

# Fields shown as a group: the summary links to the group's box instead of an input.
BOXES = {"category": "field-category", "lng": "field-place", "lat": "field-place"}
# The phone fills these hidden inputs; their messages speak of the location, not of a number.
POINT_ERRORS = {
    "invalid": _("定位结果无效，已清除。请重新点击“使用我的位置”，或在“地点”中填写具体地址"),
    "min_value": _("定位结果超出经纬度范围，已清除。请重新定位，或在“地点”中填写具体地址"),
    "max_value": _("定位结果超出经纬度范围，已清除。请重新定位，或在“地点”中填写具体地址"),
}
POINT_HALF = _("定位结果不完整（只有经度或纬度），已清除。请重新定位，或在“地点”中填写具体地址")
STALE_PAGE = _("页面信息有误，已为您更新，请核对后重新提交")


def minor_classes():
    return Category.objects.filter(parent__isnull=False, active=True)


class ReportForm(forms.Form):
    """A resident's report from the community QR code: works without JavaScript.

    The class is a radio among the common classes (empty = "不知道分类"); the page's search
    box may add radios for any other class. With none, the server suggests one from the text.
    """

    category = forms.ModelChoiceField(
        minor_classes(), label=_("问题类型"), required=False, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("问题描述"),
        max_length=2000,
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": _("请描述问题和具体位置，例如：3 栋楼下垃圾桶满了")}
        ),
        strip=False,  # blank-only text meets clean_description's message, not "required"
    )
    address = forms.CharField(
        label=_("地点"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("例如：西津路 12 号门口")}),
    )
    lng = forms.FloatField(
        label=_("经度"),
        required=False,
        widget=forms.HiddenInput,
        min_value=-180,
        max_value=180,
        error_messages=POINT_ERRORS,
    )
    lat = forms.FloatField(
        label=_("纬度"),
        required=False,
        widget=forms.HiddenInput,
        min_value=-90,
        max_value=90,
        error_messages=POINT_ERRORS,
    )
    photos = PhotosField(label=_("照片（最多 9 张）"), required=False)
    reporter_name = forms.CharField(label=_("称呼（可不填）"), max_length=50, required=False)
    reporter_phone = forms.CharField(
        label=_("手机号（可不填，填写后可接收办理进度短信）"),
        max_length=20,
        required=False,
        widget=forms.TextInput(
            attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "tel"}
        ),
    )
    privacy = forms.BooleanField(
        label=_("我已阅读并同意《个人信息保护说明》"),
        error_messages={"required": _("请先阅读并同意个人信息保护说明")},
    )
    client_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    grid = forms.CharField(
        widget=forms.HiddenInput, max_length=20, required=False
    )  # ?g= of a grid QR

    def common_classes(self) -> list[dict]:
        """The radios, most reported first: icon, a plain name (the first alias) and the
        standard name, and the words the search box matches."""
        rows = Category.objects.filter(common_rank__isnull=False, active=True)
        return [
            {
                "pk": c.pk,
                "value": str(c.pk),
                "icon": c.icon,
                "plain": (c.aliases.split("、")[0] if c.aliases else "") or c.name,
                "name": c.name,
                "terms": f"{c.name}、{c.aliases}、{c.keywords}",
            }
            for c in rows.order_by("common_rank")
        ]

    def clean_description(self):
        text = self.cleaned_data["description"]
        seen = visible(text)
        if not seen:
            raise forms.ValidationError(_("请描述您遇到的问题（不能只有空格或不可见字符）"))
        if len(seen) < 4:
            raise forms.ValidationError(_("请用至少 4 个字描述问题"))
        return text.strip()

    def clean(self):
        data = super().clean()
        # Hidden inputs a resident can neither see nor fix: one message for the whole form,
        # and fresh values on the page shown again, so that the next submit can pass.
        if self._drop_errors("client_key", "grid"):
            self.add_error(None, STALE_PAGE)
            self._set_data(client_key=uuid.uuid4().hex, grid="")
        point_errors = [e for name in ("lng", "lat") for e in self.errors.get(name, [])]
        both_read = "lng" in data and "lat" in data
        half = both_read and (data["lng"] is None) != (data["lat"] is None)
        if point_errors or half:
            self._drop_errors("lng", "lat")
            self.forget_point(point_errors[0] if point_errors else POINT_HALF)
        return data

    def forget_point(self, message) -> None:
        """Refuse the phone's location with `message` and drop it from the page shown again:
        without JavaScript the resident could not clear a hidden input to type an address."""
        self.add_error("lng", message)
        self._set_data(lng="", lat="")

    def _drop_errors(self, *names: str) -> bool:
        found = [name for name in names if name in self.errors]
        for name in found:
            del self.errors[name]
        return bool(found)

    def _set_data(self, **values: str) -> None:
        data = QueryDict(mutable=True)
        data.update(self.data)
        for name, value in values.items():
            data[name] = value
        self.data = data

    def clean_reporter_phone(self):
        return clean_mobile(self.cleaned_data["reporter_phone"])

    def error_summary(self) -> list[dict]:
        """Every error once, for the summary at the top of the page: label, message and the
        id of the element to jump to (the class radios and the hidden point have a box)."""
        rows = [{"anchor": "", "label": "", "message": e} for e in self.non_field_errors()]
        for name, errors in self.errors.items():
            if name not in self.fields:
                continue
            anchor = BOXES.get(name, self[name].id_for_label)
            # A checkbox's label is a whole sentence, and a location message names the
            # location: these messages say enough on their own.
            alone = isinstance(self.fields[name], forms.BooleanField) or name in ("lng", "lat")
            label = "" if alone else self[name].label
            rows += [{"anchor": anchor, "label": label, "message": e} for e in errors]
        return rows

    def photos_to_choose_again(self) -> int:
        """How many photos a failed submit carried: browsers cannot put them back in the
        file input, so the page must ask for them again."""
        if not self.is_bound or not self.errors:
            return 0
        return len(self.files.getlist("photos"))

    def chosen_category(self):
        """The class the resident picked, if any."""
        return self.cleaned_data.get("category")


class SupportForm(forms.Form):
    note = forms.CharField(label=_("补充说明（可不填）"), max_length=200, required=False)


class RateForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("您对处理结果满意吗？"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[
            (5, _("5 分 非常满意")),
            (4, _("4 分 满意")),
            (3, _("3 分 基本满意")),
            (2, _("2 分 不满意")),
            (1, _("1 分 很不满意")),
        ],
        error_messages={"required": _("请选择满意程度")},
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


class FindCommunityForm(forms.Form):
    """The home page's community search; the location comes from the phone (?lng=&lat=)."""

    q = forms.CharField(
        label=_("社区或街道名称"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("例如：西津")}),
    )
    lng = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)


class TrackLookupForm(forms.Form):
    """A 查询码 typed by hand: spaces, dashes and lower case are forgiven."""

    code = forms.CharField(
        label=_("查询码"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        ),
        error_messages={"required": _("请输入查询码")},
    )

    def clean_code(self):
        code = "".join(
            ch for ch in self.cleaned_data["code"].upper() if ch.isascii() and ch.isalnum()
        )
        if not code:
            raise forms.ValidationError(_("请输入查询码"))
        return code
