"""JSON and XML answers with the spec's element names, and its error list.

XML is the spec's own (no namespace, no attributes): a list becomes a plural element of
singular ones (`<services><service>…`), a value absent (None) no element at all. JSON is the
same tree by the Spark convention, as the spec's examples write it.
"""

import json
import re
from xml.sax.saxutils import escape

from django.http import HttpResponse

JSON = "json"
XML = "xml"
CONTENT_TYPES = {JSON: "application/json; charset=utf-8", XML: "text/xml; charset=utf-8"}
# A list's element name by the name of the element holding it.
SINGULAR = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}
# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def fmt_of(path: str) -> str:
    """The format a URL asks for by its extension; JSON when it names none we know."""
    return XML if path.rstrip("/").endswith(".xml") else JSON


def respond(data, fmt: str, root: str, status: int = 200) -> HttpResponse:
    """`data` (a list or a dict) under `root`, in the format asked for."""
    if fmt == XML:
        body = '<?xml version="1.0" encoding="utf-8"?>\n' + _element(root, data)
    else:
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    response = HttpResponse(body.encode(), status=status, content_type=CONTENT_TYPES[fmt])
    response["Cache-Control"] = "no-store"
    return response


def errors(fmt: str, status: int, *descriptions: str) -> HttpResponse:
    """The spec's error list: one `{code, description}` per problem, code = HTTP status."""
    rows = [{"code": status, "description": str(d)} for d in descriptions]
    return respond(rows, fmt, "errors", status)


def _element(name: str, value) -> str:
    if isinstance(value, list):
        item = SINGULAR.get(name, "item")
        inner = "".join(_element(item, v) for v in value)
    elif isinstance(value, dict):
        inner = "".join(_element(k, v) for k, v in value.items() if v is not None)
    elif isinstance(value, bool):
        inner = "true" if value else "false"
    else:
        inner = escape(_NOT_XML.sub("", str(value)))
    return f"<{name}>{inner}</{name}>"
