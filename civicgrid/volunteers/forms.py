"""Forms of the volunteer pages; each cleans input into what one service function takes."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.cases.models import Case
from civicgrid.lib.forms import clean_mobile
from civicgrid.people import actions
from civicgrid.people.models import StaffProfile
from civicgrid.people.scopes import area_scope, under
from civicgrid.volunteers.choices import ActivityKind, PersonKind, PersonStatus
from civicgrid.volunteers.models import Training, Volunteer
from civicgrid.volunteers.services import already_listed

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BAD_DATE = {"invalid": _("请输入有效的日期，如 2026-12-01")}


def communities(user, action: str):
    return Area.objects.filter(area_scope(user, action), level=Level.COMMUNITY).order_by("path")


class VolunteerForm(forms.ModelForm):
    """A person as the station registers or changes them; the phone is never sent back."""

    phone = forms.CharField(label=_("手机号"), max_length=20)

    class Meta:
        model = Volunteer
        fields = ["community", "name", "phone", "kind", "skills", "joined_on", "status", "badge_no"]
        widgets = {"joined_on": DATE}
        error_messages = {"joined_on": BAD_DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities(user, actions.VOLUNTEER_MANAGE)
        if self.instance.pk:
            self.fields["phone"].required = False
            self.fields["phone"].help_text = _("当前 %(phone)s；不修改请留空") % {
                "phone": self.instance.masked_phone
            }
            self.initial["phone"] = ""

    def clean_phone(self):
        phone = clean_mobile(self.cleaned_data["phone"])
        if not phone and self.instance.pk:
            return self.instance.phone
        if not phone:
            raise forms.ValidationError(_("请填写手机号"))
        return phone

    def clean(self):
        data = super().clean()
        community, phone = data.get("community"), data.get("phone")
        if community and phone and already_listed(community, phone, exclude=self.instance.pk):
            self.add_error("phone", _("该手机号已在本社区登记"))
        supervisor = data.get("kind") == PersonKind.SUPERVISOR
        if supervisor and data.get("status") == PersonStatus.ACTIVE and not data.get("badge_no"):
            self.add_error("badge_no", _("在册的社会监督员须填写监督员证号"))
        return data


class ApplyForm(forms.Form):
    """A resident applies from the portal."""

    name = forms.CharField(label=_("姓名"), max_length=30)
    phone = forms.CharField(label=_("手机号"), max_length=20)
    kind = forms.ChoiceField(label=_("申请成为"), choices=PersonKind.choices)
    skills = forms.CharField(label=_("特长（选填）"), max_length=100, required=False)

    def clean_phone(self):
        phone = clean_mobile(self.cleaned_data["phone"])
        if not phone:
            raise forms.ValidationError(_("请填写手机号"))
        return phone


class ActivityForm(forms.Form):
    day = forms.DateField(label=_("日期"), widget=DATE, error_messages=BAD_DATE)
    title = forms.CharField(label=_("内容"), max_length=100)
    kind = forms.ChoiceField(label=_("类别"), choices=ActivityKind.choices)
    hours = forms.DecimalField(
        label=_("时长（小时）"), required=False, min_value=0, max_value=24, decimal_places=1
    )
    case = forms.CharField(label=_("上报案件查询码（选填）"), max_length=16, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.initial.setdefault("day", timezone.localdate())

    def clean_case(self):
        code = self.cleaned_data["case"].strip().upper()
        if not code:
            return None
        found = Case.objects.visible_to(self.user).filter(code=code).first()
        if found is None:
            raise forms.ValidationError(_("找不到该案件，或不在您的管辖范围内"))
        return found

    def clean(self):
        data = super().clean()
        if data.get("kind") == ActivityKind.REPORT and not data.get("case"):
            self.add_error("case", _("有效上报请填写案件查询码"))
        return data


class TrainingForm(forms.ModelForm):
    class Meta:
        model = Training
        fields = ["community", "title", "kind", "day", "hours", "trainer"]
        widgets = {"day": DATE}
        error_messages = {"day": BAD_DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities(user, actions.TRAINING_MANAGE)
        self.initial.setdefault("day", timezone.localdate())


class AttendeeForm(forms.Form):
    """Add attendees: staff of the community and its registered volunteers, ticked."""

    staff = forms.ModelMultipleChoiceField(
        label=_("工作人员"),
        queryset=StaffProfile.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    volunteers = forms.ModelMultipleChoiceField(
        label=_("志愿者"),
        queryset=Volunteer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, training, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_of(training.community)
        self.fields["volunteers"].queryset = Volunteer.objects.filter(
            community=training.community, status=PersonStatus.ACTIVE
        )
        self.fields["staff"].label_from_instance = lambda p: p.name
        self.fields["volunteers"].label_from_instance = lambda v: (
            f"{v.masked_name}（{v.get_kind_display()} {v.masked_phone[-4:]}）"
        )

    def clean(self):
        data = super().clean()
        if not data.get("staff") and not data.get("volunteers"):
            raise forms.ValidationError(_("请至少勾选一名参加人员"))
        return data


def staff_of(community):
    """Staff members who hold a role in this community or its grids."""
    from civicgrid.people.models import RoleAssignment

    users = RoleAssignment.objects.filter(under("area__path", community.path)).values("user_id")
    return StaffProfile.objects.filter(user_id__in=users, user__is_active=True).order_by("name")
