"""A case's status and channel labels, in the language of the request."""

from django.utils import translation

from civicgrid.cases.choices import Channel, Status
from civicgrid.cases.models import Case


def test_it_labels_status_and_channel_in_the_active_language():
    case = Case(status=Status.DISPATCHED, channel=Channel.choices[0][0])
    with translation.override("zh-hans"):
        assert case.get_status_display() == "已派遣"
    with translation.override("en"):
        assert case.get_status_display() == "Dispatched"
        assert case.get_channel_display() == str(Channel.choices[0][1])
    assert Case(status="gone").get_status_display() == "gone"
