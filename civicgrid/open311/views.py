"""The Open311 GeoReport v2 endpoints: discovery, services, definitions, requests, tokens.

Plain Django views (the spec posts form fields and answers XML as well as JSON), the format
chosen by the URL's extension. Every refusal is the spec's error list with its HTTP status
(400, 403, 404, 405, 413), never a 500: `endpoint` turns the errors of parsing and of
report() into it.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent
from django.http import UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from civicgrid.cases.choices import Channel
from civicgrid.cases.models import CaseEvent
from civicgrid.lib import idempotency
from civicgrid.lib.urls import public_url
from civicgrid.open311 import filters, mapping, services
from civicgrid.open311.formats import errors, fmt_of, respond
from civicgrid.open311.mapping import Open311Error
from civicgrid.people import tokens

# Nine photos of up to 10 MB each fit; more is an abuse, refused before the body is read.
MAX_BODY_BYTES = 100 * 1024 * 1024
CHANGESET = "2026-12-03T00:00:00+08:00"  # the date this server's service shapes last changed


def jurisdiction(request) -> str:
    """The one jurisdiction served: the setting, else the public host without "www."."""
    if settings.CIVICGRID_OPEN311_JURISDICTION:
        return settings.CIVICGRID_OPEN311_JURISDICTION
    host = urlsplit(public_url(request)).hostname or ""
    return host.removeprefix("www.")


def endpoint(*methods: str):
    """An Open311 view: its methods (405 for others; none named: any), the jurisdiction
    checked, errors in the spec's shape and format."""

    def wrap(view):
        @csrf_exempt  # the api_key is the credential, not a cookie
        @wraps(view)
        def run(request, *args, **kwargs):
            fmt = kwargs.pop("fmt", None) or fmt_of(request.path_info)
            if methods and request.method not in methods:
                response = errors(
                    fmt, 405, _("不支持 %(method)s 请求") % {"method": request.method[:10]}
                )
                response["Allow"] = ", ".join(methods)
                return response
            try:
                if request.method == "POST":
                    _read_body(request)
                given = (request.POST if request.method == "POST" else request.GET).get(
                    "jurisdiction_id"
                ) or request.GET.get("jurisdiction_id")
                if given and given.strip() and given.strip() != jurisdiction(request):
                    raise Open311Error(
                        404, _("未找到 jurisdiction_id：%(id)s") % {"id": given.strip()[:50]}
                    )
                return view(request, fmt, *args, **kwargs)
            except Open311Error as exc:
                return errors(fmt, exc.status, exc.description)

        return run

    return wrap


def _read_body(request) -> None:
    """Parse the form (and its files) now, so a malformed or oversized body is a 400 or 413."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        raise Open311Error(413, _("请求过大：照片最多 9 张，每张不超过 10 MB"))
    try:
        request.POST  # noqa: B018 - parses the body, files included
        request.FILES  # noqa: B018
    except RequestDataTooBig as exc:
        raise Open311Error(413, _("请求过大：照片最多 9 张，每张不超过 10 MB")) from exc
    except (TooManyFieldsSent, MultiPartParserError, UnreadablePostError, BadRequest) as exc:
        raise Open311Error(400, _("请求格式不正确：%(why)s") % {"why": str(exc)[:100]}) from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise Open311Error(400, _("请求须为 UTF-8 编码的表单")) from exc


@endpoint("GET")
def discovery(request, fmt):
    """Service Discovery: where this server's GeoReport v2 endpoint is and what it speaks."""
    base = public_url(request)
    return respond(
        {
            "changeset": CHANGESET,
            "contact": _("CivicGrid 城市管理平台；紧急情况请拨打 12345 热线"),
            "key_service": _(
                "api_key 为个人 API 令牌（cg_ 开头），请向平台管理员申请；查询无需 api_key"
            ),
            "endpoints": [
                {
                    "specification": mapping.SPEC,
                    "url": f"{base}/open311/v2",
                    "changeset": CHANGESET,
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        },
        fmt,
        "discovery",
    )


@endpoint("GET")
def service_list(request, fmt):
    """GET Service List: the active minor classes, grouped by their major class."""
    return respond([mapping.service_out(s) for s in mapping.services()], fmt, "services")


@endpoint("GET")
def service_definition(request, fmt, code):
    """GET Service Definition: a service's extra questions."""
    return respond(mapping.definition_out(mapping.service(code)), fmt, "service_definition")


@endpoint("GET", "POST")
def request_list(request, fmt):
    """GET Service Requests (the list), or POST Service Request (a new one)."""
    if request.method == "POST":
        return _create(request, fmt)
    query = filters.RequestQuery.parse(request.GET)
    rows = filters.requests_out(
        query.rows(), base_url=public_url(request), extensions=query.extensions
    )
    return respond(rows, fmt, "service_requests")


def _create(request, fmt):
    # From the form only: a key in the query string would end up in access logs.
    token = tokens.authenticate(request.POST.get("api_key"))
    if token is None:
        raise Open311Error(403, _("api_key 无效、已过期或缺失，无法提交诉求"))
    try:
        key = idempotency.key_of(request)
    except idempotency.BadKey as exc:
        raise Open311Error(400, str(exc)) from exc
    created = services.create(
        form=request.POST,
        files=request.FILES,
        actor=token.user,
        client_key=key,
        base_url=public_url(request),
    )
    return respond([created.answer], fmt, "service_requests")


@endpoint("GET")
def request_detail(request, fmt, code):
    """GET Service Request: one request by its id (the tracking code)."""
    query = filters.RequestQuery(ids=(code.upper(),))
    rows = query.rows()
    if not rows:
        raise Open311Error(404, _("未找到 service_request_id：%(id)s") % {"id": code})
    extensions = (request.GET.get("extensions") or "").lower() in ("true", "1", "yes")
    out = filters.requests_out(rows, base_url=public_url(request), extensions=extensions)
    return respond(out, fmt, "service_requests")


@endpoint("GET")
def token_detail(request, fmt, token):
    """GET service_request_id from a token: the token is the Idempotency-Key of the POST.

    Requests are made at once (type realtime), so a client rarely needs this; one that lost
    the answer to its POST finds its request here, or by sending the POST again."""
    since = timezone.now() - filters.WINDOW
    found = (
        CaseEvent.objects.filter(
            action="report",
            at__gte=since,
            case__channel=Channel.OPEN311,
            data__details__token=token,
        )
        .order_by("at", "pk")
        .values_list("case__code", flat=True)[:10]
    )
    rows = [{"service_request_id": code, "token": token} for code in found]
    if not rows:
        raise Open311Error(404, _("未找到 token：%(token)s") % {"token": token[:50]})
    return respond(rows, fmt, "service_requests")


@endpoint()
def unknown(request, fmt=None, rest=""):
    """Any other address under /open311/: a 404 in the spec's shape (and format)."""
    raise Open311Error(404, _("Open311 接口中没有这个地址"))
