"""The Idempotency-Key header of a create (REST API and Open311): a retried POST finds its case.

The key goes to `cases.services.report(client_key=...)`, which binds it to what was sent and
to the caller, so a retry returns the first case (`case.repeated`) and answers as the first did.
"""

import re

from django.utils.translation import gettext as _

HEADER = "Idempotency-Key"
_SHAPE = re.compile(r"^[\x21-\x7e]{1,255}$")  # visible ASCII, as the IETF draft's examples


class BadKey(ValueError):
    pass


def key_of(request) -> str | None:
    """The request's idempotency key, None without one; BadKey for one of the wrong shape."""
    value = request.headers.get(HEADER)
    if value is None:
        return None
    value = value.strip().strip('"')  # the draft writes it as a quoted string
    if not _SHAPE.match(value):
        raise BadKey(_("Idempotency-Key 须为 1 到 255 个可见 ASCII 字符"))
    return value
