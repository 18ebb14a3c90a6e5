"""Refuse control characters (NUL above all) in URLs before any view reads them.

PostgreSQL can neither store nor compare a NUL byte: one in a lookup is a DataError, a 500.
Forms refuse it field by field (Django puts ProhibitNullCharactersValidator on every
CharField); this middleware covers what views read by hand, once for every URL: a path with
one is a 404, a query string with one a Chinese 400 (JSON under the API), and a cookie with
one is dropped, as if the browser had sent none. Request bodies are left to the forms: reading
them here would defeat the report page's size check, made before the body is read.
"""

import re

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

# C0 controls and DEL; tab and line breaks pass (pasted codes and text carry them harmlessly).
CONTROL_CLASS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
CONTROL = re.compile(f"[{CONTROL_CLASS}]")


def has_control(text: str) -> bool:
    return CONTROL.search(text) is not None


class RefuseControlCharacters:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_control(request.path_info):
            if _open311(request):
                return _open311_refusal(request, 404, _("页面不存在"))
            if _api(request):
                from civicgrid.api import unknown

                return unknown(request)
            raise Http404(_("页面不存在"))
        for name in [n for n, value in request.COOKIES.items() if has_control(n + value)]:
            del request.COOKIES[name]
        if any(has_control(key + "".join(values)) for key, values in request.GET.lists()):
            reason = _("请求中含有无效字符（如空字符），请检查输入的内容后重试。")
            if _open311(request):
                return _open311_refusal(request, 400, reason)
            if _api(request):
                from civicgrid.lib.apischema import error  # it imports this module

                return JsonResponse(error(reason), status=400)
            return render(request, "400.html", {"reason": reason}, status=400)
        return self.get_response(request)


def _open311(request) -> bool:
    return request.path_info.startswith("/open311/")


def _open311_refusal(request, status: int, reason: str):
    """Open311 clients read the spec's error list, in the format their URL asks for."""
    from civicgrid.open311.formats import errors, fmt_of

    return errors(fmt_of(CONTROL.sub("", request.path_info)), status, reason)


def _api(request) -> bool:
    """Whether the refused request was for the API (only asked when refusing)."""
    return request.path_info.startswith(reverse("api:api-root"))
