"""Volunteers of the demo city: a few volunteers and two social supervisors per community,
three months of activities and points, two supervisor reports in today's inbox, and the
stations' trainings and 双报到 days. Deterministic (a fixed seed), idempotent."""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from civicgrid.cases import services as case_services
from civicgrid.cases.choices import Channel
from civicgrid.catalog.models import Category
from civicgrid.demo.city import person_name
from civicgrid.volunteers import services, training
from civicgrid.volunteers.choices import ActivityKind, PersonKind, PersonStatus, TrainingKind
from civicgrid.volunteers.models import Training, Volunteer
from civicgrid.volunteers.rules import ensure_rules

SKILLS = ["法律咨询", "摄影", "垃圾分类宣传", "文明劝导", "心理疏导", "电工维修", "书法", ""]
SERVICES = [
    ("文明劝导：占道经营", ActivityKind.SERVICE, "2"),
    ("垃圾分类桶边督导", ActivityKind.SERVICE, "1.5"),
    ("以案普法宣传", ActivityKind.EVENT, "2"),
    ("法治宣传进小区", ActivityKind.EVENT, "3"),
    ("随网格员夜间巡查", ActivityKind.PATROL, "2"),
    ("清理小广告", ActivityKind.SERVICE, "2.5"),
]
TRAININGS = [
    ("城市管理法规业务培训", TrainingKind.BUSINESS, "3", "区城管局法规科"),
    ("规范执法文明执法培训", TrainingKind.ENFORCEMENT, "2", "区执法大队"),
    ("党员进社区双报到", TrainingKind.PARTY, "4", "社区党委"),
]


@transaction.atomic
def seed(city) -> list[Volunteer]:
    """The registry and its history; nothing when the demo already has volunteers."""
    ensure_rules()
    if Volunteer.objects.exists():
        return []
    rng = random.Random(15)
    today = timezone.localdate()
    people: list[Volunteer] = []
    for n, community in enumerate(city.communities):
        head = city.heads[community.pk]
        made = _registry(rng, n, community)
        people += made
        for person in made:
            if person.status == PersonStatus.ACTIVE:
                _history(rng, person, head, today)
        _trainings(rng, city, community, head, made, today)
    _supervisor_reports(city, people, today)
    return people


def _registry(rng, n: int, community) -> list[Volunteer]:
    made = []
    for i in range(6):
        supervisor = i < 2
        made.append(
            Volunteer.objects.create(
                community=community,
                name=person_name(500 + 7 * n + i),
                phone=f"137{n:03d}{i:02d}{rng.randrange(100, 999)}",
                kind=PersonKind.SUPERVISOR if supervisor else PersonKind.VOLUNTEER,
                skills=rng.choice(SKILLS),
                joined_on=timezone.localdate() - timedelta(days=rng.randrange(120, 900)),
                status=PersonStatus.PENDING if i == 5 else PersonStatus.ACTIVE,
                badge_no=f"JD{community.code[-4:]}{i + 1:03d}" if supervisor else "",
                applied_online=i == 5,
            )
        )
    return made


def _history(rng, person, head, today) -> None:
    for _ in range(rng.randrange(2, 5)):
        title, kind, hours = rng.choice(SERVICES)
        day = today - timedelta(days=rng.randrange(1, 90))
        services.record(
            volunteer=person, actor=head, day=day, title=title, kind=kind, hours=Decimal(hours)
        )


def _trainings(rng, city, community, head, people, today) -> None:
    worker = city.grid_workers.get(community.pk)
    staff = [u.staff for u in (head, worker) if u is not None and hasattr(u, "staff")]
    active = [p for p in people if p.status == PersonStatus.ACTIVE]
    for back, (title, kind, hours, trainer) in zip((40, 20, 1), TRAININGS, strict=True):
        held = Training.objects.create(
            community=community,
            title=title,
            kind=kind,
            day=today - timedelta(days=back + rng.randrange(0, 3)),
            hours=Decimal(hours),
            trainer=trainer,
            created_by=head,
        )
        volunteers = active[:3] if kind != TrainingKind.ENFORCEMENT else []
        training.add_attendees(training=held, staff=staff, volunteers=volunteers)


def _supervisor_reports(city, people, today) -> None:
    """Two supervisors of the first street report today: their cases carry the mark."""
    street = city.streets[0]
    supervisors = [
        p
        for p in people
        if p.kind == PersonKind.SUPERVISOR
        and p.status == PersonStatus.ACTIVE
        and p.area_path.startswith(street.path)
    ][:2]
    texts = ["人行道上有人长期占道摆摊卖菜，影响通行", "小区门口电线杆上贴满小广告"]
    category = Category.objects.filter(kind="matter", code="06010").first()
    for person, text in zip(supervisors, texts, strict=False):
        grid = next(g for g in city.grids if g.path.startswith(person.area_path))
        case = case_services.report(
            channel=Channel.QR,
            description=text,
            category=category,
            lng=grid.centroid_lng,
            lat=grid.centroid_lat,
            reporter_name=person.name,
            reporter_phone=person.phone,
        )
        services.record(
            volunteer=person,
            actor=city.heads[person.community_id],
            day=today,
            title=text[:30],
            kind=ActivityKind.REPORT,
            hours=0,
            case=case,
        )
