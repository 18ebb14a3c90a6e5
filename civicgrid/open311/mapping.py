"""CivicGrid's nouns in Open311 GeoReport v2 terms: services, attributes, requests, statuses.

A service is an active minor class of the catalog (its major class is the `group`), its
attributes the rows of `open311.Attribute`; a service request is a case, seen only through
its public fields: never a reporter's name or phone, never a staff member.
"""

import math
import re
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from civicgrid.cases.choices import STATUS_PHASE, Phase, Status
from civicgrid.catalog.models import Category
from civicgrid.lib.cached import Versioned
from civicgrid.lib.privacy import mask_phone
from civicgrid.open311.choices import LISTS, Datatype

SPEC = "http://wiki.open311.org/GeoReport_v2"
MAX_VALUE_CHARS = 500  # one attribute answer; a description has its own 4,000
MAX_DESCRIPTION_CHARS = 4000  # the spec's limit
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


class Open311Error(Exception):
    """A refusal in the spec's error list: the HTTP status and a description for the client."""

    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


# --- services ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttributeDef:
    code: str
    datatype: str
    required: bool
    variable: bool
    description: str
    datatype_description: str
    order: int
    values: tuple[tuple[str, str], ...]  # (key, name)


@dataclass(frozen=True)
class Service:
    code: str
    category_id: int
    name: str
    group: str
    keywords: str
    description: str
    attributes: tuple[AttributeDef, ...]
    category: Category  # the class itself, loaded once: report() reads its pk and major class


@dataclass(frozen=True)
class Catalogue:
    services: tuple[Service, ...]
    by_code: dict[str, Service]
    by_category: dict[int, Service]


def service_code(kind: str, code: str) -> str:
    """The Open311 code of a class: its kind and catalog code (the codes repeat across kinds)."""
    return f"{kind}-{code}"


def _keywords(*texts: str) -> str:
    words = [w.strip() for text in texts for w in re.split(r"[、,，;；]", text or "")]
    return ", ".join(dict.fromkeys(w for w in words if w))


def _build() -> Catalogue:
    from civicgrid.open311.models import Attribute

    attributes: dict[int, list[AttributeDef]] = {}
    for a in Attribute.objects.order_by("order", "pk"):
        values = tuple(
            (str(v.get("key", "")), str(v.get("name", "")))
            for v in (a.values if isinstance(a.values, list) else [])
            if isinstance(v, dict)
        )
        attributes.setdefault(a.category_id, []).append(
            AttributeDef(
                a.code,
                a.datatype,
                a.required,
                a.variable,
                a.description,
                a.datatype_description,
                a.order,
                values,
            )
        )
    majors = {c.pk: c for c in Category.objects.filter(parent=None)}
    services = []
    minors = Category.objects.filter(active=True, parent__isnull=False).order_by("kind", "code")
    for c in minors:
        major = majors.get(c.parent_id)
        if major is None or not major.active:
            continue
        services.append(
            Service(
                code=service_code(c.kind, c.code),
                category_id=c.pk,
                name=c.name,
                group=major.name,
                keywords=_keywords(c.aliases, c.keywords),
                description=c.help_text,
                attributes=tuple(attributes.get(c.pk, ())),
                category=c,
            )
        )
    return Catalogue(
        services=tuple(services),
        by_code={s.code: s for s in services},
        by_category={s.category_id: s for s in services},
    )


catalogue = Versioned("open311-catalogue", _build)


def services() -> tuple[Service, ...]:
    return catalogue.get().services  # type: ignore[attr-defined]


def service(code: str) -> Service:
    """The service of this code; 404 for one not offered."""
    found = catalogue.get().by_code.get(code)  # type: ignore[attr-defined]
    if found is None:
        raise Open311Error(404, _("未找到服务类型 service_code：%(code)s") % {"code": code[:40]})
    return found


def service_of(category_id: int | None) -> Service | None:
    return catalogue.get().by_category.get(category_id)  # type: ignore[attr-defined]


def service_out(s: Service) -> dict:
    return {
        "service_code": s.code,
        "service_name": s.name,
        "description": s.description or None,
        "metadata": bool(s.attributes),
        "type": "realtime",
        "keywords": s.keywords or None,
        "group": s.group,
    }


def definition_out(s: Service) -> dict:
    return {
        "service_code": s.code,
        "attributes": [
            {
                "variable": a.variable,
                "code": a.code,
                "datatype": a.datatype,
                "required": a.required,
                "datatype_description": a.datatype_description or None,
                "order": a.order,
                "description": a.description,
                **(
                    {"values": [{"key": k, "name": n} for k, n in a.values]}
                    if a.datatype in LISTS
                    else {}
                ),
            }
            for a in s.attributes
        ],
    }


# --- attributes of a new request -----------------------------------------------------------

_ATTRIBUTE_KEY = re.compile(r"^attribute\[([^\[\]]{1,40})\](\[\])?$")


def attribute_answers(form) -> dict[str, list[str]]:
    """The `attribute[code]` (and `attribute[code][]`) values of a POST, by code."""
    answers: dict[str, list[str]] = {}
    for key, values in form.lists():
        found = _ATTRIBUTE_KEY.match(key)
        if found:
            answers.setdefault(found.group(1), []).extend(values)
    return answers


