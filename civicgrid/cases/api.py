"""The cases REST API: the same filter, scope and workflow functions as the HTML pages."""

import base64
import binascii
import json
import math
from datetime import datetime
from typing import Annotated, Any

from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Header, Path, Query, Router, Schema, Status
from pydantic import BeforeValidator, ConfigDict, Field, WithJsonSchema

from civicgrid.areas.choices import CoordSystem, Level
from civicgrid.areas.models import Area
from civicgrid.cases import inbox, services, workflow
from civicgrid.cases.access import case_for
from civicgrid.cases.choices import Channel, RequestType, Tier
from civicgrid.cases.choices import Status as CaseStatus
from civicgrid.cases.filters import CaseFilter, page_of
from civicgrid.cases.forms import ActionForm
from civicgrid.cases.models import Case
from civicgrid.catalog.choices import Measure, Urgency
from civicgrid.catalog.models import Category
from civicgrid.lib import idempotency
from civicgrid.lib.apischema import Day, Text, error, form_errors, responses, unknown_query
from civicgrid.lib.codes import ACTION_RE, AREA_RE, TRACKING_RE
from civicgrid.lib.controlchars import CONTROL_CLASS
from civicgrid.lib.images import MAX_PHOTOS, MAX_UPLOAD_BYTES
from civicgrid.lib.keyset import CursorError
from civicgrid.lib.privacy import mask_phone

router = Router(tags=["cases"])
PAGE_SIZE = 50
# A retried create within this time gets the first answer word for word (then the case as now).
RETRY_SECONDS = 24 * 3600
# Base64 of the largest photo report() takes; the body as a whole is bounded by Django's
# DATA_UPLOAD_MAX_MEMORY_SIZE (a 413 above it).
MAX_PHOTO_CHARS = (MAX_UPLOAD_BYTES + 2) // 3 * 4 + 100
# A minor class: its code, or kind:code where a component and a matter share the code.
CATEGORY_REF = r"^((component|matter):)?[0-9]{5}$"


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
    request_type: Text | None = Field(
        None, json_schema_extra=_enum(RequestType.values), description="诉求类型"
    )
    tier: Text | None = Field(None, json_schema_extra=_enum(Tier.values), description="处置层级")
    measure: Text | None = Field(
        None, json_schema_extra=_enum(Measure.values), description="执法处置措施"
    )
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
    request_type: str
    request_type_label: str
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
    # The enforcement tier (执法处置): enforce, measure, recheck.
    violation_type: int | None = None
    party_kind: Text | None = None
    party_name: Text | None = None
    party_id_number: Text | None = None
    party_phone: Text | None = None
    measure: Text | None = None
    minor: bool | None = None
    corrected: bool | None = None
    deadline: datetime | None = None
    legal_basis: Text | None = None
    decision_no: Text | None = None
    service: Text | None = None


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
        "request_type": case.request_type,
        "request_type_label": case.get_request_type_display(),
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
    if unknown := unknown_query(request, CaseQuery):
        return Status(422, unknown)
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


def _scalar(value):
    # One clear error for a nested value, rather than one per member of a union.
    if value is not None and not isinstance(value, str | int | float | bool):
        raise ValueError("not a JSON scalar")
    if isinstance(value, str) and len(value) > 500:
        raise ValueError("too long")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("not finite")
    return value


# A JSON scalar, the values a channel's details may hold (report() keeps them as JSON).
Scalar = Annotated[
    Any,
    BeforeValidator(_scalar),
    WithJsonSchema({"type": ["string", "number", "boolean", "null"], "maxLength": 500}),
]
DetailKey = Annotated[str, Field(min_length=1, max_length=50, pattern=f"^[^{CONTROL_CLASS}]*$")]
Photo = Annotated[str, Field(max_length=MAX_PHOTO_CHARS, description="照片，Base64 编码")]
Coordinate = Annotated[float, Field(allow_inf_nan=False)]


