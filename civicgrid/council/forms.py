"""Forms of the resident portal and the station desk; the rules live in needs.py/council.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.council.choices import MeetingKind, NeedCategory

PHONE_HELP = _("称呼和手机号只用于工作人员联系您，不对外公开。")


class ContactMixin(forms.Form):
    name = forms.CharField(label=_("称呼（可不填）"), max_length=50, required=False)
    phone = forms.CharField(label=_("手机号（可不填）"), max_length=20, required=False)


class NeedForm(ContactMixin):
    category = forms.ChoiceField(
        label=_("需求类别"), choices=NeedCategory.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("需求内容"), max_length=1000, widget=forms.Textarea)
    photo = forms.FileField(label=_("照片（可不传）"), required=False)

    field_order = ["category", "text", "photo", "name", "phone"]


class ItemForm(ContactMixin):
    title = forms.CharField(label=_("议题"), max_length=100)
    text = forms.CharField(label=_("说明"), max_length=1000, widget=forms.Textarea)

    field_order = ["title", "text", "name", "phone"]


class StepForm(forms.Form):
    action = forms.CharField(max_length=20)
    note = forms.CharField(max_length=1000, required=False)
    assignee = forms.CharField(max_length=100, required=False)
    deadline = forms.DateField(required=False)
    result = forms.CharField(max_length=1000, required=False)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("会议类型"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("会议名称"), max_length=100)
    held_at = forms.DateTimeField(
        label=_("会议时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label=_("地点"), max_length=200)
    attendees = forms.CharField(
        label=_("参会人员（每行：姓名 角色，角色为居民代表/居委会/物业/业委会/工作人员）"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
    )
    minutes = forms.CharField(
        label=_("会议纪要"), widget=forms.Textarea, required=False, max_length=5000
    )
    items: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("列入议程的议题"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items


class DecisionForm(forms.Form):
    BECOMES = (("", _("仅记录")), ("case", _("转为案件")), ("task", _("下派任务")))
    text = forms.CharField(label=_("决议内容"), max_length=1000, widget=forms.Textarea)
    becomes = forms.ChoiceField(label=_("落实方式"), choices=BECOMES, required=False)
    owner: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("任务承办人"), queryset=None, required=False
    )
    deadline = forms.DateTimeField(
        label=_("完成时限"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["owner"].label_from_instance = lambda u: (
            getattr(getattr(u, "staff", None), "name", "") or u.username
        )
