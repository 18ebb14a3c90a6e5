"""Creating cases, and reading what is private about them."""

import hashlib
import inspect
import json
import math
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.areas import geo, lookup
from civicgrid.cases import events, search
from civicgrid.cases.choices import REQUEST_TYPES, RequestType
from civicgrid.cases.models import Case, CaseEvent, ContactView
from civicgrid.cases.sla import start_stage
from civicgrid.cases.workflow import RULES, InvalidInput, NotAllowed
from civicgrid.catalog.choices import Stage, Urgency
from civicgrid.catalog.suggest import suggest
from civicgrid.lib import instances
from civicgrid.lib.images import MAX_PHOTOS, BadImage, clean_photo
from civicgrid.lib.privacy import normalise_mobile
from civicgrid.lib.text import visible
from civicgrid.people import actions
from civicgrid.people.scopes import can

# Below this the class stays empty and the dispatcher classifies the case when accepting it.
SUGGEST_MIN_CONFIDENCE = 0.5


class OutsideArea(InvalidInput):
    """The point given lies outside the community the report was made in."""


def report_key(client_key: str | None, at=None, **fields) -> str | None:
    """The idempotency key stored on a case: the client's key bound to a digest of what was
    sent (all of report()'s arguments). A retry of the same report finds its case; a different
    report under a used key (a form brought back by the Back button, then edited) is a report of
    its own, as the resident who wrote it expects, and its own retries find it in turn."""
    if not client_key:
        return None
    content = {name: _plain(value) for name, value in fields.items()}
    text = json.dumps([client_key, content], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return len(value)  # photos: a retry sends the same ones, an edited report rarely
    return value


def reported_with(client_key: str | None, **fields) -> Case | None:
    """The case an earlier submission of the same report (report()'s arguments) under this
    key made, if any."""
    if not client_key:
        return None
    bound = inspect.signature(report).bind(client_key=client_key, **fields)
    bound.apply_defaults()  # the digest covers every argument, as report() computes it
    return Case.objects.filter(client_key=report_key(**bound.arguments)).first()


def classify(description: str) -> tuple[object, float] | None:
    """The class the suggester is sure enough of for this text, with its confidence."""
    guesses = suggest(description, limit=1)
    if guesses and guesses[0][1] >= SUGGEST_MIN_CONFIDENCE:
        return guesses[0]
    return None


@dataclass
class Prepared:
    """A report checked, placed and classified, not yet written: its case and first event."""

    case: Case
    event: CaseEvent
    photos: list


def report(
    *,
    channel: str,
    description: str,
    request_type: str = RequestType.COMPLAINT,
    category=None,
    lng: float | None = None,
    lat: float | None = None,
    coord_system: str = geo.WGS84,
    community=None,
    grid=None,
    address: str = "",
    urgency: str = Urgency.NORMAL,
    reporter_name: str = "",
    reporter_phone: str = "",
    photos=(),
    details: dict | None = None,
    actor=None,
    client_key: str | None = None,
    at: datetime | None = None,
) -> Case:
    """Open a case from any channel: place it in its grid, classify it, start its accept
    clock and write its first event. The same report again under the same idempotency key
    returns the first case, with `repeated` true (false on a case made now).

    `details` are what a channel knows beyond the case's fields (Open311 attributes, a hotline
    order's number and unit): kept in the report event's data, a JSON object of plain values.

    It is prepare() then write(): a bulk import prepares each row and writes them with
    write_many(), under the same rules. prepare() takes exactly these arguments (a test holds
    the two signatures equal): a new argument goes to both."""
    return write(prepare(**locals()))


def prepare(
    *,
    channel: str,
    description: str,
    request_type: str = RequestType.COMPLAINT,
    category=None,
    lng: float | None = None,
    lat: float | None = None,
    coord_system: str = geo.WGS84,
    community=None,
    grid=None,
    address: str = "",
    urgency: str = Urgency.NORMAL,
    reporter_name: str = "",
    reporter_phone: str = "",
    photos=(),
    details: dict | None = None,
    actor=None,
    client_key: str | None = None,
    at: datetime | None = None,
) -> Prepared:
    """Check a report, place and classify it, and build its case and report event, unsaved:
    report()'s rules, raising its errors (InvalidInput, OutsideArea, NotAllowed)."""
    stored_key = report_key(**locals())  # first line: locals() are exactly the arguments
    description = (description or "").strip()
    if len(visible(description)) < 4:
        raise InvalidInput(_("请用至少 4 个字描述问题"))
    if request_type not in REQUEST_TYPES:
        raise InvalidInput(_("未知的诉求类型：%(value)s") % {"value": request_type})
    if len(photos) > MAX_PHOTOS:
        raise InvalidInput(_("最多上传 %(count)s 张照片") % {"count": MAX_PHOTOS})
    if actor is not None and not can(actor, RULES["report"].permission):
        raise NotAllowed(_("您没有上报案件的权限"))
    if reporter_phone:
        try:
            reporter_phone = normalise_mobile(reporter_phone)
        except ValueError as exc:
            raise InvalidInput(str(exc)) from exc
    found = None
    if lng is not None and lat is not None:
        try:
            lng, lat = geo.to_wgs84(float(lng), float(lat), coord_system)
        except ValueError as exc:
            raise InvalidInput(str(exc)) from exc
        found = lookup.locate(lng, lat)
        if found is None and community is not None and lookup.outside(community, lng, lat):
            # Filed under the QR code's community, a foreign point would mislead the dispatcher.
            raise OutsideArea(
                _(
                    "您的定位不在“%(name)s”范围内，可能是定位有偏差，或扫描了其他社区的二维码。"
                    "已清除定位：请在“地点”中填写具体地址后重新提交，或重新定位。"
                )
                % {"name": community.name}
            )
    if found is None and grid is not None:
        found = (grid.pk, grid.path)  # no point given: the grid of the QR code scanned
    if found is None and community is None:
        raise InvalidInput(_("无法确定问题所在位置，请在地图上选点或选择社区"))
    try:
        cleaned = [clean_photo(p) for p in photos]
    except BadImage as exc:
        raise InvalidInput(str(exc)) from exc
    data: dict[str, object] = {"channel": channel}
    if details:
        data["details"] = details
    if category is None and (guess := classify(description)):
        category = guess[0]
        data["suggested"] = round(guess[1], 2)
    at = at or timezone.now()
    assert RULES["report"].target  # the report row creates the case in its first status
    case = instances.new(
        Case,
        channel=channel,
        request_type=request_type,
        description=description[:2000],
        category=category,
        grid_id=found[0] if found else None,
        area_path=found[1] if found else community.path,
        lng=lng,
        lat=lat,
        coord_source=coord_system,
        address=address[:200],
        urgency=urgency,
        reporter_name=reporter_name[:50],
        reporter_phone=reporter_phone,
        client_key=stored_key,
        reported_at=at,
        status=RULES["report"].target,
    )
    start_stage(case, Stage.ACCEPT, at)
    event = events.build(
        case,
        "report",
        actor=actor,
        at=at,
        note=case.description,
        public=RULES["report"].public,
        data=data,
    )
    return Prepared(case, event, cleaned)


def write(prepared: Prepared) -> Case:
    """Write one prepared report: the case, its search tokens, its event and photos."""
    case, event = prepared.case, prepared.event
    try:
        with transaction.atomic():
            events.insert(case)
            search.index([(case.pk, case.description, case.address)])
            events.record(
                case,
                "report",
                actor=event.actor,
                at=event.at,
                note=event.note,
                public=event.public,
                data=event.data,
                photos=prepared.photos,
            )
    except IntegrityError:
        # The unique client key finds a retry without a SELECT before every insert: the first
        # submission won, return it.
        stored_key = case.client_key
        if stored_key and (existing := Case.objects.filter(client_key=stored_key).first()):
            existing.repeated = True
            return existing
        raise
    return case


def write_many(prepared: list[Prepared]) -> list[Case]:
    """Write many prepared reports in one transaction, a few statements for all (imports):
    the same rows write() makes. Without idempotency keys or photos: an import is idempotent
    by its own numbers."""
    assert all(p.case.client_key is None and not p.photos for p in prepared)
    with transaction.atomic():
        events.record_reports([(p.case, p.event) for p in prepared])
        search.index((p.case.pk, p.case.description, p.case.address) for p in prepared)
    return [p.case for p in prepared]


def reveal_phone(*, case: Case, user) -> str:
    """The resident's full phone number, for those allowed, and logged every time."""
    if not can(user, actions.CASE_VIEW_CONTACT, case):
        raise NotAllowed(_("您没有查看市民完整联系方式的权限"))
    ContactView.objects.create(case=case, user=user)
    return case.reporter_phone


def load_response_templates(path=None) -> int:
    """Add the shipped response templates that are not there yet; edits in admin are kept."""
    import csv
    from pathlib import Path

    from civicgrid.cases.models import ResponseTemplate

    path = path or Path(__file__).parent / "data" / "response_templates.csv"
    added = 0
    with open(path, encoding="utf-8") as f:
        for rank, row in enumerate(csv.DictReader(f)):
            _, created = ResponseTemplate.objects.get_or_create(
                action=row["action"],
                title=row["title"],
                defaults={"text": row["text"], "rank": rank},
            )
            added += created
    return added


def nearby_open(*, category, lng: float, lat: float, radius_m=300, limit=5) -> list[Case]:
    """Open cases of the same class within radius_m of a point, nearest first (已有人反映).

    A bounding box on lng/lat narrows the query; the exact distance is set on each case as
    `distance_m`. Cases merged into another are not open, so they never show.
    """
    if category is None or lng is None or lat is None:
        return []
    dlat = math.degrees(radius_m / geo.EARTH_RADIUS_M)
    dlng = dlat / max(0.01, math.cos(math.radians(lat)))
    candidates = (
        Case.objects.open()
        .filter(
            category=category,
            lng__range=(lng - dlng, lng + dlng),
            lat__range=(lat - dlat, lat + dlat),
        )
        .select_related("category")[:200]
    )
    found = []
    for case in candidates:
        assert case.lng is not None and case.lat is not None  # the ranges exclude null
        case.distance_m = geo.haversine_m(lng, lat, case.lng, case.lat)
        if case.distance_m <= radius_m:
            found.append(case)
    found.sort(key=lambda c: (c.distance_m, -c.supporter_count))
    return found[:limit]
