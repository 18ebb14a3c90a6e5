"""Personal API tokens: issue, authenticate, revoke. The one place that reads a token.

A token is `cg_` and 32 random bytes in base32; the database keeps its SM3 digest (unkeyed:
a token has 256 bits of entropy, so no key or slow hash is needed, and a key rotation of the
PII digests never invalidates tokens). A token acts as its owner: every permission check
(people/scopes.py) sees the owner, so a token reaches exactly what its owner may.
"""

import base64
import secrets
from datetime import timedelta
from typing import cast

from cryptography.hazmat.primitives import hashes
from django.contrib.auth import get_user_model
from django.db import connections, router
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.lib.rawrows import Columns
from civicgrid.people.models import ApiToken, StaffProfile

PREFIX = "cg_"
MAX_DAYS = 365
DEFAULT_DAYS = 90
# Writing last_used_at on every request would make each API call a write: once a minute will do.
TOUCH_EVERY = timedelta(minutes=1)


def token_digest(raw: str) -> str:
    h = hashes.Hash(hashes.SM3())
    h.update(raw.encode())
    return h.finalize().hex()


def issue(user, *, name: str, days: int = DEFAULT_DAYS) -> tuple[ApiToken, str]:
    """A new token for `user`, valid `days` days; the raw token is returned once, never stored."""
    name = (name or "").strip()
    if not name:
        raise ValueError(_("请填写令牌用途"))
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(_("有效期须为 1 到 %(max)s 天") % {"max": MAX_DAYS})
    raw = PREFIX + base64.b32encode(secrets.token_bytes(32)).decode().rstrip("=").lower()
    token = ApiToken.objects.create(
        user=user,
        name=name[:50],
        prefix=raw[: len(PREFIX) + 6],
        digest=token_digest(raw),
        expires_at=timezone.now() + timedelta(days=days),
    )
    return token, raw


def authenticate(raw: str | None) -> ApiToken | None:
    """The live token for this raw value (not revoked, not expired, owner active), or None."""
    if not raw or not raw.startswith(PREFIX) or len(raw) > 100:
        return None
    token = _find(token_digest(raw.strip()))
    now = timezone.now()
    if token is None or token.revoked_at or token.expires_at <= now or not token.user.is_active:
        return None
    if token.last_used_at is None or token.last_used_at < now - TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


_TOKEN, _OWNER, _STAFF = Columns(ApiToken, "t"), None, Columns(StaffProfile, "s")


def _find(digest: str) -> ApiToken | None:
    """The token of this digest with its owner and the owner's staff profile (the report
    event labels its actor by title, cases/events.py): what
    `ApiToken.objects.select_related("user", "user__staff").filter(digest=…).first()` reads,
    in SQL written once; building that queryset cost 1 ms of every API request."""
    global _OWNER
    user_model = get_user_model()
    if _OWNER is None or _OWNER.model is not user_model:
        _OWNER = Columns(user_model, "u")
    connection = connections[router.db_for_read(ApiToken)]
    quote = connection.ops.quote_name
    sql = (
        f"SELECT {_TOKEN.sql(connection)}, {_OWNER.sql(connection)}, {_STAFF.sql(connection)} "
        f"FROM {quote(ApiToken._meta.db_table)} t "
        f"INNER JOIN {quote(user_model._meta.db_table)} u "
        f"ON u.{quote('id')} = t.{quote('user_id')} "
        f"LEFT OUTER JOIN {quote(StaffProfile._meta.db_table)} s "
        f"ON s.{quote('user_id')} = u.{quote('id')} "
        f"WHERE t.{quote('digest')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [digest])
        row = cursor.fetchone()
    if row is None:
        return None
    a, b = len(_TOKEN), len(_TOKEN) + len(_OWNER)
    token = cast(ApiToken, _TOKEN.build(row[:a], connection))
    user = _OWNER.build(row[a:b], connection)
    ApiToken._meta.get_field("user").set_cached_value(token, user)
    staff_link = StaffProfile._meta.get_field("user")
    if row[b] is None:  # no staff profile: user.staff raises, as after select_related
        staff_link.remote_field.set_cached_value(user, None)
    else:
        profile = _STAFF.build(row[b:], connection)
        staff_link.set_cached_value(profile, user)
        staff_link.remote_field.set_cached_value(user, profile)
    return token


def revoke(token: ApiToken) -> None:
    """Stop a token at once; its row stays, for the record of what it did."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        ApiToken.objects.filter(pk=token.pk, revoked_at=None).update(revoked_at=token.revoked_at)


def may_hold(user) -> bool:
    """Staff with at least one role (or an administrator) may have tokens: a token is no
    wider than its owner, and one with no role would reach nothing."""
    from civicgrid.people.scopes import grants, sees_everything

    return sees_everything(user) or bool(grants(user))


def issue_logged(request, *, name: str, days: int) -> tuple[ApiToken, str]:
    """issue() for the signed-in user, written to the audit log."""
    from civicgrid.audit.log import log
    from civicgrid.audit.models import Kind

    token, raw = issue(request.user, name=name, days=days)
    log(Kind.TOKEN_ISSUE, request=request, target=token.prefix, name=token.name, days=days)
    return token, raw


def revoke_logged(request, token: ApiToken) -> None:
    """revoke() by the signed-in user (the owner or an administrator), written to the audit log."""
    from civicgrid.audit.log import log
    from civicgrid.audit.models import Kind

    if token.revoked_at is not None:
        return
    revoke(token)
    log(
        Kind.TOKEN_REVOKE,
        request=request,
        target=token.prefix,
        name=token.name,
        owner=token.user.get_username(),
    )
