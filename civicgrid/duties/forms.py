"""Forms of the duty-list desk and the decomposition table."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.models import Area
from civicgrid.duties.models import Unit
from civicgrid.lib.forms import PhotosField


class ItemForm(forms.Form):
    content = forms.CharField(
        label=_("事项内容"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    basis = forms.CharField(
        label=_("依据"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    kind = forms.CharField(label=_("类别"), max_length=30, required=False)


class PublishForm(forms.Form):
    note = forms.CharField(label=_("修订说明"), max_length=200, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))


class PlanForm(forms.Form):
    title = forms.CharField(label=_("方案名称"), max_length=100)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    area: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("编制单位辖区"), queryset=Area.objects.none()
    )
    note = forms.CharField(
        label=_("说明"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.fields["year"].initial = timezone.localdate().year


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class UnitsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class TaskForm(forms.Form):
    title = forms.CharField(label=_("工作项目"), max_length=100)
    content = forms.CharField(
        label=_("主要内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = forms.DateField(label=_("时间节点"), widget=forms.DateInput(attrs={"type": "date"}))
    lead = UnitChoice(label=_("牵头单位"), queryset=Unit.objects.none())
    co_units = UnitsChoice(
        label=_("配合单位"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = units
        self.fields["co_units"].queryset = units


class ReportForm(forms.Form):
    unit = UnitChoice(label=_("填报单位"), queryset=Unit.objects.none(), empty_label=None)
    percent = forms.IntegerField(label=_("完成进度（%）"), min_value=0, max_value=100)
    text = forms.CharField(
        label=_("进展情况"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = PhotosField(label=_("照片（可选）"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
