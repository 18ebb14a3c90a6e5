"""A few enforcement cases 执法处置 of the last weeks, made by the real workflow.

Mostly education and first offences, a public-service substitute, a minor offence let off, an
order to correct whose re-check falls due this week, and one penalty after a failed re-check.
Deterministic: the same shops, the same days relative to now.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from civicgrid.cases import services
from civicgrid.cases import workflow as wf
from civicgrid.catalog.models import Category, ViolationType
from civicgrid.demo.city import City
from civicgrid.demo.photos import photo


@dataclass(frozen=True)
class Scene:
    """One enforcement case: what was reported, who the party is, what was done."""

    type_code: str
    description: str
    party: tuple[str, str, str, str]  # kind, name, ID or licence number, phone
    measure: str
    days_ago: int
    details: tuple = ()
    recheck: str = ""  # "corrected" or "not" for an order to correct re-checked


CLOSED_AFTER_DAYS = 9  # older scenes are verified on site and closed
SCENES = [
    Scene(
        "V09006",
        "西津路菜市场口有人占道摆摊卖水果，影响通行",
        ("person", "刘德明", "360702196805123318", "13907971234"),
        "educate",
        20,
    ),
    Scene(
        "V09005",
        "文清路一家早餐店把桌椅摆到人行道上",
        ("shop", "张姐早餐店", "92360702MA35L0Q12X", "13807975566"),
        "first_offence",
        16,
        (("corrected", True),),
    ),
    Scene(
        "V06029",
        "小区南门晚上有人露天烧烤，油烟很大",
        ("shop", "李记烧烤", "92360702MA35K7W81P", "15979781234"),
        "educate",
        12,
    ),
    Scene(
        "V09005",
        "便利店门口堆放饮料箱占用盲道",
        ("shop", "德福便利店", "92360702MA35H2C55D", "13979712345"),
        "minor_exempt",
        9,
        (("minor", True), ("corrected", True)),
    ),
    Scene(
        "V09006",
        "中山路路口流动摊贩占道经营",
        ("person", "陈小燕", "360702199003254427", ""),
        "public_service",
        7,
        (("service", "参加西津路社区“门前三包”志愿服务 4 小时"),),
    ),
    Scene(
        "V07003",
        "临街商铺擅自在外墙挂设大型广告牌",
        ("shop", "鑫源广告装饰部", "92360702MA35G9E30T", "18907970001"),
        "order_correct",
        2,
    ),
    Scene(
        "V09005",
        "水果店长期店外经营，多次劝导不改",
        ("shop", "老王水果店", "92360702MA35XYZ12K", "13912345678"),
        "order_correct",
        6,
        recheck="not",
    ),
    Scene(
        "V09006",
        "夜市摊点占道经营，已劝导",
        ("person", "黄志强", "360702197711086615", "13607975678"),
        "first_offence",
        4,
        (("corrected", True),),
    ),
]


def seed(city: City) -> list:
    """Make the scenes in the first street; returns the cases."""
    street = city.streets[0]
    dispatcher = city.dispatchers[street.pk]
    officer = city.handlers["enforcement1"][0]
    grids = [g for g in city.grids if g.path.startswith(street.path)]
    now = timezone.now().replace(second=0, microsecond=0)
    made = []
    for i, scene in enumerate(SCENES):
        vt = ViolationType.objects.get(code=scene.type_code)
        grid = grids[i % len(grids)]
        at = now - timedelta(days=scene.days_ago, hours=2 + i % 5)
        case = services.report(
            channel="grid" if i % 2 else "qr",
            description=scene.description,
            category=vt.category or Category.objects.get(kind="matter", code="09006"),
            lng=grid.centroid_lng,
            lat=grid.centroid_lat,
            at=at,
        )
        step = timedelta(minutes=20)
        wf.accept(case=case, actor=dispatcher, at=at + step)
        wf.dispatch(case=case, actor=dispatcher, at=at + 2 * step)
        kind, name, number, phone = scene.party
        wf.enforce(
            case=case,
            actor=officer,
            violation_type=vt,
            party_kind=kind,
            party_name=name,
            party_id_number=number,
            party_phone=phone,
            note="到场核实，拍照取证",
            photos=[photo("before", seed=i)],
            at=at + 5 * step,
        )
        _measure(case, scene, officer, at + 6 * step, now)
        if scene.days_ago >= CLOSED_AFTER_DAYS:
            assert grid.parent_id is not None  # a grid sits in its community
            checker = city.grid_workers[grid.parent_id]
            wf.verify(case=case, actor=checker, note="现场已恢复", at=at + timedelta(days=1))
            wf.close(case=case, actor=dispatcher, at=at + timedelta(days=1, hours=1))
        made.append(case)
    return made


def _measure(case, scene: Scene, officer, at, now) -> None:
    details = dict(scene.details)
    if scene.measure != "order_correct":
        note = "当场处理"
        wf.measure(case=case, actor=officer, measure=scene.measure, at=at, note=note, **details)
        return
    if not scene.recheck:
        # Due this week: the officer's phone lists the re-check with its deadline.
        deadline = now + timedelta(days=3)
        deadline = min(deadline, at + timedelta(days=case.violation_type.correct_days))
        wf.measure(case=case, actor=officer, measure="order_correct", deadline=deadline, at=at)
        return
    deadline = at + timedelta(days=1)
    wf.measure(case=case, actor=officer, measure="order_correct", deadline=deadline, at=at)
    later = deadline + timedelta(hours=2)
    wf.recheck(case=case, actor=officer, corrected="0", note="到期复查，仍在店外经营", at=later)
    wf.measure(
        case=case,
        actor=officer,
        measure="penalty",
        decision_no="章城管罚决字〔2026〕第 018 号",
        note="依法作出罚款决定",
        at=later + timedelta(hours=3),
    )
