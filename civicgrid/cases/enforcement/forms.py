"""The inputs of the enforcement actions, for the case page and the phone (cases/forms.py)."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.cases.enforcement import rules
from civicgrid.cases.enforcement.models import PartyKind
from civicgrid.catalog.models import ViolationType
from civicgrid.lib.forms import PhotosField, clean_mobile

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class MobileField(forms.CharField):
    """An optional mainland mobile number, checked with the residents' rule."""

    widget = forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"})

    def clean(self, value):
        return clean_mobile(super().clean(value))


class OutcomeField(forms.TypedChoiceField):
    """已改正 / 未改正 from the radios ("1" / "0") or from the API (true / false)."""

    def to_python(self, value):
        if isinstance(value, bool):
            return "1" if value else "0"
        return super().to_python(value)


class MeasureField(forms.ChoiceField):
    """The measures allowed on the case; `refused` lists the others with the guide's reason,
    shown under the choices (cases/partials/_action_fields.html)."""

    refused: list = []


def _text(label, required=False):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": 2}))


def _violation_field(case):
    field = forms.ModelChoiceField(
        ViolationType.objects.all(), label=_("违法行为类型（见违法行为指引）")
    )
    # The type whose class is the case's class comes first chosen.
    if case is not None and case.category_id:
        field.initial = ViolationType.objects.filter(category_id=case.category_id).first()
    return field


def enforce_fields(case) -> dict:
    return {
        "violation_type": _violation_field(case),
        "party_kind": forms.ChoiceField(
            label=_("当事人类型"),
            choices=PartyKind.choices,
            initial=PartyKind.SHOP,
            widget=forms.RadioSelect,
        ),
        "party_name": forms.CharField(label=_("当事人名称 / 姓名"), max_length=100),
        "party_id_number": forms.CharField(
            label=_("证件号码 / 统一社会信用代码（首违不罚须填写）"), max_length=30, required=False
        ),
        "party_phone": MobileField(label=_("当事人手机"), max_length=20, required=False),
        "note": _text(_("现场情况（内部记录，不向市民公开）")),
        "photos": PhotosField(label=_("现场取证照片"), required=False),
    }


def measure_fields(case) -> dict:
    offered, refused = rules.choices(case) if case is not None else ([], [])
    vt = getattr(case, "violation_type", None)
    days = vt.correct_days if vt else 7
    deadline = forms.DateTimeField(
        label=_("改正期限（责令改正时必填，最长 %(days)s 天）") % {"days": days},
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=DATETIME_FORMATS,
    )
    deadline.initial = (timezone.localtime() + timedelta(days=days)).strftime(DATETIME_FORMATS[0])
    measure = MeasureField(label=_("处置措施"), choices=offered, widget=forms.RadioSelect)
    measure.refused = refused
    minor_rule = vt.minor_rule if vt and vt.minor_rule else ""
    return {
        "measure": measure,
        "minor": forms.BooleanField(
            label=_("情节轻微（轻微免罚）") + (f"：{minor_rule}" if minor_rule else ""),
            required=False,
        ),
        "corrected": forms.BooleanField(label=_("当事人已当场改正"), required=False),
        "deadline": deadline,
        "service": forms.CharField(
            label=_("公益服务内容（公益抵罚时必填）"), max_length=200, required=False
        ),
        "legal_basis": forms.CharField(
            label=_("处罚依据（行政处罚，默认按违法行为指引）"),
            max_length=300,
            required=False,
            initial=vt.legal_basis if vt else "",
        ),
        "decision_no": forms.CharField(
            label=_("处罚决定书文号（行政处罚时必填）"), max_length=60, required=False
        ),
        "note": _text(_("处置情况（内部记录，不向市民公开）")),
        "photos": PhotosField(label=_("照片"), required=False),
    }


def recheck_fields(case) -> dict:
    return {
        "corrected": OutcomeField(
            label=_("复查结果"),
            choices=[("1", _("已改正")), ("0", _("未改正（转行政处罚）"))],
            widget=forms.RadioSelect,
        ),
        "note": _text(_("复查情况（未改正时必填，不向市民公开）")),
        "photos": PhotosField(label=_("复查照片"), required=False),
    }


FIELDS = {"enforce": enforce_fields, "measure": measure_fields, "recheck": recheck_fields}
