"""What a browser remembers for a resident who has no account: their reports, their +1s.

Both are signed cookies (tamper-proof, httponly, a year). A tracking code alone lets anyone read
the public timeline (codes are shown in "已有人反映"); rating and reopening also need proof of
being the reporter: the code in this browser's "my reports" cookie, or the `k` key that comes
with the link of the resident's text message (`owner_key`). The tracking page trades that key
for the cookie and redirects to the bare URL, so the key reaches no access log or Referer.
"""

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare

MY_COOKIE = "cg_my"
SUPPORTED_COOKIE = "cg_plus"
MAX_CODES = 50
ONE_YEAR = 365 * 24 * 3600
_SALT = "civicgrid.intake.residents"


def _codes(request, name: str) -> list[str]:
    raw = request.get_signed_cookie(name, default="", salt=_SALT)
    return [c for c in raw.split(",") if c][:MAX_CODES]


def _store(response, name: str, codes: list[str]) -> None:
    response.set_signed_cookie(
        name,
        ",".join(codes[:MAX_CODES]),
        salt=_SALT,
        max_age=ONE_YEAR,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,  # it proves ownership: never over plain HTTP
        samesite="Lax",
    )


def my_codes(request) -> list[str]:
    """The tracking codes of the reports made from this browser, newest first."""
    return _codes(request, MY_COOKIE)


def remember(request, response, code: str) -> None:
    """Add a report to this browser's "my reports"."""
    codes = my_codes(request)
    if code not in codes:
        _store(response, MY_COOKIE, [code, *codes])


def supported(request) -> list[str]:
    return _codes(request, SUPPORTED_COOKIE)


def remember_support(request, response, code: str) -> None:
    _store(response, SUPPORTED_COOKIE, [code, *supported(request)])


def owner_key(code: str) -> str:
    """The short key that proves a link came from the reporter's own confirmation."""
    return signing.Signer(salt=_SALT).signature(code)[:16]


def is_owner(request, code: str, key: str = "") -> bool:
    """Whether this request comes from the reporter: their browser or their key."""
    return code in my_codes(request) or bool(key) and constant_time_compare(key, owner_key(code))
