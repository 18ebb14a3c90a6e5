"""Special enforcement campaigns 专项执法行动: planned from where cases cluster, counted from the
cases and tasks they link."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.cases.choices import Channel, Status
from civicgrid.cases.enforcement.services import measures_for
from civicgrid.cases.models import Case
from civicgrid.cases.tallies import community_path
from civicgrid.catalog.models import Category
from civicgrid.field.assignments import InvalidInput, NotAllowed, display_name, people_in_scope
from civicgrid.field.choices import LinkKind, TargetStatus
from civicgrid.field.models import AssignmentTarget, Campaign, CampaignCase
from civicgrid.lib.text import visible
from civicgrid.people import actions
from civicgrid.people.scopes import can, scope_filter, under

PLAN_ROWS = 60
NOT_FOUND = (Status.REJECTED, Status.MERGED)
MAX_PERIOD_DAYS = 366


@dataclass
class Cell:
    """One class x channel x community count of the planning table."""

    category: Category
    channel: str
    community: Area
    count: int

    @property
    def channel_label(self) -> str:
        return str(dict(Channel.choices).get(self.channel, self.channel))


def _bounds(since: date, until: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(since, time.min), zone)
    return start, timezone.make_aware(datetime.combine(until + timedelta(days=1), time.min), zone)


def plan_table(
    *, user, since: date, until: date, area: Area | None = None, limit: int = PLAN_ROWS
) -> list[Cell]:
    """Case counts by class x channel x community over a period, top cells first.

    One grouped query over the case table (by class, channel and the case's area path); the
    paths fold into their communities here, as cases/tallies.py does."""
    if until < since:
        raise InvalidInput(_("结束日期不能早于开始日期"))
    if (until - since).days > MAX_PERIOD_DAYS:
        raise InvalidInput(_("统计时段最长一年"))
    start, end = _bounds(since, until)
    cases = Case.objects.visible_to(user).filter(
        scope_filter(user, actions.CAMPAIGN_MANAGE, area_field="area_path", department=None),
        reported_at__gte=start,
        reported_at__lt=end,
        category__isnull=False,
    )
    if area is not None:
        cases = cases.filter(under("area_path", area.path))
    rows = cases.order_by().values("category", "channel", "area_path").annotate(n=Count("pk"))
    folded: Counter = Counter()
    for r in rows:
        folded[(r["category"], r["channel"], community_path(r["area_path"]))] += r["n"]
    top = sorted(folded.items(), key=lambda kv: (-kv[1], kv[0][2], kv[0][0], kv[0][1]))[:limit]
    categories = Category.objects.in_bulk({k[0] for k, _n in top})
    communities = {
        a.path: a
        for a in Area.objects.filter(path__in={k[2] for k, _n in top}, level=Level.COMMUNITY)
    }
    return [
        Cell(categories[c], ch, communities[p], n)
        for (c, ch, p), n in top
        if c in categories and p in communities
    ]


def visible_campaigns(user) -> QuerySet[Campaign]:
    """Campaigns in the user's campaign.manage scope, and those they or their station join."""
    managed = scope_filter(user, actions.CAMPAIGN_MANAGE, area_field="area__path", department=None)
    joined = Campaign.objects.filter(Q(members=user) | Q(workstations__roster__user=user)).values(
        "pk"
    )
    return Campaign.objects.filter(managed | Q(pk__in=joined)).select_related("area")


def _clean(
    *, actor, name, area, areas, categories, channels, starts_on, ends_on, members, workstations
):
    name = (name or "").strip()
    if not visible(name):
        raise InvalidInput(_("请填写行动名称"))
    if not can(actor, actions.CAMPAIGN_MANAGE, area):
        raise NotAllowed(_("组织单位辖区不在您的管辖范围内"))
    if ends_on < starts_on:
        raise InvalidInput(_("结束日期不能早于开始日期"))
    areas, categories = list(areas), list(categories)
    if not areas:
        raise InvalidInput(_("请选择行动范围（社区或街道）"))
    if not categories:
        raise InvalidInput(_("请选择至少一个整治类别"))
    outside = [a.name for a in areas if not a.path.startswith(area.path)]
    if outside:
        raise InvalidInput(_("行动范围超出组织单位辖区：%(names)s") % {"names": "、".join(outside)})
    unknown = sorted(set(channels) - set(Channel.values))
    if unknown:
        raise InvalidInput(_("未知来源渠道：%(names)s") % {"names": "、".join(unknown)})
    members = list(members)
    if members:
        inside = set(
            people_in_scope(actor, actions.CAMPAIGN_MANAGE)
            .filter(pk__in=[u.pk for u in members])
            .values_list("pk", flat=True)
        )
        outside = [display_name(u) for u in members if u.pk not in inside]
        if outside:
            raise NotAllowed(
                _("参与人员不在您的管辖范围内：%(names)s") % {"names": "、".join(outside)}
            )
    for station in workstations:
        if not station.community.path.startswith(area.path):
            raise NotAllowed(_("工作站“%(name)s”不在组织单位辖区内") % {"name": station.name})
    return name[:100], areas, categories, sorted(set(channels)), members


def create(
    *,
    actor,
    name: str,
    area: Area,
    areas: Iterable[Area],
    categories: Iterable[Category],
    channels: Iterable[str] = (),
    starts_on: date,
    ends_on: date,
    target_closed: int = 0,
    target_tasks: int = 0,
    target_measures: int = 0,
    members: Iterable = (),
    workstations: Iterable = (),
    notes: str = "",
) -> Campaign:
    """Set up a campaign and link the cases already matching it."""
    workstations = list(workstations)
    name, areas, categories, channels, members = _clean(
        actor=actor,
        name=name,
        area=area,
        areas=areas,
        categories=categories,
        channels=list(channels),
        starts_on=starts_on,
        ends_on=ends_on,
        members=members,
        workstations=workstations,
    )
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=name,
            area=area,
            channels=channels,
            starts_on=starts_on,
            ends_on=ends_on,
            target_closed=max(target_closed or 0, 0),
            target_tasks=max(target_tasks or 0, 0),
            target_measures=max(target_measures or 0, 0),
            notes=(notes or "").strip()[:3000],
            created_by=actor,
        )
        campaign.areas.set(areas)
        campaign.categories.set(categories)
        campaign.members.set(members)
        campaign.workstations.set(workstations)
        link_matching(campaign=campaign)
    return campaign


