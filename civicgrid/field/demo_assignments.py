"""The demo city's field work this week: tasks in every state and one running campaign,
占道经营专项整治 of the first street, with the cases it found linked."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from civicgrid.catalog.models import Category
from civicgrid.demo.photos import photo
from civicgrid.field import assignments, campaigns
from civicgrid.field.models import Assignment, Campaign
from civicgrid.people.models import Workstation

CAMPAIGN = "占道经营专项整治"


def _day(days: int, hour: int) -> datetime:
    """`days` from today at `hour`: a deadline."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _at(days: int, hour: int) -> datetime:
    """A moment of the week's history: `days` from today at `hour`, never in the future."""
    return min(_day(days, hour), timezone.now() - timedelta(minutes=5))


def _campaign(city) -> Campaign:
    street = city.streets[0]
    today = timezone.localdate()
    classes = Category.objects.filter(kind="matter", code__in=["09005", "09006"])
    return campaigns.create(
        actor=city.users["leader"],  # the district's squads join: beyond a street's scope
        name=f"{street.name}{CAMPAIGN}",
        area=street,
        areas=[c for c in city.communities if c.parent_id == street.pk],
        categories=list(classes),
        starts_on=today - timedelta(days=20),
        ends_on=today + timedelta(days=10),
        target_closed=30,
        target_tasks=8,
        target_measures=15,
        members=city.handlers.get("enforcement1", []),
        workstations=list(Workstation.objects.filter(community__parent=street)),
        notes="重点整治农贸市场周边、学校门口流动摊贩和店外经营；首违教育劝导，屡教不改依法处罚。",
    )


def _walk(task, user, steps) -> None:
    row = task.targets.get(assignee=user)
    for action, day, hour, note in steps:
        extra = {"photos": [photo("after", seed=task.pk)]} if action == "finish" else {}
        actor = task.sender if action in ("approve", "return") else user
        lng, lat = (
            (task.area.centroid_lng, task.area.centroid_lat) if action != "accept" else (None, None)
        )
        assignments.act(
            target=row,
            actor=actor,
            action=action,
            note=note,
            now=_at(day, hour),
            lng=lng,
            lat=lat,
            **extra,
        )


def seed(city) -> list[Assignment]:
    """Five tasks of this week and the campaign; running it again changes nothing."""
    street = city.streets[0]
    if Campaign.objects.filter(name=f"{street.name}{CAMPAIGN}").exists():
        return []
    campaign = _campaign(city)
    first, second = city.communities[0], city.communities[1]
    head, grid = city.heads[first.pk], city.grid_workers[first.pk]
    officers = city.handlers.get("enforcement1", [])
    leader = city.users["leader"]
    made = []

    def send(actor, title, details, *, sent, due, people=(), **kwargs):
        task = assignments.assign(
            actor=actor,
            title=title,
            details=details,
            deadline=due,
            assignees=list(people),
            now=sent,
            **kwargs,
        )
        made.append(task)
        return task

    shops = send(
        head,
        "西津路沿街店铺门前三包检查",
        "逐户检查西津路沿街店铺门前三包责任书张贴和落实情况，发现店外经营当场劝导并拍照反馈。",
        sent=_at(-3, 9),
        due=_at(-3, 9) + timedelta(days=4),
        people=[grid],
        campaign=campaign,
        area=first,
    )
    _walk(
        shops,
        grid,
        [
            ("accept", -3, 10, ""),
            ("progress", -2, 11, "已检查 1-21 号 14 户，2 户店外经营已劝导整改。"),
            (
                "finish",
                -1,
                16,
                "28 户全部检查完毕，门前三包责任书均已张贴；3 户店外经营已现场整改。",
            ),
        ],
    )
    market = send(
        leader,
        "农贸市场周边占道经营夜查",
        "本周三晚 19:00-21:30 对农贸市场北侧路段开展占道经营夜查，"
        "首违教育劝导，拒不整改的依法处理。",
        sent=_at(-4, 15),
        due=_at(-4, 15) + timedelta(days=2),
        people=officers[:2],
        campaign=campaign,
        area=street,
    )
    if officers:
        _walk(
            market,
            officers[0],
            [
                ("accept", -4, 16, ""),
                ("finish", -3, 21, "夜查劝离流动摊贩 9 处，教育劝导 6 起，2 起拒不整改已立案。"),
                ("approve", -2, 9, ""),
            ],
        )
    if len(officers) > 1:
        _walk(
            market,
            officers[1],
            [
                ("accept", -4, 17, ""),
                ("finish", -3, 22, "协助劝离 4 处摊点。"),
                ("return", -2, 9, "请补充劝离前后对比照片。"),
            ],
        )
    publicity = send(
        head,
        "垃圾分类入户宣传",
        "对西津路 1-30 号住户开展垃圾分类入户宣传，每户发放宣传册，记录未在家住户。",
        sent=_at(-1, 9),
        due=_day(3, 17),
        people=[grid],
        area=first,
    )
    _walk(
        publicity,
        grid,
        [
            ("accept", -1, 10, ""),
            ("progress", -1, 17, "已完成 1-12 号住户宣传，6 户不在家，明天补访。"),
        ],
    )
    send(
        head,
        "雨季前排水设施巡查",
        "巡查辖区雨水篦子和排水沟，发现堵塞、缺失的拍照上报。",
        sent=_at(-5, 9),
        due=_day(-1, 17),
        people=[grid],
        area=first,
    )
    station = Workstation.objects.filter(community=second).first()
    if station is not None:
        send(
            city.heads[second.pk],
            "“城管进社区”政策宣传日",
            "周六上午在社区广场设宣传台，发放城管码宣传单，现场受理居民诉求。",
            sent=_at(-2, 10),
            due=_day(2, 12),
            workstation=station,
            area=second,
        )
    return made
