"""What the public community page shows: figures a resident can read, and solved cases."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.models import Area
from civicgrid.cases import tallies
from civicgrid.cases.choices import PhotoKind, Status
from civicgrid.cases.models import Attachment, Case
from civicgrid.community.models import Event, LawStory, Notice
from civicgrid.community.posters import roster
from civicgrid.consult.services import public_topics
from civicgrid.consult.surveys import public_surveys
from civicgrid.council.summary import council_summary
from civicgrid.field.duty import on_duty_today
from civicgrid.people.models import Workstation
from civicgrid.people.scopes import under
from civicgrid.shops.board import lists_for

FIGURE_WINDOW_DAYS = 90  # on-time share and rating: cases closed on this many past days and today
SOLVED_SHOWN = 6
TYPICAL_SHOWN = 3
PAST_SHOWN = 3


@dataclass
class Figures:
    """Simple figures a resident can read at a glance."""

    reports_this_month: int
    closed: int
    closed_on_time: int
    rated: int
    average_rating: float | None

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.closed_on_time / self.closed) if self.closed else None


def figures(*, community: Area, now: datetime | None = None) -> Figures:
    """Reports this month; on-time share and average rating of cases closed lately.

    From the stored per-day counts (cases/tallies.py): a few dozen rows, not every case.
    """
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    month = tallies.sums(community_path=community.path, since=today.replace(day=1))
    closed = tallies.sums(
        community_path=community.path, since=today - timedelta(days=FIGURE_WINDOW_DAYS)
    )
    rated = closed["rated"]
    return Figures(
        reports_this_month=month["reported"],
        closed=closed["closed"],
        closed_on_time=closed["closed_on_time"],
        rated=rated,
        average_rating=round(closed["rating_total"] / rated, 1) if rated else None,
    )


@dataclass
class SolvedCase:
    """A closed case as the public may see it: no description, names, phones or address."""

    category: str
    place: str
    closed_at: datetime | None
    before: list[str]
    after: list[str]


def anonymised(case: Case, *, place_of_community: str, before, after) -> SolvedCase:
    """A closed case with the photos to show, as the public may see it (typical cases too)."""
    return SolvedCase(
        category=case.category.name if case.category else str(_("其他问题")),
        place=case.grid.name if case.grid else place_of_community,
        closed_at=case.closed_at,
        before=[a.image.url for a in before][:1],
        after=[a.image.url for a in after][:1],
    )


def solved_cases(*, community: Area, limit: int = SOLVED_SHOWN) -> list[SolvedCase]:
    """The latest closed cases of a community, anonymised, with before/after photos."""
    photos = Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "pk"))
    cases = (
        # Latest closing first over case_status_closed, the area tested on the index entries.
        Case.objects.filter(under("area_path", community.path), status=Status.CLOSED)
        .select_related("category", "grid")
        .prefetch_related(photos)
        .order_by("-closed_at")[:limit]
    )
    return [
        anonymised(
            c,
            place_of_community=community.name,
            before=[a for a in c.attachments.all() if a.kind == PhotoKind.BEFORE],
            after=[a for a in c.attachments.all() if a.kind == PhotoKind.AFTER],
        )
        for c in cases
    ]


def _typical(community: Area) -> list:
    from civicgrid.stations.showcase import public_list  # stations sits on top of community

    return public_list(community=community, limit=TYPICAL_SHOWN)


def community_page(*, community: Area, now: datetime | None = None) -> dict:
    """What the public community page shows."""
    now = now or timezone.now()
    workstation = Workstation.objects.filter(community=community).first()
    return {
        "community": community,
        "workstation": workstation,
        "roster": roster(community),
        "on_duty": on_duty_today(community, timezone.localdate(now)),
        "notices": list(Notice.objects.filter(community=community).current(now)[:5]),
        "events": list(
            Event.objects.published().filter(community=community, starts_at__gte=now)[:5]
        ),
        "past_events": list(
            Event.objects.published()
            .filter(community=community, starts_at__lt=now, reported_at__isnull=False)
            .order_by("-starts_at")[:PAST_SHOWN]
        ),
        "stories": list(
            LawStory.objects.filter(community=community, status="published", published_at__lte=now)[
                :TYPICAL_SHOWN
            ]
        ),
        "solved": solved_cases(community=community),
        "typical": _typical(community),
        "figures": figures(community=community, now=now),
        "consultations": [t for t in public_topics(community=community) if t.is_open],
        "surveys": public_surveys(community),
        "shop_lists": lists_for(community, limit=3),
        "council": council_summary(community),
        "report_url": reverse("intake:report", kwargs={"community_code": community.code}),
    }
