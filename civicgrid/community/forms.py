from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.community import publishing
from civicgrid.community.models import Event, LawStory, Notice
from civicgrid.lib.images import BadImage, clean_photo
from civicgrid.lib.privacy import normalise_mobile

LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ScopedForm(forms.ModelForm):
    """The community chosen among those the user may publish for."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["community"])
        field.queryset = publishing.communities(user)
        field.error_messages["invalid_choice"] = _("请选择您管辖范围内的社区")
        for f in self.fields.values():
            if isinstance(f, forms.DateTimeField):
                f.widget = LOCAL
                f.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
                f.error_messages["invalid"] = _("请填写正确的日期和时间")


class NoticeForm(ScopedForm):
    class Meta:
        model = Notice
        fields = ["community", "title", "body", "published_at", "expires_at", "status"]

    def clean(self):
        data = super().clean()
        start, end = data.get("published_at"), data.get("expires_at")
        if start and end and end <= start:
            self.add_error("expires_at", _("截止时间应晚于发布时间"))
        return data


class EventForm(ScopedForm):
    class Meta:
        model = Event
        fields = [
            "community",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "capacity",
            "signup_opens_at",
            "signup_closes_at",
            "description",
            "status",
        ]

    def clean(self):
        data = super().clean()
        start = data.get("starts_at")
        if start and data.get("ends_at") and data["ends_at"] <= start:
            self.add_error("ends_at", _("结束时间应晚于开始时间"))
        opens, closes = data.get("signup_opens_at"), data.get("signup_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("signup_closes_at", _("报名截止应晚于报名开始"))
        if start and closes and closes > start:
            self.add_error("signup_closes_at", _("报名截止不能晚于活动开始"))
        return data


def _photo(form, name):
    upload = form.cleaned_data.get(name)
    if not upload or not hasattr(upload, "content_type"):
        return upload  # unchanged, or cleared
    try:
        return clean_photo(upload)
    except BadImage as exc:
        raise forms.ValidationError(str(exc)) from exc


class LawStoryForm(ScopedForm):
    class Meta:
        model = LawStory
        fields = ["community", "title", "basis", "story", "before", "after", "status"]
        widgets = {"before": forms.FileInput, "after": forms.FileInput}

    def clean_before(self):
        return _photo(self, "before")

    def clean_after(self):
        return _photo(self, "after")


class SignUpForm(forms.Form):
    """A resident's sign-up: a name and a mobile number, nothing else."""

    name = forms.CharField(
        label=_("姓名"), max_length=50, error_messages={"required": _("请填写姓名")}
    )
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        error_messages={"required": _("请填写手机号")},
        widget=forms.TextInput(
            attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "tel"}
        ),
    )
    privacy = forms.BooleanField(
        label=_("我同意工作人员为组织本次活动使用我的姓名和手机号"),
        error_messages={"required": _("请勾选同意后再报名")},
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("请填写姓名"))
        return name

    def clean_phone(self):
        try:
            return normalise_mobile(self.cleaned_data["phone"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("手机号（可不填）"), max_length=20, required=False)

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if not phone.strip():
            return ""
        try:
            return normalise_mobile(phone)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class ReportForm(forms.ModelForm):
    """Afterwards: counts, a short summary; photos come as a separate multi-file input."""

    class Meta:
        model = Event
        fields = ["participants", "volunteers", "materials", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}
