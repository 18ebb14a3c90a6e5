"""Cases walked to the stage a field worker meets them in."""

from civicgrid.cases import workflow as wf
from civicgrid.cases.tests.helpers import new_case
from civicgrid.demo.photos import photo


def dispatched(city, people, **kwargs):
    case = new_case(city, **kwargs)
    wf.accept(case=case, actor=people.dispatcher)
    wf.dispatch(case=case, actor=people.dispatcher)
    return case


def handled(city, people, **kwargs):
    case = dispatched(city, people, **kwargs)
    wf.start(case=case, actor=people.handler)
    wf.finish(case=case, actor=people.handler, note="已清运", photos=[photo("after")])
    return case


def staff_of(user):
    """The user's staff profile as stored: the session city's user objects may carry a profile
    another test changed in memory."""
    from civicgrid.people.models import StaffProfile

    return StaffProfile.objects.get(user=user)
