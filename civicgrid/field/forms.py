"""Phone forms: the workflow's own action forms, plus the phone's position where it matters."""

from django import forms

from civicgrid.cases.forms import ActionForm

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