def matching_cases(campaign: Campaign) -> QuerySet[Case]:
    """Cases of the campaign's classes (and channels, if any) in its areas and period."""
    start, end = _bounds(campaign.starts_on, campaign.ends_on)
    where = Q()
    for area in campaign.areas.all():
        where |= under("area_path", area.path)
    if not where:
        return Case.objects.none()
    cases = Case.objects.filter(
        where,
        category__in=campaign.categories.all(),
        reported_at__gte=start,
        reported_at__lt=end,
    ).exclude(status=Status.MERGED)
    if campaign.channels:
        cases = cases.filter(channel__in=campaign.channels)
    return cases


def link_matching(*, campaign: Campaign) -> int:
    """Link the matching cases not linked yet; how many were added."""
    linked = CampaignCase.objects.filter(campaign=campaign).values("case_id")
    ids = list(matching_cases(campaign).exclude(pk__in=linked).values_list("pk", flat=True))
    CampaignCase.objects.bulk_create(
        [CampaignCase(campaign=campaign, case_id=pk, kind=LinkKind.AUTO) for pk in ids],
        ignore_conflicts=True,
    )
    return len(ids)


def link_running(today: date | None = None) -> int:
    """Link new matching cases to every campaign running (or ended yesterday); for the sweep."""
    today = today or timezone.localdate()
    running = Campaign.objects.filter(starts_on__lte=today, ends_on__gte=today - timedelta(days=1))
    return sum(link_matching(campaign=c) for c in running)


