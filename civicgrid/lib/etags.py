"""Reference data over the API: JSON built once per version, answered 304 when unchanged.

A caller that sends back the ETag it got (If-None-Match) gets 304 Not Modified and no body
while the data is the same; the tag is a digest of the body, so every process agrees on it.
A caller that accepts gzip gets the body compressed (the catalog's 300 KB become about 20):
these bodies hold no secret, so compressing them leaks nothing (no BREACH), unlike pages with
a CSRF token, which is why the site has no GZipMiddleware.
"""

import gzip
import hashlib
import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers

# Clients may reuse an answer this long without asking; after that they revalidate (304).
MAX_AGE = 60
_GZIP = re.compile(r"\bgzip\b(?!\s*;\s*q=0(\.0*)?\b)")


class Encoded:
    """A JSON body and its ETag, computed once; the gzipped body too, on first demand."""

    __slots__ = ("body", "etag", "_gzipped")

    def __init__(self, data):
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder)
        self.body = text.encode()
        self.etag = f'"{hashlib.sha256(self.body).hexdigest()[:32]}"'
        self._gzipped: bytes | None = None

    @property
    def gzipped(self) -> bytes:
        if self._gzipped is None:
            self._gzipped = gzip.compress(self.body, mtime=0)  # mtime 0: the same bytes always
        return self._gzipped


def answer(request, encoded: Encoded) -> HttpResponse:
    """200 with the body (gzipped if the client takes it), or 304 when it holds this version."""
    zipped = bool(_GZIP.search(request.headers.get("Accept-Encoding", "")))
    # One tag per representation (RFC 9110 8.8.3): the gzipped bytes are another entity.
    etag = encoded.etag[:-1] + '-gz"' if zipped else encoded.etag
    response = get_conditional_response(request, etag=etag)
    if response is None:
        body = encoded.gzipped if zipped else encoded.body
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        if zipped:
            response["Content-Encoding"] = "gzip"
    response["ETag"] = etag
    # Behind a login: a shared cache must not hand one caller's answer to another.
    response["Cache-Control"] = f"private, max-age={MAX_AGE}"
    patch_vary_headers(response, ["Accept-Encoding", "Authorization", "Cookie"])
    return response
