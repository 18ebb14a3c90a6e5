"""The public base URL: the address residents reach, printed in QR codes and text messages."""

from django.conf import settings
from django.core.cache import caches

# The address residents last used, for work that runs without a request (text messages).
LAST_SEEN_KEY = "civicgrid:public-url"
FALLBACK = "http://127.0.0.1:8000"


def public_url(request=None) -> str:
    """PUBLIC_URL when set; else the address this request came to (proxy headers honoured as
    the SECURE_PROXY_SSL_HEADER and USE_X_FORWARDED_HOST settings allow); else the address
    residents last used. No trailing slash."""
    if settings.CIVICGRID_PUBLIC_URL:
        return settings.CIVICGRID_PUBLIC_URL.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return caches["shared"].get(LAST_SEEN_KEY) or FALLBACK


class RememberPublicUrl:
    """Middleware: remember the address of resident pages, so a text sent later by the worker
    links where residents actually reached the site. Writes only on a change seen here."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.last = None

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        resident = match.app_name == "intake" or match.view_name == "community:community-detail"
        if settings.CIVICGRID_PUBLIC_URL or not resident:
            return None
        base = public_url(request)
        if base != self.last:
            caches["shared"].set(LAST_SEEN_KEY, base, None)
            self.last = base
        return None
