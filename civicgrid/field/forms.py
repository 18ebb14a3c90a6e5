"""Phone forms: the workflow's own action forms, plus the phone's position where it matters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.models import Area
from civicgrid.cases.choices import Channel
from civicgrid.cases.forms import ActionForm
from civicgrid.intake.forms import ReportForm
from civicgrid.lib.forms import PhotosField

ON_SITE_ACTIONS = ("verify", "rework")


class FieldActionForm(ActionForm):
    """An ActionForm that opens the camera and, for on-site checks, carries the position."""

    def __init__(self, action: str, *args, **kwargs):
        super().__init__(action, *args, **kwargs)
        if "photos" in self.fields:
            self.fields["photos"].widget.attrs["capture"] = "environment"
        # Every form carries the phone's position: on-site checks record it, and the page
        # after any action keeps sorting by distance without asking the phone again.
        for name, low, high in (("lng", -180, 180), ("lat", -90, 90)):
            self.fields[name] = forms.FloatField(
                required=False, min_value=low, max_value=high, widget=forms.HiddenInput
            )

    def position(self) -> tuple[float | None, float | None]:
        lng, lat = self.cleaned_data.get("lng"), self.cleaned_data.get("lat")
        return (lng, lat) if lng is not None and lat is not None else (None, None)

    def arguments(self) -> dict:
        args = super().arguments()
        if self.action not in ON_SITE_ACTIONS:
            args.pop("lng", None)
            args.pop("lat", None)
        return args


class PositionForm(forms.Form):
    """The phone's position from the query string (filled in by field.js); optional."""

    lng = forms.FloatField(required=False, min_value=-180, max_value=180)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90)

    def position(self) -> tuple[float | None, float | None]:
        if not self.is_valid() or None in (self.cleaned_data["lng"], self.cleaned_data["lat"]):
            return None, None
        return self.cleaned_data["lng"], self.cleaned_data["lat"]


class FieldReportForm(ReportForm):
    """A grid worker's 随手拍: the resident form's class picker, photo and location, without
    contact data, plus "已现场处置" with the after photos. The grid is the fallback place when
    the phone gives no position (and the whole form works without JavaScript)."""

    photos = PhotosField(
        label=_("现场照片"), error_messages={"required": _("请拍摄至少一张现场照片")}
    )
    handled = forms.BooleanField(label=_("已现场处置（随手办）"), required=False)
    after_photos = PhotosField(label=_("处置后照片"), required=False)
    note = forms.CharField(
        label=_("处置情况"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("例如：已将垃圾清理干净")}),
    )

    def __init__(self, *args, grids=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("reporter_name", "reporter_phone", "privacy"):
            del self.fields[name]  # the grid worker is known: no contact data, no consent
        self.fields["grid"] = forms.ModelChoiceField(
            grids if grids is not None else Area.objects.none(),
            label=_("所在网格（未定位时按网格上报）"),
            required=False,
            empty_label=_("按手机定位"),
        )
        for name in ("photos", "after_photos"):
            self.fields[name].widget.attrs["capture"] = "environment"

    def clean(self):
        data = super().clean()
        if data.get("handled") and not data.get("after_photos") and "after_photos" in data:
            self.add_error("after_photos", _("随手办需上传处置后照片"))
        point = data.get("lng") is not None and data.get("lat") is not None
        if not point and not data.get("grid") and not self.errors.get("lng"):
            self.add_error("grid", _("未获取手机定位：请点“使用我的位置”，或选择所在网格"))
        return data

    def report_fields(self) -> dict:
        """report()'s arguments for the grid worker's channel."""
        data = self.cleaned_data
        return {
            "channel": Channel.GRID,
            "grid": data["grid"],
            "category": self.chosen_category(),
            "description": data["description"],
            "address": data["address"],
            "lng": data["lng"],
            "lat": data["lat"],
            "photos": data["photos"],
        }

    def then(self) -> tuple[str, dict]:
        """The action run right after the report: 随手办 with the after photos, or none."""
        data = self.cleaned_data
        if not data["handled"]:
            return "", {}
        note = data["note"].strip() or str(_("现场已处置"))
        return "self_handle", {"note": note, "photos": data["after_photos"]}


class CheckInForm(forms.Form):
    """签到: the place, a photo and the phone's position with its accuracy (filled by
    checkin.js; without JavaScript the position cannot be known and the form says so)."""

    place = forms.ChoiceField(
        label=_("签到地点"),
        error_messages={
            "required": _("请选择签到地点"),
            "invalid_choice": _("该地点不在您的签到范围内，请从列表中选择"),
        },
    )
    photo = forms.FileField(
        label=_("现场照片"),
        error_messages={"required": _("请拍摄一张现场照片"), "invalid": _("请上传照片文件")},
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    lng = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    accuracy = forms.FloatField(
        required=False, min_value=0, max_value=100_000, widget=forms.HiddenInput
    )

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.places = {p.key: p for p in places}
        self.fields["place"].choices = [("", _("请选择"))] + [(p.key, p.label) for p in places]

    def clean(self):
        data = super().clean()
        if any(data.get(k) is None for k in ("lng", "lat", "accuracy")):
            raise forms.ValidationError(
                _("未获取到手机定位，无法签到：请在浏览器中允许定位后点“获取位置”，再提交。")
            )
        return data

    def chosen_place(self):
        return self.places[self.cleaned_data["place"]]
