"""Forms for the workflow actions: one small form per action, built from one table."""

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.cases import workflow
from civicgrid.cases.choices import RequestType, Status
from civicgrid.cases.models import Case, CaseEvent
from civicgrid.catalog.choices import Urgency
from civicgrid.catalog.models import Category
from civicgrid.lib.forms import PhotosField
from civicgrid.people.models import Department


def _category_field(required=True):
    return forms.ModelChoiceField(
        Category.objects.filter(parent__isnull=False, active=True).select_related("parent"),
        label=_("分类"),
        required=required,
    )


def _text(label, required=True):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": 2}))


def _fields(action: str) -> dict:
    """The inputs each action needs, named as the workflow function's arguments."""
    departments = Department.objects.all()
    return {
        "accept": lambda: {
            "category": _category_field(required=False),
            "urgency": forms.ChoiceField(
                label=_("紧急程度"), choices=Urgency.choices, required=False
            ),
            "note": _text(_("说明"), required=False),
        },
        "reject": lambda: {"reason": _text(_("不予立案理由"))},
        "answer": lambda: {"reply": _text(_("答复内容（市民可在查询页看到）"))},
        "forward_praise": lambda: {
            "department": forms.ModelChoiceField(departments, label=_("被表扬的单位")),
            "note": _text(_("说明"), required=False),
        },
        "retype": lambda: {
            "request_type": forms.ChoiceField(label=_("诉求类型"), choices=RequestType.choices),
            "note": _text(_("说明"), required=False),
        },
        "self_handle": lambda: {
            "note": _text(_("处置情况")),
            "photos": PhotosField(label=_("处置后照片")),
        },
        "dispatch": lambda: {
            "department": forms.ModelChoiceField(
                departments,
                label=_("处置部门"),
                required=False,
                empty_label=_("按责任矩阵自动选择"),
            ),
            "note": _text(_("派遣意见"), required=False),
        },
        "start": lambda: {"note": _text(_("说明"), required=False)},
        "send_back": lambda: {"reason": _text(_("退单理由"))},
        "finish": lambda: {
            "note": _text(_("处置情况")),
            "photos": PhotosField(label=_("处置后照片")),
        },
        "verify": lambda: {
            "note": _text(_("核查意见"), required=False),
            "photos": PhotosField(label=_("核查照片"), required=False),
        },
        "rework": lambda: {
            "reason": _text(_("不通过原因")),
            "photos": PhotosField(label=_("核查照片"), required=False),
        },
        "close": lambda: {"note": _text(_("结案意见"), required=False)},
        "rate": lambda: {
            "score": forms.TypedChoiceField(
                label=_("满意度"),
                coerce=int,
                choices=[
                    (5, _("5 非常满意")),
                    (4, _("4 满意")),
                    (3, _("3 基本满意")),
                    (2, _("2 不满意")),
                    (1, _("1 很不满意")),
                ],
            ),
            "comment": _text(_("评价"), required=False),
        },
        "reopen": lambda: {"reason": _text(_("不满意的原因"))},
        "escalate": lambda: {"reason": _text(_("上报理由"))},
        "whistle": lambda: {
            "departments": forms.ModelMultipleChoiceField(
                departments, label=_("需报到的部门"), widget=forms.CheckboxSelectMultiple
            ),
            "note": _text(_("吹哨事由"), required=False),
        },
        "report_in": lambda: {"note": _text(_("报到说明"), required=False)},
        "urge": lambda: {"note": _text(_("督办意见"))},
        "request_extension": lambda: {
            "until": forms.DateTimeField(
                label=_("延期至"),
                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
            ),
            "reason": _text(_("延期理由")),
        },
        "approve_extension": lambda: {"note": _text(_("审批意见"), required=False)},
        "deny_extension": lambda: {"reason": _text(_("驳回理由"))},
        "recategorize": lambda: {
            "category": _category_field(),
            "note": _text(_("说明"), required=False),
        },
        "comment": lambda: {
            "note": _text(_("备注")),
            "public": forms.BooleanField(label=_("对市民公开（显示在查询页）"), required=False),
        },
        "support": lambda: {"note": _text(_("说明"), required=False)},
        "merge": lambda: {
            "into": forms.CharField(label=_("合并到（案件查询码）"), max_length=16),
            "note": _text(_("说明"), required=False),
        },
    }.get(action, dict)()  # an unknown action has no inputs; perform() refuses it


class ActionForm(forms.Form):
    """The form of one workflow action; `version` carries the case version the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, action: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields.update(_fields(action))

    def clean_into(self):
        code = self.cleaned_data["into"].strip().upper()
        target = Case.objects.filter(code=code).exclude(status=Status.MERGED).first()
        if target is None:
            raise forms.ValidationError(_("找不到查询码为 %(code)s 的案件") % {"code": code})
        return target

    def run(self, *, case, actor) -> CaseEvent:
        """Perform the action with the posted inputs, as the version the user saw."""
        return workflow.perform(
            case=case,
            action=self.action,
            actor=actor,
            version=self.cleaned_data["version"],
            data=self.arguments(),
        )

    def arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version")
        if "departments" in data:
            data["departments"] = list(data["departments"])
        return {k: v for k, v in data.items() if v not in (None, "") or k in ("note", "reason", "reply")}