def link_case(*, actor, campaign: Campaign, case: Case) -> CampaignCase:
    """Link one case by hand (from the case page): the case must be visible to the actor."""
    if not can(actor, actions.CAMPAIGN_MANAGE, campaign):
        raise NotAllowed(_("您没有管理这项专项行动的权限"))
    if not can(actor, actions.CASE_VIEW, case):
        raise NotAllowed(_("案件不在您的管辖范围内"))
    link, created = CampaignCase.objects.get_or_create(
        campaign=campaign, case=case, defaults={"kind": LinkKind.HAND, "linked_by": actor}
    )
    if not created:
        raise InvalidInput(_("该案件已关联到这项专项行动"))
    return link


def count_measures(case_ids: QuerySet | list[int]) -> int:
    """Enforcement measures taken on these cases, as the enforcement tier counts them."""
    return sum(measures_for(Case.objects.filter(pk__in=case_ids)).values())


@dataclass
class Results:
    """What a campaign produced, counted against its targets."""

    found: int
    closed: int
    closed_on_time: int
    open_overdue: int
    tasks: int
    tasks_done: int
    measures: int
    target_closed: int
    target_tasks: int
    target_measures: int

    @staticmethod
    def percent(done: int, target: int) -> int | None:
        return min(100, round(100 * done / target)) if target else None

    @property
    def closed_percent(self):
        return self.percent(self.closed, self.target_closed)

    @property
    def tasks_percent(self):
        return self.percent(self.tasks_done, self.target_tasks)

    @property
    def measures_percent(self):
        return self.percent(self.measures, self.target_measures)

    @property
    def on_time_rate(self) -> int | None:
        return round(100 * self.closed_on_time / self.closed) if self.closed else None


def linked_cases(campaign: Campaign) -> QuerySet[Case]:
    return Case.objects.filter(
        pk__in=CampaignCase.objects.filter(campaign=campaign).values("case_id")
    )


def results(*, campaign: Campaign) -> Results:
    """Cases found, closed, closed on time (never overdue), tasks done and measures taken."""
    ids = CampaignCase.objects.filter(campaign=campaign).values("case_id")
    # A rejected or merged case was no problem of its own: it stays linked but is not counted.
    counts = (
        Case.objects.filter(pk__in=ids)
        .exclude(status__in=NOT_FOUND)
        .aggregate(
            found=Count("pk"),
            closed=Count("pk", filter=Q(status=Status.CLOSED)),
            on_time=Count("pk", filter=Q(status=Status.CLOSED, overdue_count=0)),
            overdue=Count(
                "pk",
                filter=Q(clock="overdue")
                & ~Q(status__in=[Status.CLOSED, Status.REJECTED, Status.MERGED]),
            ),
        )
    )
    targets = AssignmentTarget.objects.filter(assignment__campaign=campaign).aggregate(
        n=Count("pk"), done=Count("pk", filter=Q(status=TargetStatus.APPROVED))
    )
    return Results(
        found=counts["found"],
        closed=counts["closed"],
        closed_on_time=counts["on_time"],
        open_overdue=counts["overdue"],
        tasks=targets["n"],
        tasks_done=targets["done"],
        measures=count_measures(ids),
        target_closed=campaign.target_closed,
        target_tasks=campaign.target_tasks,
        target_measures=campaign.target_measures,
    )


def campaigns_for_case(*, user, case: Case) -> tuple[list[Campaign], list[Campaign]]:
    """The campaigns a case counts for, and the running ones the user may add it to."""
    linked = list(Campaign.objects.filter(links__case=case).order_by("-starts_on"))
    if not can(user, actions.CAMPAIGN_MANAGE):
        return linked, []
    today = timezone.localdate()
    open_ = (
        visible_campaigns(user)
        .filter(ends_on__gte=today - timedelta(days=30))
        .exclude(pk__in=[c.pk for c in linked])
    )
    return linked, [c for c in open_ if can(user, actions.CAMPAIGN_MANAGE, c)]
