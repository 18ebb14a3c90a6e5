"""CivicGrid's nouns in Open311 GeoReport v2 terms: services, attributes, requests, statuses.

A service is an active minor class of the catalog (its major class is the `group`), its
attributes the rows of `open311.Attribute`; a service request is a case, seen only through
its public fields: never a reporter's name or phone, never a staff member.
"""

import math
import re
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case as DbCase
from django.db.models import CharField, OuterRef, Subquery, When
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from civicgrid.cases.choices import STATUS_PHASE, Channel, Phase, PhotoKind, Status
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
        major = majors.get(c.parent_id or 0)
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
    return catalogue.get().services


def service(code: str) -> Service:
    """The service of this code; 404 for one not offered."""
    found = catalogue.get().by_code.get(code)
    if found is None:
        raise Open311Error(404, _("未找到服务类型 service_code：%(code)s") % {"code": code[:40]})
    return found


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


# --- requests ------------------------------------------------------------------------------

# The columns a request is made of: read with values(), no model instances, one join (the
# department's name). `updated_at` is computed by the database (the latest stamp), so a row
# converts three date-times, not seven.
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
    "updated_at",
    "given_media_url",
    "public_photo",
    "request_type",
)
_STAMPS = ("accepted_at", "dispatched_at", "handled_at", "verified_at", "closed_at")


def annotated(queryset):
    """Cases with what a request shows beyond their columns: `updated_at`, the latest of
    their stage stamps (GREATEST skips no NULL on SQLite, hence each stamp falls back to the
    report time), and `given_media_url`, the media_url an Open311 client sent (kept on the
    report event: a subquery for that channel's cases only, no list of ids sent back), and
    `public_photo`, the first before-photo of a closed case: the public pair the tracking page
    shows anyone (an open case's photos can show faces, plates or a home: none for them),
    found by the case's own index instead of a second query with a thousand ids."""
    from civicgrid.cases.models import Attachment, CaseEvent

    stamps = [Coalesce(f, "reported_at") for f in _STAMPS]
    given = (
        CaseEvent.objects.filter(case=OuterRef("pk"), action="report")
        .order_by()  # one report event per case: no sort for each row
        .values(url=KT("data__details__media_url"))[:1]  # as text on both databases
    )
    first_photo = (
        Attachment.objects.filter(case=OuterRef("pk"), kind=PhotoKind.BEFORE)
        .order_by("uploaded_at", "pk")
        .values("image")[:1]
    )
    return queryset.annotate(
        updated_at=Greatest("reported_at", *stamps),
        public_photo=DbCase(
            When(status=Status.CLOSED, then=Subquery(first_photo, output_field=CharField())),
            default=None,
            output_field=CharField(),
        ),
        given_media_url=DbCase(
            When(channel=Channel.OPEN311, then=Subquery(given, output_field=CharField())),
            default=None,
            output_field=CharField(),
        ),
    )


def status_of(status: str) -> str:
    """Open311's two statuses: a closed phase is closed, everything else open."""
    return "closed" if STATUS_PHASE.get(status) == Phase.CLOSED else "open"


def statuses_for(open311_status: str) -> list[str]:
    """CivicGrid's statuses behind one of Open311's."""
    return [s for s in Status.values if status_of(s) == open311_status]


def public_text(text: str) -> str:
    """A resident's text as the public list shows it: mobile numbers typed into it masked."""
    if not _MAY_HOLD_MOBILE.search(text):
        return text
    return _MOBILE_IN_TEXT.sub(lambda m: mask_phone(m.group(0)), text)


_MAY_HOLD_MOBILE = re.compile(r"1[3-9]\d{9}")


class Requests:
    """Cases as GeoReport v2 requests, from values() rows of REQUEST_FIELDS. What every row
    shares (the catalogue, the time zone, the translated labels) is looked up once."""

    def __init__(self, *, base_url: str, extensions: bool = False):
        self.by_category = catalogue.get().by_category
        self.tz = timezone.get_current_timezone()
        self.labels = {code: str(label) for code, label in Status.choices}
        self.phases = {code: str(phase) for code, phase in STATUS_PHASE.items()}
        self.open = {code: status_of(code) for code in Status.values}
        self.notice = _("办理进度：%(url)s") % {"url": f"{base_url}/t/@@/"}
        self.extensions = extensions

    def w3(self, moment: datetime) -> str:
        return moment.astimezone(self.tz).isoformat(timespec="seconds")

    def out(self, row: dict, photo_url: str | None = None) -> dict:
        s = self.by_category.get(row["category_id"])
        status, code = row["status"], row["code"]
        requested = self.w3(row["reported_at"])
        updated = row["updated_at"]
        out = {
            "service_request_id": code,
            "status": self.open.get(status, "open"),
            "status_notes": self.labels.get(status, status),
            # A case not classified yet (or of a retired class) is of no service: "" says so.
            "service_code": s.code if s else "",
            "description": public_text(row["description"]),
            "service_notice": self.notice.replace("@@", code),
            "requested_datetime": requested,
            # Most cases in a window are still where they were reported: no second conversion.
            "updated_datetime": (
                requested if updated is None or updated == row["reported_at"] else self.w3(updated)
            ),
        }
        # Absent, not null, when unknown: media_url above all is a URL or nothing (issue 11).
        if s:
            out["service_name"] = s.name
        if row["department__name"]:
            out["agency_responsible"] = row["department__name"]
        if row["address"]:
            out["address"] = row["address"]
        if row["lat"] is not None and row["lng"] is not None:
            out["lat"], out["long"] = row["lat"], row["lng"]
        if media_url := row["given_media_url"] or photo_url:
            out["media_url"] = media_url
        if self.extensions:
            out["extended_attributes"] = {
                "civicgrid_status": status,
                "civicgrid_status_label": out["status_notes"],
                "civicgrid_phase": self.phases.get(status, ""),
                "civicgrid_request_type": row["request_type"],
                "civicgrid_channel": row["channel"],
            }
        return out
