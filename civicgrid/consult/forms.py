import uuid
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.models import Area
from civicgrid.consult import services
from civicgrid.consult.access import publishing_areas
from civicgrid.consult.models import MAX_ANSWER_CHARS, MAX_OPTIONS, Topic

STALE_PAGE = _("页面信息有误，已为您更新，请核对后重新提交")


class AnswerForm(forms.Form):
    """A resident's answer to one topic: works without JavaScript, nothing but the community
    (and the choice, when the topic asks one) required."""

    community = forms.ModelChoiceField(
        queryset=Area.objects.none(),  # the topic's communities, set per form
        label=_("您所在的社区"),
        empty_label=_("请选择社区"),
        error_messages={
            "required": _("请选择您所在的社区"),
            "invalid_choice": _("请选择征集范围内的社区"),
        },
    )
    choice = forms.TypedChoiceField(
        label="",
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("请从列出的选项中选择")},
    )
    text = forms.CharField(
        label=_("意见建议"),
        max_length=MAX_ANSWER_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": _("请写下您的意见或建议")}),
        error_messages={"max_length": _("意见最多 %(limit_value)d 字（现在 %(show_value)d 字）")},
    )
    name = forms.CharField(label=_("称呼（可不填）"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("手机号（可不填，便于工作人员回访）"),
        max_length=20,
        required=False,
        widget=forms.TextInput(
            attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "tel"}
        ),
    )
    privacy = forms.BooleanField(
        label=_("我同意工作人员为回访使用我留下的称呼和手机号"), required=False
    )
    client_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, topic: Topic, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic = topic
        community = cast(forms.ModelChoiceField, self.fields["community"])
        community.queryset = services.communities(topic)
        community.to_field_name = "code"
        choice = cast(forms.TypedChoiceField, self.fields["choice"])
        choice.label = topic.question
        choice.choices = list(enumerate(topic.options))
        choice.required = bool(topic.options)
        choice.error_messages["required"] = _("请选择一项")
        if not self.is_bound and not self.initial.get("client_key"):
            self.initial["client_key"] = uuid.uuid4().hex

    def clean(self):
        data = super().clean()
        if "client_key" in self.errors:
            # A hidden input the resident can neither see nor fix: a fresh one, and one message.
            del self.errors["client_key"]
            self.add_error(None, STALE_PAGE)
            fresh = self.data.copy()
            fresh["client_key"] = uuid.uuid4().hex
            self.data = fresh
        if (data.get("name") or data.get("phone")) and not data.get("privacy"):
            self.add_error("privacy", _("留下称呼或手机号时，请勾选同意回访"))
        if not self.topic.options and "text" in data and not data["text"].strip():
            self.add_error("text", _("请填写您的意见建议"))
        return data

    def answer_fields(self) -> dict:
        """answer()'s arguments from a valid form."""
        data = self.cleaned_data
        return {
            "topic": self.topic,
            "community": data["community"],
            "choice": data["choice"],
            "text": data["text"],
            "name": data["name"],
            "phone": data["phone"],
        }


class TopicForm(forms.Form):
    """Publish or edit a topic: a staff page, for street dispatchers without admin access."""

    area = forms.ModelChoiceField(
        queryset=Area.objects.none(),  # where this user may publish, set per form
        label=_("发布范围"),
        empty_label=None,
        error_messages={"invalid_choice": _("请选择您可以发布的街道或区")},
    )
    title = forms.CharField(label=_("标题"), max_length=100)
    description = forms.CharField(
        label=_("说明"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("征集的背景、方案要点，以及意见如何使用"),
    )
    starts_on = forms.DateField(
        label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("截止日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("截止日当天仍可提交"),
    )
    question = forms.CharField(
        label=_("选择题（可不填）"),
        max_length=200,
        required=False,
        help_text=_("例如：您支持哪个方案？不填则只收集文字意见"),
    )
    options = forms.CharField(
        label=_("选项（每行一个）"),
        required=False,
        max_length=MAX_OPTIONS * 101,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["area"]).queryset = publishing_areas(user)

    def clean_options(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["options"].splitlines()]
        lines = [line for line in lines if line]
        if any(len(line) > 100 for line in lines):
            raise forms.ValidationError(_("每个选项最多 100 字"))
        return lines

    @classmethod
    def initial_for(cls, topic: Topic) -> dict:
        return {
            "area": topic.area,
            "title": topic.title,
            "description": topic.description,
            "starts_on": topic.starts_on,
            "ends_on": topic.ends_on,
            "question": topic.question,
            "options": "\n".join(topic.options),
        }
