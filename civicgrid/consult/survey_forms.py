from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.models import Area
from civicgrid.consult import surveys
from civicgrid.consult.choices import QuestionKind, SurveyKind
from civicgrid.consult.models import MAX_ANSWER_CHARS, Survey
from civicgrid.people import actions
from civicgrid.people.scopes import area_scope

ANSWER_ERRORS = {"required": _("请回答这道题"), "invalid_choice": _("请从列出的选项中选择")}


class ResponseForm(forms.Form):
    """A resident's answers: one field per question, named q<pk>, the community unless the
    survey follows up a case, and an optional phone with consent."""

    community = forms.ModelChoiceField(
        queryset=Area.objects.none(),
        label=_("您所在的社区"),
        empty_label=_("请选择社区"),
        error_messages={
            "required": _("请选择您所在的社区"),
            "invalid_choice": _("请选择问卷范围内的社区"),
        },
    )
    phone = forms.CharField(
        label=_("手机号（可不填，同一手机号只能提交一次）"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"}),
    )
    privacy = forms.BooleanField(label=_("我同意工作人员为回访使用我留下的手机号"), required=False)

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        if survey.kind == SurveyKind.SATISFACTION:
            del self.fields["community"]
        else:
            community = cast(forms.ModelChoiceField, self.fields["community"])
            community.queryset = surveys.communities(survey)
            community.to_field_name = "code"
            if community.queryset.count() == 1:  # a community's own survey: nothing to choose
                self.initial.setdefault("community", community.queryset.get().code)
        self.questions = list(survey.questions.all())
        for q in self.questions:
            label = f"{q.position}. {q.text}"
            choices = list(enumerate(q.options))
            f: forms.Field
            if q.kind == QuestionKind.SINGLE:
                f = forms.TypedChoiceField(choices=choices, coerce=int, widget=forms.RadioSelect)
            elif q.kind == QuestionKind.MULTIPLE:
                f = forms.TypedMultipleChoiceField(
                    choices=choices, coerce=int, widget=forms.CheckboxSelectMultiple
                )
            else:
                f = forms.CharField(
                    max_length=MAX_ANSWER_CHARS, widget=forms.Textarea(attrs={"rows": 3})
                )
            f.label, f.required = label, q.required
            f.error_messages.update(ANSWER_ERRORS)
            self.fields[f"q{q.pk}"] = f

    def question_fields(self):
        return [self[f"q{q.pk}"] for q in self.questions]

    def clean(self):
        data = super().clean()
        if data.get("phone") and not data.get("privacy"):
            self.add_error("privacy", _("留下手机号时，请勾选同意回访"))
        return data

    def answers(self) -> dict:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


class SurveyForm(forms.Form):
    area = forms.ModelChoiceField(
        queryset=Area.objects.none(),
        label=_("发布范围"),
        empty_label=None,
        error_messages={"invalid_choice": _("请选择您可以发布的社区、街道或区")},
    )
    kind = forms.ChoiceField(label=_("类型"), choices=SurveyKind.choices)
    title = forms.CharField(label=_("标题"), max_length=100)
    description = forms.CharField(
        label=_("说明（可不填）"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    starts_on = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    questions = forms.CharField(
        label=_("题目"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "每题之间空一行；每题第一行写“单选：题目”“多选：题目”或“填空：题目”，"
            "题目末尾加“（选答）”表示可不答；选择题下面每行一个选项。"
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        found = Area.objects.filter(area_scope(user, actions.SURVEY_MANAGE))
        areas = found.filter(level__in=surveys.PUBLISHED_AT).order_by("path")
        cast(forms.ModelChoiceField, self.fields["area"]).queryset = areas

    def clean_questions(self) -> list[dict]:
        try:
            return surveys.parse_questions(self.cleaned_data["questions"])
        except surveys.InvalidInput as exc:
            raise forms.ValidationError(str(exc)) from exc
