"""Reference data over the API: JSON built once per version, answered 304 when unchanged.

A caller that sends back the ETag it got (If-None-Match) gets 304 Not Modified and no body
while the data is the same; the tag is a digest of the body, so every process agrees on it.
"""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers

# Clients may reuse an answer this long without asking; after that they revalidate (304).
MAX_AGE = 60


class Encoded:
    """A JSON body and its ETag, computed once."""

    __slots__ = ("body", "etag")

    def __init__(self, data):
        self.body = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder).encode()
        self.etag = f'"{hashlib.sha256(self.body).hexdigest()[:32]}"'


def answer(request, encoded: Encoded) -> HttpResponse:
    """200 with the body, or 304 when the request already holds this version."""
    response = get_conditional_response(request, etag=encoded.etag)
    if response is None:
        response = HttpResponse(encoded.body, content_type="application/json; charset=utf-8")
    response["ETag"] = encoded.etag
    # Behind a login: a shared cache must not hand one caller's answer to another.
    response["Cache-Control"] = f"private, max-age={MAX_AGE}"
    patch_vary_headers(response, ["Authorization", "Cookie"])
    return response
