"""One small HTTP client for the delivery adapters: urllib, a timeout, no redirects.

Errors come back as `DeliveryError`: a 4xx answer is permanent (the request itself is wrong),
a 5xx answer, a timeout or a refused connection is temporary. Messages name the host and the
status only: never the body, which holds a phone number or a key.
"""

import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from civicgrid.notify.adapters import DeliveryError


@dataclass
class Response:
    status: int
    body: bytes


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirect would turn the POST into a GET without its body: report it instead.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def request(
    url: str,
    *,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 5.0,
) -> Response:
    """POST `data` (GET without it) to an http(s) URL; a 2xx Response, or DeliveryError."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DeliveryError(
            f"地址无效：{parts.scheme or '?'}://{parts.hostname or '?'}", permanent=True
        )
    where = parts.hostname
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with _opener.open(req, timeout=timeout) as response:
            return Response(response.status, response.read(64 * 1024))
    except urllib.error.HTTPError as exc:
        permanent = 400 <= exc.code < 500 and exc.code != 429  # too many requests: later
        raise DeliveryError(
            f"{where} 返回 HTTP {exc.code}", permanent=permanent, status=exc.code
        ) from None
    except TimeoutError:
        raise DeliveryError(f"{where} 超时（{timeout:g} 秒）") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(f"{where} 无法连接：{type(reason).__name__}") from None
