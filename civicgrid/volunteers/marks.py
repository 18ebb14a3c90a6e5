"""The 监督员 mark on cases: a case reported from a registered supervisor's phone.

Found by the phone digest cases already store (reporter_phone_digest), so nothing is stored
on the case: the mark follows the registry (a supervisor who leaves stops marking)."""

from civicgrid.volunteers.choices import PersonKind, PersonStatus
from civicgrid.volunteers.models import Volunteer


def supervisor_digests():
    """The phone digests of active supervisors, as a subquery."""
    active = Volunteer.objects.filter(kind=PersonKind.SUPERVISOR, status=PersonStatus.ACTIVE)
    return active.values("phone_digest")


def marked(cases) -> set[str]:
    """The reporter digests among these cases that belong to an active supervisor."""
    digests = {c.reporter_phone_digest for c in cases if c.reporter_phone_digest}
    if not digests:
        return set()
    found = supervisor_digests().filter(phone_digest__in=digests)
    return set(found.values_list("phone_digest", flat=True))
