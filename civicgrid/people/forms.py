from django import forms
from django.utils.translation import gettext_lazy as _

LIFETIMES = [(30, _("30 天")), (90, _("90 天")), (180, _("180 天")), (365, _("365 天"))]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("用途"),
        max_length=50,
        help_text=_("写明用在哪里，如“区平台对接”“巡查 App”，日后吊销时好辨认"),
    )
    days = forms.TypedChoiceField(
        label=_("有效期"), choices=LIFETIMES, coerce=int, initial=90, widget=forms.RadioSelect
    )
