"""Open311's POST Service Request: the spec's form fields into `cases.services.report()`."""

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from civicgrid.areas import geo, places
from civicgrid.areas.choices import CoordSystem, Level
from civicgrid.areas.models import Area
from civicgrid.cases import services as cases
from civicgrid.cases import workflow
from civicgrid.cases.choices import Channel
from civicgrid.cases.models import Case
from civicgrid.catalog.models import Category
from civicgrid.lib.controlchars import has_control
from civicgrid.lib.images import MAX_PHOTOS
from civicgrid.open311 import mapping
from civicgrid.open311.mapping import Open311Error

DATA = Path(__file__).parent / "data"
MAX_MEDIA_URL = 500
_media_url = URLValidator(schemes=["http", "https"])
# Fields of the spec (and our extensions) read from a POST; anything else is ignored, as the
# spec's "optional means absent or empty alike" asks.
TEXT_LIMITS = {
    "service_code": 40,
    "jurisdiction_id": 200,
    "address_string": 200,
    "address_id": 40,
    "first_name": 25,
    "last_name": 25,
    "phone": 20,
    "account_id": 64,
    "description": mapping.MAX_DESCRIPTION_CHARS,
    "coord_system": 10,
}


@dataclass(frozen=True)
class Created:
    """A request made (or found again for a retry) and the answer the spec gives for it."""

    case: Case
    answer: dict


def create(*, form, files, actor, client_key: str | None, base_url: str) -> Created:
    """Check a POST Service Request and report its case; the spec's 400/403/404 otherwise.

    A retry under the same Idempotency-Key finds the first case and answers exactly as the
    first POST did (report() binds the key to what was sent and to the actor)."""
    text = _texts(form)
    if not text.get("service_code"):
        raise Open311Error(400, _("缺少 service_code"))
    service = mapping.service(text["service_code"])
    details: dict[str, object] = {"service_code": service.code}
    if answers := mapping.clean_attributes(service, mapping.attribute_answers(form)):
        details["attributes"] = answers
    if media_url := text.get("media_url"):
        details["media_url"] = media_url  # kept as given: the server never fetches it (SSRF)
    if account_id := text.get("account_id"):
        details["account_id"] = account_id
    if client_key:
        details["token"] = client_key  # GET /tokens/<Idempotency-Key> finds the request
    where = _location(text)
    photos = files.getlist("media") if files else []
    if len(photos) > MAX_PHOTOS:
        raise Open311Error(400, _("最多上传 %(count)s 张照片") % {"count": MAX_PHOTOS})
    name = (text.get("last_name", "") + text.get("first_name", "")).strip()
    try:
        case = cases.report(
            channel=Channel.OPEN311,
            # The spec makes it optional; a case needs a few words: the class and its group.
            description=text.get("description") or f"{service.name}（{service.group}）",
            category=service.category,
            address=text.get("address_string", ""),
            reporter_name=name,
            reporter_phone=text.get("phone", ""),
            photos=photos,
            details=details,
            actor=actor,
            client_key=client_key,
            **where,
        )
    except workflow.NotAllowed as exc:
        raise Open311Error(403, str(exc)) from exc
    except workflow.WorkflowError as exc:
        raise Open311Error(400, str(exc)) from exc
    answer = {
        "service_request_id": case.code,
        "service_notice": notice(base_url, case.code),
        "account_id": details.get("account_id"),
    }
    return Created(case, {k: v for k, v in answer.items() if v is not None})


def notice(base_url: str, code: str) -> str:
    return _("已收到，查询码 %(code)s，办理进度：%(url)s") % {
        "code": code,
        "url": f"{base_url}/t/{code}/",
    }