class ReportIn(Schema):
    """A new case: what the problem is and where; the class is suggested when none is given."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "description": "幸福小区东门垃圾桶满溢，垃圾堆到路边",
                    "request_type": "complaint",
                    "category": "06042",
                    "lng": 114.935,
                    "lat": 25.831,
                    "coord_system": "gcj02",
                    "address": "幸福路 8 号东门",
                    "reporter_phone": "13812345678",
                    "details": {"order_no": "HT-20260701-0042"},
                }
            ]
        },
    )

    description: Text = Field(..., max_length=2000, description="问题描述，至少 4 个字")
    request_type: RequestType = Field(RequestType.COMPLAINT, description="诉求类型")
    category: str | None = Field(
        None,
        pattern=CATEGORY_REF,
        description="小类编码，如 06010（事项）；部件与事项同码时写 component:01001 或 "
        "matter:01001。不填时按描述自动归类",
    )
    lng: Coordinate | None = Field(None, ge=-180, le=180, description="经度")
    lat: Coordinate | None = Field(None, ge=-90, le=90, description="纬度")
    coord_system: CoordSystem = Field(CoordSystem.WGS84, description="坐标系")
    area: str | None = Field(
        None, pattern=f"^{AREA_RE}$", description="社区或网格的区划代码；与经纬度至少填一项"
    )
    address: Text = Field("", max_length=200)
    urgency: Urgency = Urgency.NORMAL
    reporter_name: Text = Field("", max_length=50, description="反映人姓名（加密保存）")
    reporter_phone: Text = Field(
        "", max_length=20, description="反映人手机号（加密保存，答复中打码）"
    )
    photos: list[Photo] = Field(
        default_factory=list,
        max_length=MAX_PHOTOS,
        description="照片（JPG/PNG 的 Base64），最多 9 张",
    )
    details: dict[DetailKey, Scalar] | None = Field(
        None, max_length=50, description="渠道的附加信息（如对方系统的工单号），原样保存"
    )


@router.post(
    "/cases",
    response=responses(CaseOut, 403, 413, ok_status=201),
    summary="上报案件",
    description="以调用人的身份上报一件案件（渠道为“接口”），调用人须有上报案件的权限。"
    "按经纬度（或社区、网格的区划代码）落到网格；不填分类时按描述自动归类。"
    "照片为 JPG/PNG 的 Base64 字符串（也可带 data:image/...;base64, 前缀），最多 9 张，"
    "每张不超过 10 MB，整个请求体不超过 12 MB。成功答复 201，Location 头为案件地址。",
    openapi_extra={
        "responses": {201: {"description": "已立卷；带同一 Idempotency-Key 重试时答复与首次相同"}}
    },
)
def create_case(
    request,
    response: HttpResponse,
    payload: ReportIn,
    idempotency_key: str | None = Header(
        None,
        alias=idempotency.HEADER,
        description="重试不重复建案：同一密钥、同一内容的请求只建一件案件，答复与首次相同。"
        "1 到 255 个可见 ASCII 字符，建议每次新上报用一个新的 UUID",
        examples=["5f0c2a7e-3b1d-4c8e-9f60-2d7a1b3c4e5f"],
    ),
):
    """Open a case through the one report service, as the caller (token or session)."""
    try:
        key = idempotency.key_of(request)
    except idempotency.BadKey as exc:
        return Status(400, error(exc, [{"loc": ["header", idempotency.HEADER], "msg": str(exc)}]))
    try:
        fields = _report_fields(payload)
        case = services.report(channel=Channel.API, actor=request.user, client_key=key, **fields)
    except workflow.NotAllowed as exc:
        return Status(403, error(exc))
    except workflow.WorkflowError as exc:
        return Status(422, error(exc))
    response["Location"] = f"{request.path.rstrip('/')}/{case.code}"
    return Status(201, _created_body(case))


def _report_fields(payload: ReportIn) -> dict:
    """report()'s arguments from the body; InvalidInput for a class, area or photo not found."""
    data = payload.model_dump(exclude={"category", "area", "photos"})
    data["category"] = _category(payload.category) if payload.category else None
    if payload.area:
        area = Area.objects.filter(code=payload.area).first()
        if area is None or area.level not in (Level.COMMUNITY, Level.GRID):
            raise workflow.InvalidInput(
                _("找不到区划代码为 %(code)s 的社区或网格") % {"code": payload.area}
            )
        data["grid"] = area if area.level == Level.GRID else None
        data["community"] = area.parent if area.level == Level.GRID else area
    data["photos"] = [_photo(i, text) for i, text in enumerate(payload.photos, 1)]
    return data


def _category(ref: str):
    kind, _sep, code = ref.rpartition(":")
    found = list(
        Category.objects.filter(
            code=code, active=True, parent__isnull=False, **({"kind": kind} if kind else {})
        )
    )
    if len(found) > 1:
        raise workflow.InvalidInput(
            _("编码 %(code)s 既是部件也是事项，请写 component:%(code)s 或 matter:%(code)s")
            % {"code": code}
        )
    if not found:
        raise workflow.InvalidInput(_("找不到编码为 %(code)s 的小类") % {"code": ref})
    return found[0]


def _photo(number: int, text: str) -> SimpleUploadedFile:
    """A Base64 photo as an upload, for report()'s clean_photo to check and re-encode."""
    if "," in text[:100] and text.startswith("data:"):
        text = text.split(",", 1)[1]  # a data: URL as a browser's FileReader gives it
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise workflow.InvalidInput(
            _("第 %(n)s 张照片不是有效的 Base64 编码") % {"n": number}
        ) from exc
    return SimpleUploadedFile(f"photo-{number}.jpg", raw)


def _created_body(case: Case) -> dict:
    """The 201 body: kept a day under the case's idempotency key, so that a retry gets the same
    answer as the first request although the case may have moved on (or its clock turned)."""
    body = case_out(case)
    if not case.client_key:
        return body
    store = caches["shared"]
    key = f"civicgrid:api-created:{case.client_key}"
    body = json.loads(json.dumps(body, cls=DjangoJSONEncoder))
    if store.add(key, body, RETRY_SECONDS):
        return body
    return store.get(key, body)


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
    form = ActionForm(action, payload.model_dump(exclude_none=True), case=case)
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
