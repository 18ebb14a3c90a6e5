"""The cases REST API: the same filter, scope and workflow functions as the HTML pages."""

from datetime import datetime
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from civicgrid.cases import inbox, workflow
from civicgrid.cases.access import case_for
from civicgrid.cases.choices import Channel
from civicgrid.cases.choices import Status as CaseStatus
from civicgrid.cases.filters import CaseFilter, page_of
from civicgrid.cases.forms import ActionForm
from civicgrid.cases.models import Case
from civicgrid.lib.apischema import Day, Text, error, form_errors, responses
from civicgrid.lib.codes import ACTION_RE, AREA_RE, TRACKING_RE
from civicgrid.lib.keyset import CursorError
from civicgrid.lib.privacy import mask_phone

router = Router(tags=["cases"])
PAGE_SIZE = 50


def _enum(values) -> dict[str, Any]:
    return {"enum": list(values)}


class CaseQuery(Schema):
    """Query parameters of GET /cases: the fields of CaseFilter, plus the page."""

    model_config = ConfigDict(extra="forbid")

    # The choices are documented; CaseFilter checks them, as for the list page.
    inbox: Text | None = Field(None, json_schema_extra=_enum(k for k, _ in inbox.CHOICES))
    status: Text | None = Field(None, json_schema_extra=_enum(["open", *CaseStatus.values]))
    category: int | None = None
    area: str | None = Field(None, pattern=f"^{AREA_RE}$", description="区划代码")
    channel: Text | None = Field(None, json_schema_extra=_enum(Channel.values))
    department: int | None = None
    reported_from: Day | None = None
    reported_to: Day | None = None
    overdue: bool | None = None
    q: Text | None = Field(None, max_length=50)
    cursor: str | None = Field(
        None, max_length=500, description="上一页答复中的 next_cursor 或 previous_cursor"
    )
    page: int = Field(1, description="页码（按偏移读取，最多第 1000 页）；有 cursor 时不用")


class CaseOut(Schema):
    code: str
    status: str
    status_label: str
    channel: str
    category: str | None
    description: str
    address: str
    grid: str | None
    area_path: str
    department: str | None
    reported_at: datetime
    due_at: datetime | None
    clock: str
    urge_count: int
    reporter_phone: str
    version: int


class CasePage(Schema):
    items: list[CaseOut]
    page: int
    has_next: bool
    has_previous: bool
    next_cursor: str | None = Field(description="下一页：作为 cursor 参数传回")
    previous_cursor: str | None = Field(description="上一页：作为 cursor 参数传回")
    total: int = Field(description="符合条件的案件数，最多数到 1001")
    total_capped: bool = Field(description="为真时案件数超过 1000，total 只是下限")


class ActionIn(Schema):
    """The inputs of one workflow action; only those the action takes are used."""

    model_config = ConfigDict(extra="forbid")

    version: int
    note: Text | None = None
    reason: Text | None = None
    category: int | None = None
    urgency: Text | None = None
    department: int | None = None
    departments: list[int] | None = None
    into: Text | None = None
    until: datetime | None = None
    score: int | None = None
    comment: Text | None = None
    reply: Text | None = None  # answer (答复)
    request_type: Text | None = None  # retype (改诉求类型)


class ActionOut(Schema):
    action: str
    event: str
    case: CaseOut


def case_out(case: Case) -> dict:
    """One case as the API shows it; the resident's phone is always masked."""
    return {
        "code": case.code,
        "status": case.status,
        "status_label": case.get_status_display(),
        "channel": case.channel,
        "category": case.category.name if case.category else None,
        "description": case.description,
        "address": case.address,
        "grid": case.grid.name if case.grid else None,
        "area_path": case.area_path,
        "department": case.department.name if case.department else None,
        "reported_at": case.reported_at,
        "due_at": case.due_at,
        "clock": case.clock_at(),
        "urge_count": case.urge_count,
        "reporter_phone": mask_phone(case.reporter_phone),
        "version": case.version,
    }


# The shapes the HTML URLs accept; a path outside them is a 404 in the Error shape.
CODE = Path(..., pattern=f"^{TRACKING_RE}$", description="查询码（16 位）")
ACTION = Path(..., pattern=f"^{ACTION_RE}$", description="流转动作，如 accept")


@router.get("/cases", response=responses(CasePage), summary="案件列表（按时限排序）")
def list_cases(request, query: Query[CaseQuery]):
    unknown = sorted(set(request.GET) - set(CaseQuery.model_fields))
    if unknown:
        detail = _("不支持的查询参数：%(names)s") % {"names": "、".join(unknown)}
        rows = [{"loc": ["query", name], "msg": _("不支持的查询参数")} for name in unknown]
        return Status(422, error(detail, rows))
    data = query.model_dump(exclude_none=True)
    number, cursor = data.pop("page"), data.pop("cursor", "")
    filters = CaseFilter(data, user=request.user)
    if not filters.is_valid():
        return Status(422, error(filters.error_text(), form_errors(filters, "query")))
    try:
        page = page_of(filters, cursor=cursor, number=number, size=PAGE_SIZE)
    except CursorError as exc:
        return Status(422, error(str(exc), [{"loc": ["query", "cursor"], "msg": str(exc)}]))
    return {
        "items": [case_out(c) for c in page.rows],
        "page": page.number,
        "has_next": page.has_next,
        "has_previous": page.has_previous,
        "next_cursor": page.next_cursor or None,
        "previous_cursor": page.previous_cursor or None,
        "total": page.total,
        "total_capped": page.total_capped,
    }


@router.get("/cases/{code}", response=responses(CaseOut, 404), summary="案件详情")
def get_case(request, code: str = CODE):
    return case_out(case_for(request.user, code.upper()))


@router.post(
    "/cases/{code}/actions/{action}",
    response=responses(ActionOut, 403, 404, 409),
    summary="执行流转动作",
)
def act(request, payload: ActionIn, code: str = CODE, action: str = ACTION):
    case = case_for(request.user, code.upper())
    form = ActionForm(action, payload.model_dump(exclude_none=True))
    if not form.is_valid():
        return Status(422, error(_errors(form), form_errors(form, "body")))
    try:
        event = form.run(case=case, actor=request.user)
    except workflow.UnknownAction as exc:
        raise Http404(str(exc)) from exc
    except workflow.NotAllowed as exc:
        return Status(403, error(exc))
    except (workflow.CaseChanged, workflow.IllegalTransition) as exc:
        return Status(409, error(exc))
    except workflow.WorkflowError as exc:
        return Status(422, error(exc))
    return {"action": action, "event": str(event.label), "case": case_out(case)}


def _errors(form) -> str:
    parts = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else field
        parts.append(f"{label}：{'；'.join(errors)}")
    return "；".join(parts)
