"""The request being served, for audit entries written far from any view (model signals)."""

from contextvars import ContextVar

_current: ContextVar = ContextVar("audit_request", default=None)


def current_request():
    """The request this thread is serving, or None in a command, a task or a test."""
    return _current.get()


class RememberRequest:
    """Middleware, after authentication: makes the request known to `current_request()`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current.set(request)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
