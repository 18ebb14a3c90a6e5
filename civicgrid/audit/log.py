"""The one writer of the security audit log."""

from django.utils import timezone

from civicgrid.audit.models import AuditEntry, Kind
from civicgrid.intake.ratelimit import client_ip


def log(kind: Kind | str, *, request=None, actor=None, username: str = "", target="", **data):
    """Write one audit entry. `actor` defaults to the request's signed-in user."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEntry.objects.create(
        at=timezone.now(),
        kind=kind,
        actor=actor,
        username=username or (actor.get_username() if actor else ""),
        ip=(client_ip(request) or None) if request is not None else None,  # "": a unix socket
        target=str(target)[:100],
        data=data,
    )
