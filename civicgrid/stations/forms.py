from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.cases.choices import PhotoKind
from civicgrid.cases.models import Case
from civicgrid.stations.models import Showcase

LENGTH = _("最多 %(limit_value)d 字（现在 %(show_value)d 字）")


def _text(label, limit: int, rows: int, placeholder) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows, "placeholder": placeholder}),
        error_messages={"required": _("请填写%(label)s") % {"label": label}, "max_length": LENGTH},
    )


class ShowcaseForm(forms.Form):
    """A typical case's title, story and photos; the photos are the case's own."""

    title = forms.CharField(
        label=_("标题"),
        max_length=60,
        error_messages={"required": _("请填写标题"), "max_length": LENGTH},
    )
    problem = _text(_("问题"), 500, 3, _("居民反映了什么问题，影响如何（不写姓名、电话、门牌号）"))
    solution = _text(_("解决过程"), 800, 4, _("谁、怎样解决的：受理、派遣、联动、现场处置"))
    result = _text(_("效果"), 500, 3, _("解决后的变化、居民评价、长效措施"))
    before = forms.ChoiceField(label=_("处置前照片"), required=False, widget=forms.RadioSelect)
    after = forms.ChoiceField(label=_("处置后照片"), required=False, widget=forms.RadioSelect)

    def __init__(self, data=None, *, case: Case, showcase: Showcase | None = None):
        initial = {}
        if showcase is not None:
            initial = {
                "title": showcase.title,
                "problem": showcase.problem,
                "solution": showcase.solution,
                "result": showcase.result,
                "before": showcase.before_id or "",
                "after": showcase.after_id or "",
            }
        super().__init__(data, initial=initial)
        photos = list(case.attachments.all())
        self.photos = {str(p.pk): p for p in photos}
        for name, kind in (("before", PhotoKind.BEFORE), ("after", PhotoKind.AFTER)):
            options = [(str(p.pk), p.image.url) for p in photos if p.kind == kind]
            cast(forms.ChoiceField, self.fields[name]).choices = [("", _("不选")), *options]
            self.fields[name].error_messages["invalid_choice"] = _("请从该案件的照片中选择")
            if options and not initial:  # the public pair by default
                self.initial[name] = options[0][0]
