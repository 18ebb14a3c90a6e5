"""About 3,000 cases over the last 120 days, walked through the real workflow with past clocks.

Every case is made by `services.report` and moved by the workflow functions with `at=` set in
the past, so events, deadlines and counters are exactly what live use would have produced.
"""

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from civicgrid.cases import services
from civicgrid.cases import workflow as wf
from civicgrid.cases.choices import Channel
from civicgrid.catalog.choices import Urgency
from civicgrid.catalog.models import Category
from civicgrid.demo.city import City, person_name, short_name
from civicgrid.demo.photos import photo

PLACES = [
    "小区门口",
    "菜市场旁",
    "公交站台边",
    "学校附近",
    "巷子口",
    "十字路口",
    "公园东门",
    "商铺前",
    "停车场入口",
    "河堤步道",
    "老旧小区楼下",
    "超市后门",
]
DESCRIPTIONS = {
    "06010": ["{p}有一堆生活垃圾，已经好几天没人清理，味道很大", "{p}绿化带里被人倒了很多垃圾袋"],
    "06042": ["{p}的垃圾桶满了，垃圾溢到地上", "{p}垃圾站满溢，苍蝇很多"],
    "09006": ["{p}有流动摊贩占道卖水果，行人只能走机动车道", "早上{p}摆了很多菜摊，堵住了路"],
    "09005": ["{p}的店铺把货架摆到了人行道上", "{p}饭店在门外摆桌子经营"],
    "06036": ["{p}堆放了大量建筑材料和杂物", "{p}楼道口堆满了旧家具"],
    "09009": ["{p}有汽车长期停在人行道上", "{p}车辆乱停堵住了消防通道口"],
    "09010": ["{p}电动车乱停一大片，挡住盲道", "{p}共享单车堆成一团"],
    "07001": ["{p}电线杆上贴满了小广告", "{p}墙上被人喷涂了办证电话"],
    "06012": ["{p}路面有大片泥浆没人清扫", "{p}人行道很脏，落叶和垃圾很多"],
    "06013": ["{p}路面有个大坑，下雨天积水", "{p}人行道砖松动翘起，容易绊倒"],
    "06001": ["{p}有人在楼顶加盖彩钢棚", "{p}一楼住户私自搭建围墙"],
    "06029": ["晚上{p}有露天烧烤，烟很大", "{p}夜宵摊在路边烧烤"],
    "06027": ["{p}饭馆油烟直排到居民楼", "{p}餐馆排烟管道对着住户窗户"],
    "08001": ["{p}工地晚上十一点还在施工，噪音很大", "{p}工地凌晨打桩"],
    "06017": ["{p}绿化带里有很多垃圾", "{p}草坪上被倒了建筑垃圾"],
    "01037": ["{p}的路灯晚上不亮，很不安全", "{p}一排路灯都坏了"],
    "01003": ["{p}雨水井盖破损，有人差点踩空", "{p}井盖不见了，很危险"],
    "03005": ["{p}的垃圾桶坏了，盖子掉了", "{p}垃圾箱被撞翻损坏"],
    "04002": ["{p}行道树被风吹倒了", "{p}树枝断了挂在电线上"],
    "09012": ["{p}消防通道被车辆堵住", "{p}消防通道堆放杂物"],
}
STALL = 0.015
CHANNELS = [
    (Channel.QR, 35),
    (Channel.HOTLINE, 25),
    (Channel.GRID, 25),
    (Channel.WECHAT, 10),
    (Channel.STAFF, 5),
]


def _pick(rnd, weighted):
    return rnd.choices([w[0] for w in weighted], [w[1] for w in weighted])[0]


def _work_moment(rnd, day: datetime) -> datetime:
    """A report time: mostly daytime, some evenings."""
    hour = rnd.choices(
        range(24), [1, 0, 0, 0, 0, 1, 3, 6, 9, 10, 10, 8, 5, 6, 8, 9, 9, 8, 7, 6, 5, 4, 2, 1]
    )[0]
    return day.replace(hour=hour, minute=rnd.randrange(60), second=rnd.randrange(60))


