"""GET Service Requests: the spec's filters, its default window and limit, read lean.

A page is one query of the case columns (values(), one join for the department's name, a
subquery for the media_url an Open311 client sent), plus one for the public photos of its
closed cases. No model instances, no query per row.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.cases.choices import Status
from civicgrid.cases.models import Case
from civicgrid.lib.codes import TRACKING_RE
from civicgrid.open311 import mapping
from civicgrid.open311.mapping import Open311Error

WINDOW = timedelta(days=90)  # the spec's default span, and the longest one asked for
LIMIT = 1000  # the spec's default number of requests
MAX_PAGE = 100  # extension `page`: deeper than 100,000 requests, narrow the dates instead
MAX_IDS = 1000
_CODE = re.compile(f"^{TRACKING_RE}$")
_FLAG = {"true", "1", "yes"}


@dataclass(frozen=True)
class RequestQuery:
    ids: tuple[str, ...] = ()
    categories: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    page: int = 1
    page_size: int = LIMIT
    extensions: bool = False

    @classmethod
    def parse(cls, params, now=None) -> "RequestQuery":
        """The query a GET asks for; the spec's 400 with a clear description otherwise."""
        now = now or timezone.now()
        extensions = _one(params, "extensions").lower() in _FLAG
        page = _number(params, "page", 1, MAX_PAGE)
        page_size = _number(params, "page_size", LIMIT, LIMIT)
        if ids := _list(params, "service_request_id"):
            if len(ids) > MAX_IDS:
                raise Open311Error(400, _("service_request_id 最多 %(n)s 个") % {"n": MAX_IDS})
            bad = [i for i in ids if not _CODE.match(i)]
            if bad:
                raise Open311Error(
                    400, _("service_request_id 格式不正确：%(id)s") % {"id": bad[0][:40]}
                )
            # The spec: the ids override every other argument.
            return cls(
                ids=tuple(i.upper() for i in ids),
                page_size=LIMIT,
                extensions=extensions,
            )
        categories = tuple(
            mapping.service(code).category_id for code in _list(params, "service_code")
        )
        statuses: list[str] = []
        for value in _list(params, "status"):
            if value.lower() not in ("open", "closed"):
                raise Open311Error(
                    400, _("status 只能为 open 或 closed：%(value)s") % {"value": value[:20]}
                )
            statuses += mapping.statuses_for(value.lower())
        start, end = _moment(params, "start_date"), _moment(params, "end_date")
        if start and end and start > end:
            raise Open311Error(400, _("start_date 不能晚于 end_date"))
        if start and end and end - start > WINDOW:
            raise Open311Error(400, _("start_date 到 end_date 最多 90 天"))
        if start is None:
            end = end or now
            start = end - WINDOW
        elif end is None:
            end = start + WINDOW
        return cls(
            categories=categories,
            statuses=tuple(dict.fromkeys(statuses)),
            start=start,
            end=end,
            page=page,
            page_size=page_size,
            extensions=extensions,
        )

    def rows(self) -> list[dict]:
        """The page of requests, newest first, as values() rows of mapping.REQUEST_FIELDS."""
        found = mapping.annotated(Case.objects.all()).values(*mapping.REQUEST_FIELDS)
        if self.ids:
            return list(found.filter(code__in=self.ids).order_by("-reported_at", "-id")[:MAX_IDS])
        where = Q(reported_at__gte=self.start, reported_at__lte=self.end)
        if self.categories:
            where &= Q(category_id__in=self.categories)
        if self.statuses and len(self.statuses) < len(Status.values):
            where &= Q(status__in=self.statuses)
        first = (self.page - 1) * self.page_size
        return list(
            found.filter(where).order_by("-reported_at", "-id")[first : first + self.page_size]
        )


def requests_out(rows: list[dict], *, base_url: str, extensions: bool = False) -> list[dict]:
    """The rows as the spec's requests; the public photos of closed cases in one query."""
    requests = mapping.Requests(base_url=base_url, extensions=extensions)
    media = f"{base_url}{settings.MEDIA_URL}"
    return [requests.out(r, r["public_photo"] and media + r["public_photo"]) for r in rows]


def _one(params, name: str) -> str:
    return (params.get(name) or "").strip()[:200]


def _list(params, name: str) -> list[str]:
    """A comma-delimited argument, declared once or several times."""
    values = [v for raw in params.getlist(name) for v in raw.split(",")]
    return [v.strip() for v in values if v.strip()]


def _number(params, name: str, default: int, most: int) -> int:
    raw = _one(params, name)
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw[:6]) <= most or len(raw) > 6:
        raise Open311Error(
            400, _("%(name)s 须为 1 到 %(most)s 的整数") % {"name": name, "most": most}
        )
    return int(raw)


def _moment(params, name: str) -> datetime | None:
    raw = _one(params, name)
    if not raw:
        return None
    moment = mapping.parse_moment(raw)
    if moment is None:
        raise Open311Error(
            400,
            _("%(name)s 须为 ISO 8601 日期时间，如 2026-01-01T00:00:00+08:00") % {"name": name},
        )
    return moment
