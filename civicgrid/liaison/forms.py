from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.liaison import services
from civicgrid.liaison.choices import ActionStatus, Party
from civicgrid.lib.forms import PhotosField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(forms.Form):
    community: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label=_("社区"), empty_label=None
    )
    estate: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label=_("小区（可不选）"), required=False, empty_label=_("不限小区")
    )
    held_on = forms.DateField(label=_("会议日期"), widget=DATE)
    parties = forms.MultipleChoiceField(
        label=_("参会方"),
        choices=Party.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请选择参会方")},
    )
    attendees = forms.CharField(label=_("参会人员"), max_length=500)
    minutes = forms.CharField(
        label=_("会议纪要"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["community"]).queryset = services.communities_for(
            user
        )
        cast(forms.ModelChoiceField, self.fields["estate"]).queryset = services.estates_for(user)


class ActionForm(forms.Form):
    text = forms.CharField(
        label=_("商定事项"),
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("商定事项"), "aria-label": _("商定事项")}),
    )
    owner = forms.ChoiceField(label=_("责任方"), choices=Party.choices)
    deadline = forms.DateField(label=_("完成期限"), widget=DATE)


class StatusForm(forms.Form):
    action = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("状态"), choices=ActionStatus.choices)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class DutyForm(forms.Form):
    estate: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label=_("小区"), empty_label=None
    )
    checked_on = forms.DateField(label=_("检查日期"), widget=DATE)
    fulfilled = forms.TypedChoiceField(
        label=_("物业是否履职"),
        choices=[("1", _("已履职")), ("0", _("未履职"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("情况说明"), max_length=500)
    photos = PhotosField(label=_("照片（可不传）"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        found = services.estates_for(user).filter(company__isnull=False)
        cast(forms.ModelChoiceField, self.fields["estate"]).queryset = found
