"""The site's error pages: Chinese, in the site's layout, each with a way on.

Wired as handler400/403/404/500 in civicgrid/urls.py and as CSRF_FAILURE_VIEW.
"""

import logging

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

log = logging.getLogger("civicgrid")

# Served when even the 500 template cannot render (a broken template, a missing static file).
BARE_500 = (
    '<!doctype html><html lang="zh-Hans"><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>服务器出错</title><h1>服务器出错了</h1>"
    '<p>请稍后再试。如情况紧急，请拨打 12345 热线。</p><p><a href="/">返回首页</a></p>'
)


def _page(request, name: str, status: int, **context):
    return render(request, name, context, status=status)


def bad_request(request, exception=None):
    """400; a body over Django's upload limits is a 413 with advice instead."""
    if isinstance(exception, RequestDataTooBig):
        return too_large(request)
    return _page(request, "400.html", 400)


def permission_denied(request, exception=None):
    # Our PermissionDenied messages are written for the user ("您没有打印社区海报的权限").
    reason = str(exception) if exception and str(exception) else ""
    return _page(request, "403.html", 403, reason=reason)


def page_not_found(request, exception=None):
    """404; a mistyped tracking code gets a box to type it again."""
    match = request.resolver_match
    code = match.kwargs.get("code", "") if match and match.view_name == "intake:track" else ""
    return _page(request, "404.html", 404, tracking=bool(match and code), code=code)


def server_error(request):
    """500 without a request context: no context processor, no database."""
    try:
        return _html(loader.get_template("500.html").render({}), 500)
    except Exception:  # noqa: BLE001 - the last resort must not fail
        log.exception("500 page failed to render")
        return _html(BARE_500, 500)


def csrf_failure(request, reason=""):
    """The form's security check failed: usually a page left open too long, or no cookies."""
    back = request.META.get("HTTP_REFERER", "")
    safe = url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure())
    return _page(request, "403_csrf.html", 403, back=back if safe else "")


def too_large(request):
    """413 for a body over Django's limits (the report page shows its own, on the form)."""
    return _page(request, "413.html", 413)


def _html(body: str, status: int):
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")
