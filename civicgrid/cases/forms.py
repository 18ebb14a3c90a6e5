"""Forms for the workflow actions: one small form per action, built from one table."""

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.geo import WGS84
from civicgrid.areas.models import Area
from civicgrid.cases import workflow
from civicgrid.cases.choices import Channel, RequestType, Status
from civicgrid.cases.enforcement import forms as enforcement_forms
from civicgrid.cases.models import Case, CaseEvent
from civicgrid.catalog.choices import Urgency
from civicgrid.catalog.models import Category
from civicgrid.lib.forms import PhotosField, clean_mobile
from civicgrid.lib.text import visible
from civicgrid.people.models import Department


def _category_field(required=True):
    return forms.ModelChoiceField(
        Category.objects.filter(parent__isnull=False, active=True).select_related("parent"),
        label=_("分类"),
        required=required,
    )


def _text(label, required=True):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": 2}))


def _fields(action: str, case=None) -> dict:
    """The inputs each action needs, named as the workflow function's arguments."""
    if action in enforcement_forms.FIELDS:
        return enforcement_forms.FIELDS[action](case)
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

    def __init__(self, action: str, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields.update(_fields(action, case))

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
        return {
            k: v for k, v in data.items() if v not in (None, "") or k in ("note", "reason", "reply")
        }


class CategoryChoiceField(forms.ModelChoiceField):
    """The active minor classes, grouped under their major class (a long select that browsers
    let you type into); empty means the suggester classifies the text."""

    def __init__(self, **kwargs):
        super().__init__(self.classes(), **kwargs)

    @staticmethod
    def classes():
        return Category.objects.filter(parent__isnull=False, active=True).select_related("parent")

    def group(self) -> None:
        """Put the options under their major classes (read when the form is made, not at
        import)."""
        groups: dict[str, list[tuple[int, str]]] = {}
        for c in self.classes().order_by("parent__kind", "parent__code", "code"):
            groups.setdefault(c.parent.name, []).append((c.pk, c.name))
        self.choices = [("", self.empty_label), *groups.items()]


class RegisterForm(forms.Form):
    """A dispatcher's registration of a call or a walk-in (登记); works without JavaScript.

    The place is a point picked on the map (hidden lng/lat, in the map's datum) or, without
    one, a community of the dispatcher's own areas with the address typed in.
    """

    reporter_name = forms.CharField(label=_("来电人 / 来访人姓名"), max_length=50, required=False)
    reporter_phone = forms.CharField(
        label=_("联系电话"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"}),
    )
    channel = forms.ChoiceField(
        label=_("来源"),
        choices=[(c.value, c.label) for c in (Channel.PHONE, Channel.VISIT, Channel.STAFF)],
        initial=Channel.PHONE,
        widget=forms.RadioSelect,
    )
    request_type = forms.ChoiceField(
        label=_("诉求类型"),
        choices=RequestType.choices,
        initial=RequestType.COMPLAINT,
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label=_("诉求内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    community = forms.ModelChoiceField(
        Area.objects.none(),
        label=_("所在社区（未在地图上选点时必填）"),
        required=False,
        empty_label=_("按地图选点"),
    )
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    lng = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    category = CategoryChoiceField(label=_("分类"), required=False, empty_label=_("由系统推荐"))
    urgency = forms.ChoiceField(
        label=_("紧急程度"), choices=Urgency.choices, initial=Urgency.NORMAL
    )
    accept_now = forms.BooleanField(label=_("立即受理"), required=False, initial=True)
    client_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = (
            communities if communities is not None else Area.objects.none()
        )
        self.fields["category"].group()

    def clean_reporter_phone(self):
        return clean_mobile(self.cleaned_data["reporter_phone"])

    def clean_description(self):
        text = self.cleaned_data["description"].strip()
        if len(visible(text)) < 4:
            raise forms.ValidationError(_("请用至少 4 个字描述诉求"))
        return text

    def clean(self):
        data = super().clean()
        if "lng" in self.errors or "lat" in self.errors:
            self.errors.pop("lng", None)
            self.errors.pop("lat", None)
            self.add_error(None, _("地图选点无效，请重新在地图上选点"))
            data["lng"] = data["lat"] = None
        elif (data.get("lng") is None) != (data.get("lat") is None):
            self.add_error(None, _("地图选点不完整，请重新在地图上选点"))
        elif data.get("lng") is None and not data.get("community") and "community" in data:
            self.add_error("community", _("请在地图上选点，或选择所在社区"))
        return data

    def report_fields(self, *, coord_system: str) -> dict:
        """report()'s arguments: a point places the case; without one, the community does."""
        data = self.cleaned_data
        point = data["lng"] is not None
        return {
            "channel": data["channel"],
            "request_type": data["request_type"],
            "description": data["description"],
            "category": data["category"],
            "lng": data["lng"],
            "lat": data["lat"],
            "coord_system": coord_system if point else WGS84,
            "community": None if point else data["community"],
            "address": data["address"],
            "urgency": data["urgency"],
            "reporter_name": data["reporter_name"].strip(),
            "reporter_phone": data["reporter_phone"],
        }
