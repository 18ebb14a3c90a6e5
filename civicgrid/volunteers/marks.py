"""The 监督员 mark on cases: a case reported from a registered supervisor's phone.

Found by the phone digest cases already store (reporter_phone_digest), so nothing is stored
on the case: the mark follows the registry (a supervisor who leaves stops marking). The
digests are kept per process and dropped when the registry changes, so the case list pays
no query for them."""

from civicgrid.lib.cached import Versioned
from civicgrid.volunteers.choices import PersonKind, PersonStatus


def _build() -> frozenset[str]:
    from civicgrid.volunteers.models import Volunteer

    active = Volunteer.objects.filter(kind=PersonKind.SUPERVISOR, status=PersonStatus.ACTIVE)
    return frozenset(active.values_list("phone_digest", flat=True))


digests = Versioned("supervisor-phones", _build)


def supervisor_digests() -> list[str]:
    """The phone digests of active supervisors, for `reporter_phone_digest__in`."""
    return sorted(digests.get())


def marked(cases) -> frozenset[str]:
    """The reporter digests among these cases that belong to an active supervisor."""
    found = digests.get()
    return frozenset(c.reporter_phone_digest for c in cases if c.reporter_phone_digest in found)
