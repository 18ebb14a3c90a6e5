"""Staff sign-in: lockout after repeated failures (等保 登录失败处理) and the login audit trail.

The lockout lives in the authentication backend, so every way in (/login/, /admin/login/,
anything that calls `authenticate()`) is held by it. Each attempt takes a slot of the
account's and of the address's limit before the password is checked, in one statement, so
simultaneous guesses cannot slip past a spent limit; a successful login clears the account's
count and returns the address's slot. The audit entries come from Django's auth signals.
"""

from functools import wraps

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model, signals
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicgrid.audit.log import log
from civicgrid.audit.models import Kind
from civicgrid.intake import ratelimit


def _limits(username: str, request) -> tuple[tuple[ratelimit.Limit, str], ...]:
    seconds = settings.CIVICGRID_LOGIN_LOCK_MINUTES * 60
    account = ratelimit.Limit("login-user", settings.CIVICGRID_LOGIN_FAILURES_PER_ACCOUNT, seconds)
    address = ratelimit.Limit("login-ip", settings.CIVICGRID_LOGIN_FAILURES_PER_IP, seconds)
    ip = ratelimit.client_ip(request) if request is not None else ""
    return (account, username.casefold()), (address, ip)


class LockoutBackend(ModelBackend):
    """Django's password check, refused without checking while the account or address is
    locked; the refusal is left on the request for the page and the audit entry."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or password is None:
            return None
        account, address = _limits(str(username), request)
        if refusal := ratelimit.take(account, address):
            if request is not None:
                request.login_refusal = refusal
            raise PermissionDenied  # stops authenticate(): no other backend is asked
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None:
            ratelimit.forget(account)
            ratelimit.give_back(address)
        return user

    async def aauthenticate(self, request, username=None, password=None, **kwargs):
        # ModelBackend's own async check would skip the lockout: take the one path above.
        return await sync_to_async(self.authenticate)(request, username, password, **kwargs)


def _locked(request) -> ValidationError | None:
    refusal = getattr(request, "login_refusal", None)
    if refusal is None:
        return None
    message = _("登录失败次数过多，请 %(minutes)d 分钟后再试。") % {"minutes": refusal.minutes}
    return ValidationError(message, code="locked")


class LoginForm(AuthenticationForm):
    """The staff login form: says when a locked login may try again."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": gettext_lazy("用户名或密码不正确，请重新输入。"),
    }

    def get_invalid_login_error(self):
        return _locked(self.request) or super().get_invalid_login_error()


class AdminLoginForm(LoginForm, AdminAuthenticationForm):
    """The same for the admin site, which also requires a staff account."""

    error_messages = {**AdminAuthenticationForm.error_messages, **LoginForm.error_messages}


def throttled(view):
    """A login page answers 429 with Retry-After while the login is locked."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        refusal = getattr(request, "login_refusal", None)
        if refusal is not None:
            response.status_code = 429
            response["Retry-After"] = str(refusal.retry_after)
        return response

    return wrapped


@receiver(signals.user_logged_in, dispatch_uid="civicgrid.audit.login")
def _logged_in(sender, request, user, **kwargs):
    log(Kind.LOGIN, request=request, actor=user)


@receiver(signals.user_logged_out, dispatch_uid="civicgrid.audit.logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        log(Kind.LOGOUT, request=request, actor=user)


@receiver(signals.user_login_failed, dispatch_uid="civicgrid.audit.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # Django masks the password in `credentials`; only the name typed is kept, never more.
    username = str(credentials.get(get_user_model().USERNAME_FIELD) or "")[:150]
    refusal = getattr(request, "login_refusal", None)
    if refusal is not None:
        log(
            Kind.LOGIN_LOCKED,
            request=request,
            username=username,
            retry_after=refusal.retry_after,
        )
    else:
        log(Kind.LOGIN_FAILED, request=request, username=username)
