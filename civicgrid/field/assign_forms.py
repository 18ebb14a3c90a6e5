"""Desk and phone forms of tasks 任务 and campaigns 专项执法行动."""

from datetime import datetime, time, timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.cases.choices import Channel
from civicgrid.catalog.models import Category
from civicgrid.field import assignments
from civicgrid.field.campaigns import visible_campaigns
from civicgrid.field.models import Campaign
from civicgrid.lib.forms import PhotosField
from civicgrid.people import actions
from civicgrid.people.models import Workstation


class PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        profile = getattr(obj, "staff", None)
        return f"{profile.name}（{profile.title}）" if profile else obj.username


class AssignmentForm(forms.Form):
    """A new task: what, by when, for whom; the people offered are those in the sender's scope."""

    title = forms.CharField(label=_("任务名称"), max_length=100)
    details = forms.CharField(
        label=_("任务要求"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )
    due_date = forms.DateField(
        label=_("截止日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    workdays = forms.IntegerField(
        label=_("或：几个工作日内完成"),
        required=False,
        min_value=1,
        max_value=60,
        help_text=_("按工作日历计算，跳过周末和法定节假日；填写后以此为准。"),
    )
    assignees = PersonChoice(
        queryset=get_user_model().objects.none(),
        label=_("承办人员"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    workstation = forms.ModelChoiceField(
        queryset=Workstation.objects.none(),
        label=_("或下派给工作站全体人员"),
        required=False,
        empty_label=_("不选"),
    )
    area = forms.ModelChoiceField(
        queryset=Area.objects.none(), label=_("任务范围"), empty_label=None
    )
    campaign = forms.ModelChoiceField(
        queryset=Campaign.objects.none(),
        label=_("所属专项行动"),
        required=False,
        empty_label=_("无"),
    )
    photos = PhotosField(label=_("附件照片"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignees"].queryset = assignments.people_in_scope(user).exclude(pk=user.pk)
        self.fields["workstation"].queryset = assignments.workstations_in_scope(user)
        self.fields["area"].queryset = assignments.sending_areas(user).filter(
            level__lte=Level.COMMUNITY
        )
        today = timezone.localdate()
        self.fields["campaign"].queryset = visible_campaigns(user).filter(ends_on__gte=today)

    def clean(self):
        data = super().clean()
        if data.get("workdays"):
            try:
                data["deadline"] = assignments.deadline_after_workdays(data["workdays"])
            except assignments.InvalidInput as exc:
                self.add_error("workdays", str(exc))
        elif data.get("due_date"):
            moment = datetime.combine(data["due_date"], time(18, 0))
            data["deadline"] = timezone.make_aware(moment)
        elif "due_date" not in self.errors:
            self.add_error("due_date", _("请选择截止日期，或填写几个工作日内完成"))
        if (
            not data.get("assignees")
            and not data.get("workstation")
            and not self.errors.get("assignees")
        ):
            self.add_error("assignees", _("请选择承办人员或工作站"))
        return data

    def assign_fields(self) -> dict:
        d = self.cleaned_data
        return {
            "title": d["title"],
            "details": d["details"],
            "deadline": d["deadline"],
            "assignees": list(d["assignees"]),
            "workstation": d["workstation"],
            "area": d["area"],
            "campaign": d["campaign"],
            "photos": d["photos"],
        }


class StepForm(forms.Form):
    """One step on a task: a note, photos and the phone's position (filled in by field.js)."""

    note = forms.CharField(
        label=_("情况说明"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photos = PhotosField(label=_("现场照片"), required=False)
    lng = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields["photos"].widget.attrs["capture"] = "environment"
        if action == "return":
            self.fields["note"].label = _("退回原因")
            del self.fields["photos"]
        if action in ("accept", "approve"):
            self.fields["note"].label = _("备注（可不填）")
            del self.fields["photos"]

    def step_fields(self) -> dict:
        d = self.cleaned_data
        return {
            "note": d.get("note", ""),
            "photos": d.get("photos") or [],
            "lng": d.get("lng"),
            "lat": d.get("lat"),
        }


class PlanForm(forms.Form):
    """The planning table's period and area."""

    since = forms.DateField(
        label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    until = forms.DateField(
        label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    area = forms.ModelChoiceField(
        queryset=Area.objects.none(), label=_("范围"), required=False, empty_label=_("全部辖区")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = assignments.sending_areas(
            user, actions.CAMPAIGN_MANAGE
        ).filter(level__lte=Level.COMMUNITY)

    @staticmethod
    def defaults() -> dict:
        today = timezone.localdate()
        return {"since": today - timedelta(days=90), "until": today}


class AreaChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_level_display()} · {obj.name}"


class CampaignForm(forms.Form):
    """A campaign: name, where, when, what, how much, who."""

    name = forms.CharField(label=_("行动名称"), max_length=100)
    area = forms.ModelChoiceField(
        queryset=Area.objects.none(), label=_("组织单位辖区"), empty_label=None
    )
    areas = AreaChoice(
        queryset=Area.objects.none(),
        label=_("行动范围（社区或街道）"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    categories = forms.ModelMultipleChoiceField(
        queryset=Category.objects.filter(active=True, parent__isnull=False).order_by(
            "kind", "code"
        ),
        label=_("整治类别"),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    channels = forms.MultipleChoiceField(
        choices=Channel.choices,
        label=_("来源渠道（不选即全部）"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = forms.DateField(
        label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    target_closed = forms.IntegerField(
        label=_("目标：办结案件数"), min_value=0, max_value=100000, initial=0
    )
    target_tasks = forms.IntegerField(
        label=_("目标：完成巡查任务数（如检查店铺）"), min_value=0, max_value=100000, initial=0
    )
    target_measures = forms.IntegerField(
        label=_("目标：执法措施数"), min_value=0, max_value=100000, initial=0
    )
    members = PersonChoice(
        queryset=get_user_model().objects.none(),
        label=_("参与人员"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    workstations = forms.ModelMultipleChoiceField(
        queryset=Workstation.objects.none(),
        label=_("参与工作站"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("工作要求"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        areas = assignments.sending_areas(user, actions.CAMPAIGN_MANAGE)
        self.fields["area"].queryset = areas.filter(level__lte=Level.STREET)
        self.fields["areas"].queryset = areas.filter(
            level__in=[Level.STREET, Level.COMMUNITY]
        ).order_by("path")
        self.fields["members"].queryset = assignments.people_in_scope(user, actions.CAMPAIGN_MANAGE)
        self.fields["workstations"].queryset = assignments.workstations_in_scope(
            user, actions.CAMPAIGN_MANAGE
        )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("结束日期不能早于开始日期"))
        return data