def _texts(form) -> dict[str, str]:
    """The spec's single-valued fields, stripped and checked: no control characters (a NUL
    cannot be stored), no overlong values."""
    text: dict[str, str] = {}
    for name in [*TEXT_LIMITS, "lat", "long", "media_url"]:
        value = (form.get(name) or "").strip()
        if not value:
            continue
        if has_control(value):
            raise Open311Error(400, _("参数 %(name)s 含有无效字符（如空字符）") % {"name": name})
        limit = TEXT_LIMITS.get(name, MAX_MEDIA_URL if name == "media_url" else 40)
        if len(value) > limit:
            raise Open311Error(
                400, _("参数 %(name)s 最多 %(count)s 个字符") % {"name": name, "count": limit}
            )
        text[name] = value
    for key, values in form.lists():
        if key.startswith("attribute[") and any(has_control(v) for v in values):
            raise Open311Error(
                400, _("参数 %(name)s 含有无效字符（如空字符）") % {"name": key[:50]}
            )
    if media_url := text.get("media_url"):
        try:
            _media_url(media_url)
        except ValidationError as exc:
            raise Open311Error(400, _("media_url 须为 http 或 https 网址")) from exc
    return text


def _location(text: dict[str, str]) -> dict:
    """report()'s place arguments from lat/long, address_id or address_string."""
    lat, lng = text.get("lat"), text.get("long")
    if (lat is None) != (lng is None):
        raise Open311Error(400, _("lat 和 long 须同时提供"))
    if lat is not None and lng is not None:
        system = text.get("coord_system", geo.WGS84).lower()
        if system not in CoordSystem.values:
            raise Open311Error(
                400,
                _("coord_system 须为 %(values)s 之一") % {"values": "、".join(CoordSystem.values)},
            )
        try:
            point = float(lng), float(lat)
        except ValueError as exc:
            raise Open311Error(400, _("lat 和 long 须为数字（WGS-84 经纬度）")) from exc
        if not all(math.isfinite(v) for v in point):
            raise Open311Error(400, _("lat 和 long 须为数字（WGS-84 经纬度）"))
        return {"lng": point[0], "lat": point[1], "coord_system": system}
    if address_id := text.get("address_id"):
        placed = by_id(address_id)
        if placed is None:
            raise Open311Error(400, _("未找到 address_id：%(id)s") % {"id": address_id})
    elif address := text.get("address_string"):
        placed = place(address)
        if placed is None:
            raise Open311Error(
                400,
                _("无法根据地址“%(address)s”确定所在社区，请提供 lat/long 或写明社区名称")
                % {"address": address[:50]},
            )
    else:
        raise Open311Error(400, _("须提供位置：lat 和 long，或 address_string，或 address_id"))
    return _placed(placed)


# --- placing an address --------------------------------------------------------------------


def _placed(placed) -> dict:
    """report()'s place arguments for a placement of areas/places.py."""
    area = placed.area
    where: dict[str, object] = {"grid": area} if area.level == Level.GRID else {"community": area}
    if placed.lng is not None and placed.lat is not None:
        where.update(lng=placed.lng, lat=placed.lat)
    return where


def place(text: str):
    """The known address or the grid or community an address text names (areas/places.py)."""
    return places.place(text)


def by_id(address_id: str):
    """An address id: a known address's id (标准地址库), else a community or grid's code."""
    if found := places.by_id(address_id):
        return found
    area = Area.objects.filter(code=address_id, level__in=(Level.COMMUNITY, Level.GRID)).first()
    return places.Placement(area=area, lng=None, lat=None, address="") if area else None


# --- reference data ------------------------------------------------------------------------


def load_attributes(path: Path | None = None) -> int:
    """Add the shipped demo attributes that are not there yet; edits in admin are kept."""
    import json

    from civicgrid.open311.models import Attribute

    added = 0
    with open(path or DATA / "attributes.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            kind, code = row["category"].split(":")
            category = Category.objects.filter(kind=kind, code=code).first()
            if category is None:
                continue
            _, created = Attribute.objects.get_or_create(
                category=category,
                code=row["code"],
                defaults={
                    "datatype": row["datatype"],
                    "required": row["required"] == "true",
                    "description": row["description"],
                    "datatype_description": row["datatype_description"],
                    "order": int(row["order"]),
                    "values": json.loads(row["values"] or "[]"),
                },
            )
            added += created
    return added
