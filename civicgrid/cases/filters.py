"""One filter for case lists: the HTML list, exports and the API use the same class."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.cases.choices import OPEN_STATUSES, Channel, Status


class CaseFilter(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部状态")), ("open", _("在办"))] + list(Status.choices),
    )
    channel = forms.ChoiceField(
        label=_("渠道"), required=False, choices=[("", _("全部渠道"))] + list(Channel.choices)
    )
    overdue = forms.BooleanField(label=_("只看超期"), required=False)
    q = forms.CharField(label=_("搜索"), required=False, max_length=50)

    def apply(self, qs):
        if not self.is_valid():
            return qs.none()
        data = self.cleaned_data
        if data["status"] == "open":
            qs = qs.filter(status__in=OPEN_STATUSES)
        elif data["status"]:
            qs = qs.filter(status=data["status"])
        if data["channel"]:
            qs = qs.filter(channel=data["channel"])
        if data["overdue"]:
            qs = qs.filter(status__in=OPEN_STATUSES, due_at__lte=timezone.now())
        if data["q"]:
            text = data["q"].strip()
            qs = qs.filter(
                Q(code=text.upper()) | Q(description__contains=text) | Q(address__contains=text)
            )
        return qs
