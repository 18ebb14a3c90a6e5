"""Shared pieces of the API's schema: the input types, and one shape for every answer that is
not a success, a Chinese sentence and where it went wrong. The shape is declared in the OpenAPI
for each status an operation can return, so clients and schemathesis can hold us to it."""

import re
from datetime import date
from typing import Annotated

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from pydantic import BeforeValidator, Field

from civicgrid.lib.controlchars import CONTROL_CLASS

# A string the API takes: no control characters, as lib/controlchars refuses them in URLs.
Text = Annotated[str, Field(pattern=f"^[^{CONTROL_CLASS}]*$")]


def _iso_day(value):
    # pydantic alone would read "0.0" as 1970-01-01 (a Unix time): the document says a date.
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("not an ISO date")
    return value


# A day as the OpenAPI says it: YYYY-MM-DD and nothing else.
Day = Annotated[date, BeforeValidator(_iso_day)]


class FieldError(Schema):
    loc: list[str | int] = Field(description='出错的位置，如 ["query", "page"]')
    msg: str = Field(description="中文说明")


class Error(Schema):
    detail: str = Field(description="中文说明，可直接展示给用户")
    errors: list[FieldError] = Field(default_factory=list, description="逐项的输入错误")


# Any operation can meet these: a bad character or body (400), no login (401), bad input (422),
# a personal token over its rate limit (429).
COMMON = (400, 401, 422, 429)

# What an HTTP error of django-ninja or of the middleware means, by status.
STATUS_TEXT = {
    400: gettext_lazy("请求内容无法解析，请发送 JSON 格式的请求体"),
    401: gettext_lazy("请先登录"),
    403: gettext_lazy("安全校验失败或没有权限，请刷新页面后重试"),
    404: gettext_lazy("请求的资源不存在"),
    405: gettext_lazy("不支持该请求方法"),
    413: gettext_lazy("请求内容过大（最多 12 MB），请压缩照片或减少张数后重试"),
    429: gettext_lazy("请求过于频繁，请稍后再试"),
}

# pydantic's error types, as a person reads them.
TYPE_TEXT = {
    "missing": gettext_lazy("必填"),
    "extra_forbidden": gettext_lazy("不支持的字段"),
    "int_parsing": gettext_lazy("应为整数"),
    "int_type": gettext_lazy("应为整数"),
    "int_from_float": gettext_lazy("应为整数"),
    "float_parsing": gettext_lazy("应为数字"),
    "float_type": gettext_lazy("应为数字"),
    "bool_parsing": gettext_lazy("应为 true 或 false"),
    "bool_type": gettext_lazy("应为 true 或 false"),
    "string_type": gettext_lazy("应为文本"),
    "string_too_long": gettext_lazy("过长"),
    "string_pattern_mismatch": gettext_lazy("格式不正确"),
    "list_type": gettext_lazy("应为列表"),
    "date_parsing": gettext_lazy("应为日期（YYYY-MM-DD）"),
    "date_from_datetime_parsing": gettext_lazy("应为日期（YYYY-MM-DD）"),
    "date_from_datetime_inexact": gettext_lazy("应为日期（YYYY-MM-DD）"),
    "date_type": gettext_lazy("应为日期（YYYY-MM-DD）"),
    "value_error": gettext_lazy("格式不正确"),
    "datetime_parsing": gettext_lazy("应为日期时间（ISO 8601）"),
    "datetime_from_date_parsing": gettext_lazy("应为日期时间（ISO 8601）"),
    "datetime_type": gettext_lazy("应为日期时间（ISO 8601）"),
    "model_attributes_type": gettext_lazy("应为 JSON 对象"),
    "model_type": gettext_lazy("应为 JSON 对象"),
    "dict_type": gettext_lazy("应为 JSON 对象"),
    "json_invalid": gettext_lazy("不是有效的 JSON"),
    "enum": gettext_lazy("不是可选的值"),
    "string_too_short": gettext_lazy("过短"),
    "too_long": gettext_lazy("项数过多"),
    "greater_than_equal": gettext_lazy("超出范围"),
    "less_than_equal": gettext_lazy("超出范围"),
    "finite_number": gettext_lazy("应为有限的数字"),
}


def responses(ok, *statuses: int, ok_status: int = 200) -> dict:
    """The `response=` of an operation: `ok` for 200 (or `ok_status`), Error for the common
    and given statuses."""
    return {ok_status: ok, **{status: Error for status in sorted({*COMMON, *statuses})}}


def error(detail, errors=()) -> dict:
    return {"detail": str(detail), "errors": list(errors)}


def field_errors(raw: list[dict]) -> list[dict]:
    """pydantic's (or django-ninja's) errors as [{"loc": [...], "msg": "中文"}]."""
    rows = []
    for item in raw:
        loc = [p if isinstance(p, int) else str(p) for p in item.get("loc", ())]
        rows.append({"loc": loc, "msg": str(TYPE_TEXT.get(item.get("type", ""), _("格式不正确")))})
    return rows


def summary(rows: list[dict]) -> str:
    """The errors as one line: "page：应为整数；x：不支持的字段"."""
    parts = []
    for row in rows:
        names = [p for p in row["loc"] if isinstance(p, str)]
        name = names[-1] if names else ""
        parts.append(f"{name}{_('：')}{row['msg']}" if name else row["msg"])
    return _("；").join(parts)


def form_errors(form, where: str) -> list[dict]:
    """A Django form's errors in the same shape, located in `where` ("query" or "body")."""
    return [
        {"loc": [where, name], "msg": str(message)}
        for name, messages in form.errors.items()
        for message in messages
    ]


def unknown_query(request, schema) -> dict | None:
    """The error for query parameters the schema does not name, or names once but that came
    more than once (ninja drops an unknown one silently, and keeps only the last of a repeated
    one)."""
    unknown = sorted(set(request.GET) - set(schema.model_fields))
    repeated = sorted(
        name
        for name in set(request.GET) & set(schema.model_fields)
        if len(request.GET.getlist(name)) > 1
    )
    if not unknown and not repeated:
        return None
    rows = [{"loc": ["query", name], "msg": _("不支持的查询参数")} for name in unknown]
    rows += [{"loc": ["query", name], "msg": _("查询参数只能给一次")} for name in repeated]
    detail = _("不支持的查询参数：%(names)s") % {"names": "、".join(unknown)} if unknown else ""
    if repeated:
        twice = _("查询参数只能给一次：%(names)s") % {"names": "、".join(repeated)}
        detail = f"{detail}；{twice}" if detail else twice
    return error(detail, rows)