class Walker:
    """Walks one case through its life until `now`, with realistic gaps between steps."""

    def __init__(self, city: City, rnd: random.Random, now: datetime):
        self.city, self.rnd, self.now = city, rnd, now
        self.seed = 0

    def photo(self, kind):
        self.seed += 1
        return photo(kind, seed=self.seed, size=(240, 180))

    def later(self, at, lo_minutes, hi_minutes):
        return at + timedelta(minutes=self.rnd.uniform(lo_minutes, hi_minutes))

    def run(self, case, community, street) -> None:
        rnd, at = self.rnd, case.reported_at
        dispatcher = self.city.dispatchers[street.pk]
        grid_worker = self.city.grid_workers[community.pk]
        head = self.city.heads[community.pk]
        steps = iter(self._plan(case, dispatcher, grid_worker, head))
        for gap, step in steps:
            at = self.later(at, *gap)
            # Some cases stall at a step: real cities always have a tail of overdue work.
            if at >= self.now or rnd.random() < STALL:
                return
            if step(at) is False:
                return

    def _plan(self, case, dispatcher, grid_worker, head):
        rnd = self.rnd
        if case.channel == Channel.GRID and rnd.random() < 0.35:
            return [
                (
                    (5, 60),
                    lambda at: wf.self_handle(
                        case=case,
                        actor=grid_worker,
                        note="已现场处理",
                        photos=[self.photo("after")],
                        at=at,
                    ),
                ),
                ((30, 600), lambda at: wf.verify(case=case, actor=head, note="复核通过", at=at)),
                ((10, 300), lambda at: wf.close(case=case, actor=dispatcher, at=at)),
            ]
        if rnd.random() < 0.05:
            return [
                (
                    (10, 240),
                    lambda at: wf.reject(
                        case=case,
                        actor=dispatcher,
                        reason="经核实不属于城市管理职责范围，已告知反映人",
                        at=at,
                    ),
                )
            ]
        plan = [
            (
                (5, rnd.choice([60, 200, 400])),
                lambda at: wf.accept(case=case, actor=dispatcher, at=at),
            )
        ]
        plan.append(
            ((5, rnd.choice([60, 150, 300])), lambda at: self._dispatch(case, dispatcher, at))
        )
        if rnd.random() < 0.05:
            plan.append(
                (
                    (30, 120),
                    lambda at: wf.escalate(
                        case=case, actor=head, reason="涉及多个部门，社区协调不了", at=at
                    ),
                )
            )
        if rnd.random() < 0.04:
            plan.append(((5, 60), lambda at: self._whistle(case, head, at)))
        plan.append(((10, 240), lambda at: wf.start(case=case, actor=self._handler(case), at=at)))
        if rnd.random() < 0.06:
            plan.append(
                (
                    (240, 2000),
                    lambda at: wf.urge(
                        case=case, actor=dispatcher, note="群众反映强烈，请尽快处置", at=at
                    ),
                )
            )
        plan.append(
            (
                (30, rnd.choice([300, 1500, 4000])),
                lambda at: wf.finish(
                    case=case,
                    actor=self._handler(case),
                    note="已处置完毕",
                    photos=[self.photo("after")],
                    at=at,
                ),
            )
        )
        if rnd.random() < 0.08:
            plan.append(
                (
                    (60, 900),
                    lambda at: wf.rework(
                        case=case, actor=grid_worker, reason="现场核查仍未处理干净", at=at
                    ),
                )
            )
            plan.append(
                (
                    (60, 1500),
                    lambda at: wf.finish(
                        case=case,
                        actor=self._handler(case),
                        note="已返工处理",
                        photos=[self.photo("after")],
                        at=at,
                    ),
                )
            )
        plan.append(
            (
                (30, 1000),
                lambda at: wf.verify(case=case, actor=grid_worker, note="现场核查已处理", at=at),
            )
        )
        plan.append(((10, 600), lambda at: wf.close(case=case, actor=dispatcher, at=at)))
        if rnd.random() < 0.6:
            plan.append(
                (
                    (60, 2880),
                    lambda at: wf.rate(
                        case=case,
                        score=rnd.choices([5, 4, 3, 2, 1], [60, 22, 9, 5, 4])[0],
                        comment=rnd.choice(
                            ["处理很及时", "满意", "", "希望以后多巡查", "处理得比较慢"]
                        ),
                        at=at,
                    ),
                )
            )
        return plan

    def _handler(self, case):
        return self.city.handlers[case.department.code][0]

    def _dispatch(self, case, dispatcher, at):
        return wf.dispatch(case=case, actor=dispatcher, at=at)

    def _whistle(self, case, head, at):
        departments = self.rnd.sample(list(self.city.departments.values()), 2)
        event = wf.whistle(
            case=case, actor=head, departments=departments, note="问题复杂，请相关部门到场", at=at
        )
        for dept in departments:
            user = self.city.handlers[dept.code][0]
            reported = self.later(at, 5, 50)
            if reported < self.now:
                wf.report_in(case=case, actor=user, note="已到场", at=reported)
        return event


