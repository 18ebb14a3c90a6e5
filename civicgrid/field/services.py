"""The field worker's task list: what this user should go and do, nearest first."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from civicgrid.areas.geo import haversine_m, wgs84_to_gcj02
from civicgrid.cases.choices import HANDLING_STATUSES, Status, Tier
from civicgrid.cases.enforcement.rules import enforcement_of
from civicgrid.cases.models import Case, case_scope
from civicgrid.people import actions

MAX_TASKS = 200
# Workflow actions a phone page offers; everything else stays on the full case page.
FIELD_ACTIONS = (
    "start",
    "finish",
    "verify",
    "rework",
    "report_in",
    "enforce",
    "measure",
    "recheck",
)


@dataclass
class Task:
    """One case on the task list, with what the phone needs to show about it."""

    case: Case
    kind: str  # "handle", "verify" or "recheck" (an order to correct to re-check)
    clock: str
    distance_m: int | None

    @property
    def beyond_radius(self) -> bool:
        return self.distance_m is not None and self.distance_m > settings.CIVICGRID_VERIFY_RADIUS_M

    @property
    def geo_uri(self) -> str:
        """RFC 5870 geo: URI (WGS-84), opened by the phone's own map app."""
        return f"geo:{self.case.lat:.6f},{self.case.lng:.6f}" if self.case.lat is not None else ""

    @property
    def amap_uri(self) -> str:
        """AMap's marker page; AMap expects GCJ-02, so the point is converted here."""
        if self.case.lat is None or self.case.lng is None:
            return ""
        lng, lat = wgs84_to_gcj02(self.case.lng, self.case.lat)
        return f"https://uri.amap.com/marker?position={lng:.6f},{lat:.6f}&name={self.case.code}"


def distance_to(case: Case, lng: float | None, lat: float | None) -> int | None:
    """Metres from a phone's position to the case point, or None when either is unknown."""
    if lng is None or lat is None or case.lng is None or case.lat is None:
        return None
    return round(haversine_m(case.lng, case.lat, lng, lat))


# An order to correct 责令改正 waiting for its re-check: its deadline is the case's due_at.
RECHECK_DUE = Q(
    status=Status.IN_PROGRESS,
    enforcement__deadline__isnull=False,
    enforcement__rechecked_at__isnull=True,
)


def _kind(case: Case) -> str:
    if case.status == Status.HANDLED:
        return "verify"
    record = enforcement_of(case) if case.tier == Tier.ENFORCEMENT else None
    return "recheck" if record is not None and record.recheck_pending else "handle"


def my_tasks(
    *, user, lng: float | None = None, lat: float | None = None, now: datetime | None = None
) -> list[Task]:
    """Cases to handle for the user's department and handled cases to verify in their area."""
    now = now or timezone.now()
    handle = case_scope(user, actions.CASE_HANDLE) & Q(status__in=HANDLING_STATUSES)
    verify = case_scope(user, actions.CASE_VERIFY) & Q(status=Status.HANDLED)
    recheck = case_scope(user, actions.CASE_ENFORCE) & RECHECK_DUE
    cases = (
        Case.objects.visible_to(user)
        .filter(handle | verify | recheck)
        .select_related("category", "grid", "department", "enforcement")
        .by_deadline()[:MAX_TASKS]
    )
    tasks = [
        Task(
            case=c,
            kind=_kind(c),
            clock=c.clock_at(now),
            distance_m=distance_to(c, lng, lat),
        )
        for c in cases
    ]
    if lng is not None and lat is not None:
        # Stable sort: equal or unknown distances keep the deadline order.
        tasks.sort(key=lambda t: (t.distance_m is None, t.distance_m or 0))
    return tasks
