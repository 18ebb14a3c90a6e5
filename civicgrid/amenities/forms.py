"""Forms of the convenience map: the resident's search, the staff's place form, the import."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicgrid.amenities import hours
from civicgrid.amenities.choices import Kind
from civicgrid.amenities.models import Amenity
from civicgrid.areas import geo, lookup
from civicgrid.areas.choices import CoordSystem, Level
from civicgrid.areas.models import Area


class FindForm(forms.Form):
    """What a resident looks for, and from where: the phone's point, a community or a text."""

    kind = forms.ChoiceField(choices=Kind.choices, required=False)
    q = forms.CharField(
        label=gettext_lazy("名称或地址"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": gettext_lazy("例如：西津")}),
    )
    c = forms.ChoiceField(label=gettext_lazy("我在哪个社区附近"), required=False)
    lng = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rows = Area.objects.filter(level=Level.COMMUNITY).select_related("parent").order_by("path")
        self.communities = {a.code: a for a in rows}
        by_street: dict[str, list] = {}
        for a in rows:
            by_street.setdefault(a.parent.name if a.parent else "", []).append((a.code, a.name))
        self.fields["c"].choices = [("", _("（不选）")), *by_street.items()]

    def wanted(self) -> dict:
        """The valid part of the query: a bad value is dropped, never an error page."""
        data = self.cleaned_data if self.is_valid() else {}
        if not data:  # one bad field (a typed lng) must not lose the others
            data = {}
            for name, field in self.fields.items():
                try:
                    data[name] = field.clean(field.widget.value_from_datadict(self.data, {}, name))
                except forms.ValidationError:
                    data[name] = None
        return {
            "kind": data.get("kind") or Kind.TOILET,
            "q": data.get("q") or "",
            "community": self.communities.get(data.get("c") or ""),
            "lng": data.get("lng") if data.get("lat") is not None else None,
            "lat": data.get("lat") if data.get("lng") is not None else None,
        }


def check_hours(text: str) -> str:
    text = text.strip()
    if text and hours.parse(text) is None:
        raise forms.ValidationError(
            _("开放时间无法识别，请写成“全天开放”“6:00-22:00”或“周一至周五 8:30-17:30”")
        )
    return text


def to_wgs84(lng: float, lat: float, system: str) -> tuple[float, float]:
    """A typed point in WGS-84; ValidationError for a point out of range."""
    try:
        lng, lat = geo.to_wgs84(lng, lat, system)
    except ValueError as exc:
        raise forms.ValidationError(str(exc)) from exc
    return round(lng, 7), round(lat, 7)


def check_point(community: Area, lng: float, lat: float) -> None:
    if lookup.outside(community, lng, lat):
        raise forms.ValidationError(
            _("坐标不在%(name)s范围内，请核对经纬度和坐标系") % {"name": community.name}
        )


def check_unique(community: Area, kind: str, name: str, pk: int | None) -> None:
    same = Amenity.objects.filter(community=community, kind=kind, name=name)
    if pk is not None:
        same = same.exclude(pk=pk)
    if same.exists():
        raise forms.ValidationError(_("本社区已有同类型、同名称的设施：%(name)s") % {"name": name})


class AmenityForm(forms.ModelForm):
    """A place as staff keep it; the point may be typed in the datum of the map they read."""

    coord_system = forms.ChoiceField(
        label=gettext_lazy("坐标系"),
        choices=CoordSystem.choices,
        initial=CoordSystem.GCJ02,
        help_text=gettext_lazy("从高德、腾讯或微信地图取点请选 GCJ-02；GPS 设备选 WGS-84"),
    )

    field_order = ["kind", "name", "community", "address", "lng", "lat", "coord_system"]

    class Meta:
        model = Amenity
        fields = ["kind", "name", "community", "address", "lng", "lat", "hours", "notes"]
        labels = {"lng": gettext_lazy("经度"), "lat": gettext_lazy("纬度")}

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["lng"].widget = forms.NumberInput(attrs={"step": "any"})
        self.fields["lat"].widget = forms.NumberInput(attrs={"step": "any"})
        if self.instance.pk:
            self.initial["coord_system"] = CoordSystem.WGS84  # the stored point, as stored

    def clean_hours(self):
        return check_hours(self.cleaned_data.get("hours", ""))

    def clean(self):
        data = super().clean()
        lng, lat, community = data.get("lng"), data.get("lat"), data.get("community")
        if lng is None or lat is None or community is None:
            return data
        try:
            data["lng"], data["lat"] = to_wgs84(lng, lat, data.get("coord_system") or "wgs84")
            check_point(community, data["lng"], data["lat"])
            if data.get("kind") and data.get("name"):
                check_unique(community, data["kind"], data["name"], self.instance.pk)
        except forms.ValidationError as exc:
            self.add_error(None, exc)
        return data

    def _post_clean(self):
        pass  # the service saves; the model's own unique check is check_unique above

    def fields_to_save(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel 文件（.xlsx）"),
        error_messages={"required": gettext_lazy("请选择要导入的 Excel 文件")},
    )
