"""Response headers every page gets: a Content-Security-Policy and `Cache-Control: no-store`.

The policy allows scripts and styles from this site only: the templates have no inline
script, no inline style and no `on...=` handler, so an injected one does not run. A
15-line middleware rather than django-csp: the policy is one fixed string (no nonces, no
per-view changes), built once from settings.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings


def tile_source(url: str) -> str:
    """The CSP source of the map tile host: `https://{s}.tile.example.cn/...` allows
    `https://*.tile.example.cn`; "" for no or a malformed tile URL."""
    parts = urlsplit(url)
    host = re.sub(r"\{[^}]*\}", "*", parts.netloc)
    if parts.scheme not in {"http", "https"} or not re.fullmatch(r"[\w.*:-]+", host):
        return ""
    return f"{parts.scheme}://{host}"


def content_security_policy() -> str:
    images = ["'self'", "data:", "blob:", tile_source(settings.CIVICGRID_MAP_TILE_URL)]
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": " ".join(s for s in images if s),
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class SecurityHeaders:
    """Middleware: the policy on every response, and no caching of anything dynamic.

    Pages of this site carry personal data (staff pages, a resident's tracking page) or are
    forms with a CSRF token; a shared or back-button cache must keep none of them. A view
    that may be cached says so with its own Cache-Control, which is kept. Static files
    never get here: WhiteNoise, above this middleware, answers them.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cache-Control", "no-store")
        # Django's debug error pages (DEBUG only) are styled and scripted inline.
        if not (settings.DEBUG and response.status_code in (404, 500)):
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