def generate(
    city: City, *, count: int = 3000, days: int = 120, seed: int = 7, progress=None
) -> int:
    """Make `count` cases over the last `days` days; returns how many were made."""
    rnd = random.Random(seed)
    now = timezone.now()
    common = list(Category.objects.filter(common_rank__isnull=False))
    weights = [30 - (c.common_rank or 20) for c in common]
    walker = Walker(city, rnd, now)
    streets = {s.pk: s for s in city.streets}
    made = 0
    start_day = timezone.localtime(now) - timedelta(days=days)
    while made < count:
        with transaction.atomic():
            for _ in range(min(100, count - made)):
                reported = _work_moment(rnd, start_day + timedelta(days=rnd.uniform(0, days)))
                if reported >= now:
                    reported = now - timedelta(minutes=rnd.uniform(1, 600))
                grid = rnd.choice(city.grids)
                community = next(c for c in city.communities if c.pk == grid.parent_id)
                assert grid.boundary and community.parent_id  # every demo grid is drawn in a street
                category = rnd.choices(common, weights)[0]
                poly = grid.boundary["coordinates"][0]
                lng = rnd.uniform(min(p[0] for p in poly), max(p[0] for p in poly))
                lat = rnd.uniform(min(p[1] for p in poly), max(p[1] for p in poly))
                channel = _pick(rnd, CHANNELS)
                text = rnd.choice(DESCRIPTIONS.get(category.code, ["{p}发现{c}问题"]))
                case = services.report(
                    channel=channel,
                    description=text.format(p=rnd.choice(PLACES), c=category.name),
                    category=category,
                    lng=lng,
                    lat=lat,
                    address=f"{short_name(community)}{rnd.choice(PLACES)}",
                    urgency=Urgency.URGENT if rnd.random() < 0.08 else Urgency.NORMAL,
                    reporter_name="" if rnd.random() < 0.5 else person_name(rnd.randrange(999)),
                    reporter_phone="" if rnd.random() < 0.4 else f"13{rnd.randrange(10**9):09d}",
                    photos=[walker.photo("before")] if rnd.random() < 0.5 else [],
                    at=reported,
                )
                walker.run(case, community, streets[community.parent_id])
                made += 1
        if progress:
            progress(made, count)
    return made


def fresh_reports(city: City, count: int = 6, seed: int = 11) -> list:
    """A few reports made just now in the first street, half of them already dispatched."""
    rnd = random.Random(seed)
    street = city.streets[0]
    dispatcher = city.dispatchers[street.pk]
    grids = [g for g in city.grids if g.path.startswith(street.path)]
    made = []
    for i in range(count):
        grid = grids[i % len(grids)]
        case = services.report(
            channel=Channel.QR,
            description=f"{rnd.choice(PLACES)}有一堆生活垃圾，气味很大，麻烦尽快清理",
            category=Category.objects.get(kind="matter", code="06010"),
            lng=grid.centroid_lng,
            lat=grid.centroid_lat,
            reporter_phone=f"139{rnd.randrange(10**8):08d}",
        )
        if i % 2:
            wf.accept(case=case, actor=dispatcher)
            wf.dispatch(case=case, actor=dispatcher)
        made.append(case)
    return made