def clean_attributes(s: Service, answers: dict[str, list[str]]) -> dict[str, object]:
    """The answers checked against the service's definition, as plain JSON values; the
    spec's 400 for a required one missing, a value of the wrong type or an unknown code."""
    known = {a.code: a for a in s.attributes if a.variable}
    unknown = sorted(set(answers) - set(known))
    if unknown:
        raise Open311Error(
            400,
            _("服务“%(service)s”没有附加问题：%(codes)s")
            % {"service": s.name, "codes": "、".join(c[:40] for c in unknown[:10])},
        )
    cleaned: dict[str, object] = {}
    for code, a in known.items():
        values = [v.strip() for v in answers.get(code, []) if v.strip()]
        if not values:
            if a.required:
                raise Open311Error(
                    400,
                    _("缺少必填的附加问题 attribute[%(code)s]（%(question)s）")
                    % {"code": code, "question": a.description},
                )
            continue
        cleaned[code] = _clean_value(a, values)
    return cleaned


def _clean_value(a: AttributeDef, values: list[str]) -> object:
    def refuse(why: str) -> Open311Error:
        return Open311Error(
            400, _("附加问题 attribute[%(code)s]：%(why)s") % {"code": a.code, "why": why}
        )

    if any(len(v) > MAX_VALUE_CHARS for v in values):
        raise refuse(_("最多 %(count)s 个字") % {"count": MAX_VALUE_CHARS})
    if a.datatype == Datatype.MULTI:
        keys = {k for k, _ in a.values}
        if not set(values) <= keys:
            raise refuse(_("可选值为 %(keys)s") % {"keys": "、".join(k for k, _ in a.values)})
        return list(dict.fromkeys(values))
    if len(values) > 1:
        raise refuse(_("只能填写一个值"))
    value = values[0]
    if a.datatype == Datatype.SINGLE:
        if value not in {k for k, _ in a.values}:
            raise refuse(_("可选值为 %(keys)s") % {"keys": "、".join(k for k, _ in a.values)})
        return value
    if a.datatype == Datatype.NUMBER:
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise refuse(_("须为数字"))
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if a.datatype == Datatype.DATETIME:
        moment = parse_moment(value)
        if moment is None:
            raise refuse(_("须为 ISO 8601 日期时间，如 2026-01-01T08:00:00+08:00"))
        return moment.isoformat()
    return value  # string, text


# --- dates ---------------------------------------------------------------------------------


def parse_moment(text: str) -> datetime | None:
    """A w3 / ISO 8601 date-time (a date alone is its midnight); a time without offset is
    local time. None for anything else."""
    text = (text or "").strip()
    if len(text) > 40:
        return None
    try:
        moment = parse_datetime(text.replace(" ", "T", 1) if " " in text else text)
        if moment is None and (day := parse_date(text)):
            moment = datetime(day.year, day.month, day.day)
    except ValueError:
        return None
    if moment is None:
        return None
    if timezone.is_naive(moment):
        try:
            moment = timezone.make_aware(moment)
        except (ValueError, OverflowError):
            return None
    return moment


def w3(moment: datetime | None) -> str | None:
    """A date-time as the spec writes it, with the site's offset (2026-01-01T08:00:00+08:00)."""
    if moment is None:
        return None
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


# --- requests ------------------------------------------------------------------------------

# The columns a request is made of: read with values(), no model instances, no joins but one.
REQUEST_FIELDS = (
    "id",
    "code",
    "status",
    "channel",
    "category_id",
    "description",
    "address",
    "lng",
    "lat",
    "department__name",
    "reported_at",
    "accepted_at",
    "dispatched_at",
    "handled_at",
    "verified_at",
    "closed_at",
    "handle_due",
    "request_type",
)
_STAMPS = ("reported_at", "accepted_at", "dispatched_at", "handled_at", "verified_at", "closed_at")
_STATUS_LABELS = dict(Status.choices)


def status_of(status: str) -> str:
    """Open311's two statuses: a closed phase is closed, everything else open."""
    return "closed" if STATUS_PHASE.get(status) == Phase.CLOSED else "open"


def statuses_for(open311_status: str) -> list[str]:
    """CivicGrid's statuses behind one of Open311's."""
    return [s for s in Status.values if status_of(s) == open311_status]


def public_text(text: str) -> str:
    """A resident's text as the public list shows it: mobile numbers typed into it masked."""
    return _MOBILE_IN_TEXT.sub(lambda m: mask_phone(m.group(0)), text)


def request_out(row: dict, *, notice: str, media_url: str | None, extensions: bool = False) -> dict:
    """One case as a GeoReport v2 request, from a values() row of REQUEST_FIELDS."""
    s = service_of(row["category_id"])
    updated = max(row[f] for f in _STAMPS if row[f] is not None)
    out = {
        "service_request_id": row["code"],
        "status": status_of(row["status"]),
        "status_notes": str(_STATUS_LABELS.get(row["status"], row["status"])),
        "service_name": s.name if s else None,
        # A case not classified yet (or of a retired class) is of no service: "" says so.
        "service_code": s.code if s else "",
        "description": public_text(row["description"]),
        "agency_responsible": row["department__name"],
        "service_notice": notice,
        "requested_datetime": w3(row["reported_at"]),
        "updated_datetime": w3(updated),
        "expected_datetime": w3(row["handle_due"]) if status_of(row["status"]) == "open" else None,
        "address": row["address"] or None,
        "lat": row["lat"],
        "long": row["lng"],
        "media_url": media_url,
    }
    if extensions:
        out["extended_attributes"] = {
            "civicgrid_status": row["status"],
            "civicgrid_status_label": out["status_notes"],
            "civicgrid_phase": str(STATUS_PHASE.get(row["status"], "")),
            "civicgrid_request_type": row["request_type"],
            "civicgrid_channel": row["channel"],
        }
    return {k: v for k, v in out.items() if v is not None}
