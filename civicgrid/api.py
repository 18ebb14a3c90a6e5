"""The REST API at /api/v1/: a personal token (Authorization: Bearer cg_...) or the session
login with CSRF; one router per app, OpenAPI at openapi.json.

No Swagger page: ninja's loads its scripts from a CDN and CivicGrid runs without internet
access; the OpenAPI document itself is served and can be opened in any offline viewer.
Every error is one documented shape (lib/apischema.Error), in Chinese.
"""

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, Throttled, ValidationError
from ninja.security import HttpBearer, django_auth

from civicgrid.areas.api import router as areas_router
from civicgrid.cases.api import router as cases_router
from civicgrid.catalog.api import router as catalog_router
from civicgrid.intake import ratelimit
from civicgrid.lib.apischema import STATUS_TEXT, error, field_errors, summary
from civicgrid.people import tokens

# The document's introduction (OpenAPI info.description, Markdown).
DESCRIPTION = "\n".join(
    [
        "城管进社区服务平台的 REST 接口：上报案件、按管辖范围查询案件、执行流转动作、"
        "读取分类目录与区域树。",
        "",
        "- 身份：个人 API 令牌（`Authorization: Bearer cg_…`），"
        "或浏览器登录会话（POST 须带 `X-CSRFToken`）。",
        "- 范围：每个请求都按调用人（令牌的所有人）的角色与管辖范围过滤，范围外的案件答复 404。",
        "- 重试：上报案件（POST /api/v1/cases）可带 `Idempotency-Key` 请求头；同一密钥、"
        "同一内容的重试只建一件案件，答复与首次相同（24 小时内逐字相同）。",
        "- 分页：案件列表按时限排序，答复中的 `next_cursor` 作为 `cursor` 参数传回取下一页。",
        "- 缓存：分类目录与区域树带 `ETag`，放进 `If-None-Match` 重新请求，未变时答复 304。",
        "- 错误：所有非成功答复都是同一结构 "
        '`{"detail": "中文说明", "errors": [{"loc": [...], "msg": "..."}]}`。',
    ]
)


class TokenAuth(HttpBearer):
    """A personal API token: the request acts as the token's owner, within the owner's scope."""

    openapi_bearerFormat = "cg_…（个人 API 令牌）"
    openapi_description = (
        "个人 API 令牌：登录后在“我的 API 令牌”页（/account/tokens/）创建，只显示一次。"
        "请求头写 `Authorization: Bearer cg_…`。令牌以其所有人的身份调用接口，权限与所有人相同；"
        "可随时吊销，到期（30 到 365 天）或所有人停用后失效。用令牌的请求不需要 CSRF 校验。"
    )

    def authenticate(self, request, token):
        found = tokens.authenticate(token)
        if found is None:
            return None
        if refusal := ratelimit.take((ratelimit.api_per_token(), str(found.pk))):
            raise Throttled(wait=refusal.retry_after)
        request.user = found.user
        return found


api = NinjaAPI(
    title="城管进社区服务平台 API",
    version="1",
    description=DESCRIPTION,
    auth=[TokenAuth(), django_auth],
    docs_url=None,
    urls_namespace="api",
)
api.add_router("/", cases_router)
api.add_router("/", catalog_router)
api.add_router("/", areas_router)


@api.exception_handler(Http404)
def not_found(request, exc):
    detail = str(exc) or _("案件不存在或不在您的管辖范围内")
    return api.create_response(request, error(detail), status=404)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    rows = field_errors(exc.errors)
    if rows and all(row["loc"][:1] == ["path"] for row in rows):
        # A code of the wrong shape names nothing: not found, as on the HTML pages.
        detail = _("请求的资源不存在（%(where)s）") % {"where": summary(rows)}
        return api.create_response(request, error(detail, rows), status=404)
    detail = _("请求参数有误：%(errors)s") % {"errors": summary(rows)}
    return api.create_response(request, error(detail, rows), status=422)


@api.exception_handler(RequestDataTooBig)
def too_big(request, exc):
    # Over DATA_UPLOAD_MAX_MEMORY_SIZE: said in the API's shape, not the HTML 413 page.
    return api.create_response(request, error(STATUS_TEXT[413]), status=413)


@api.exception_handler(Throttled)
def throttled(request, exc):
    response = api.create_response(request, error(STATUS_TEXT[429]), status=429)
    response["Retry-After"] = str(exc.wait or 60)  # RFC 9110: seconds
    return response


@api.exception_handler(HttpError)
def http_error(request, exc):
    # ninja's own texts are English ("Unauthorized", "CSRF check Failed"): say it in Chinese.
    detail = STATUS_TEXT.get(exc.status_code, _("请求无法处理"))
    return api.create_response(request, error(detail), status=exc.status_code)


def unknown(request, rest: str = ""):
    """Any other address under the API: a 404 in the API's shape, not the HTML page."""
    return JsonResponse(error(_("接口不存在")), status=404)
