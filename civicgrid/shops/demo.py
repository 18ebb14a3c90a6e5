"""Frontage duties of the demo city: about 60 shops on three commercial roads of the first
street, their agreements, six weeks of inspections, a few awards and complaints, street
chiefs, and the shops' ratings of the service. Deterministic (a fixed seed), idempotent."""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from shapely.geometry import Point, shape

from civicgrid.demo.city import person_name
from civicgrid.demo.photos import photo
from civicgrid.shops import ledger, licence, services
from civicgrid.shops.choices import DUTIES, BusinessType
from civicgrid.shops.models import PointRule, Shop, StreetChief
from civicgrid.shops.rules import ensure_rules

# (road, how many shops, first community index in the first street, how many communities)
ROADS = [("文清路", 18, 0, 1), ("西津路", 20, 1, 1), ("中山路", 22, 2, 2)]
NAMES = {
    BusinessType.FOOD: ["面馆", "早餐店", "小吃店", "饺子馆", "奶茶店", "烧烤", "快餐店", "粉店"],
    BusinessType.RETAIL: ["便利店", "水果店", "超市", "五金店", "文具店", "药房", "茶叶店"],
    BusinessType.SERVICE: ["理发店", "洗衣店", "快递驿站", "照相馆", "眼镜店"],
    BusinessType.REPAIR: ["电动车维修", "手机维修", "修鞋铺"],
}
PREFIXES = [
    "老王",
    "阿香",
    "惠民",
    "鑫源",
    "福满",
    "金记",
    "好再来",
    "和合",
    "顺心",
    "嘉嘉",
    "小李",
]
# The shops the enforcement demo took action against (demo/enforcement.py, scene index),
# placed where those cases were reported, so their pages show them.
PARTIES = {1: "张姐早餐店", 2: "李记烧烤", 3: "德福便利店", 5: "鑫源广告装饰部", 6: "老王水果店"}
PARTY_TYPES = {
    "早餐店": BusinessType.FOOD,
    "烧烤": BusinessType.FOOD,
    "装饰部": BusinessType.SERVICE,
}
NOTES = ["门前已清扫", "店外摆放货架，已当场劝导收回", "门前有纸箱堆放", "油污未清理"]


def _licence(rng) -> str:
    body = "92360702" + "".join(rng.choice(licence.CHARS) for _ in range(9))
    return body + licence.credit_code_check(body)


def _cell_of(areas, lng, lat):
    point = Point(lng, lat)
    return next((a for a in areas if a.boundary and shape(a.boundary).covers(point)), None)


@transaction.atomic
def seed(city) -> list[Shop]:
    """The shops and their history; nothing when the demo already has shops."""
    ensure_rules()
    if Shop.objects.exists():
        return []
    rng = random.Random(16)
    street = city.streets[0]
    communities = [c for c in city.communities if c.parent_id == street.pk]
    grids = [g for g in city.grids if g.path.startswith(street.path)]
    shops: list[Shop] = []
    used = set(PARTIES.values())
    for road, count, first, span in ROADS:
        cells = communities[first : first + span]
        if not cells:
            continue
        shops += _road(city, rng, road, count, cells, grids, used)
    _place_parties(shops, grids)
    _history(city, rng, shops)
    return shops


def _road(city, rng, road, count, cells, grids, used) -> list[Shop]:
    west, south, _, north = shape(cells[0].boundary).bounds
    east = shape(cells[-1].boundary).bounds[2]
    lat = (south + north) / 2
    head = city.heads[cells[0].pk]
    chief = StreetChief.objects.create(
        street_name=road,
        area=cells[0].parent if len(cells) > 1 else cells[0],
        holder_name=head.staff.name if hasattr(head, "staff") else person_name(90),
        holder_user=head,
        phone=f"0797-81{rng.randrange(10000, 99999)}",
        station=f"{road}街长驿站（{road}{rng.randrange(10, 99)}号）",
    )
    made: list[Shop] = []
    for i in range(count):
        kind = rng.choice(list(NAMES))
        name = f"{rng.choice(PREFIXES)}{rng.choice(NAMES[kind])}"
        while name in used:
            name = f"{rng.choice(PREFIXES)}{rng.choice(NAMES[kind])}"
        used.add(name)
        lng = west + (east - west) * (i + 0.5) / count
        side = 0.00012 if i % 2 else -0.00012  # shops face each other across the road
        community = _cell_of(cells, lng, lat + side) or cells[0]
        made.append(
            Shop.objects.create(
                name=name,
                licence_no=_licence(rng),
                business_type=kind,
                owner_name=person_name(300 + len(made) + 40 * len(road)),
                owner_phone=f"139{rng.randrange(10_000_000, 99_999_999)}",
                address=f"{road}{2 * i + 1 + (i % 2)}号",
                lng=lng,
                lat=lat + side,
                community=community,
                grid=_cell_of(grids, lng, lat + side),
                street_chief=chief,
            )
        )
    # The busiest shop's owner serves as the second road's chief (店主当街长).
    if road == "西津路" and made:
        chief.holder_shop, chief.holder_user = made[0], None
        chief.holder_name = made[0].owner_name
        chief.save()
    return made


def _place_parties(shops, grids) -> None:
    """Rename a shop of the right community after each party and move it to its case's point."""
    taken: set[int] = set()
    for scene, name in PARTIES.items():
        if not grids:
            return
        grid = grids[scene % len(grids)]
        shop = next(
            (s for s in shops if s.community_id == grid.parent_id and s.pk not in taken), None
        )
        if shop is None:
            continue
        taken.add(shop.pk)
        shop.name, shop.lng, shop.lat = name, grid.centroid_lng + 0.00004, grid.centroid_lat
        shop.grid = grid
        kind = next((k for end, k in PARTY_TYPES.items() if name.endswith(end)), None)
        shop.business_type = kind or BusinessType.RETAIL
        shop.save()


def _working_hours(rng, at):
    local = timezone.localtime(at)
    return local.replace(hour=rng.randrange(9, 17), minute=rng.randrange(60))


def _history(city, rng, shops) -> None:
    now = timezone.now()
    year_start = date(timezone.localdate().year, 1, 1)
    items = list(services.inspection_items())
    rules = {r.code: r for r in PointRule.objects.all()}
    for n, shop in enumerate(shops):
        head = city.heads[shop.community_id]
        worker = city.grid_workers[shop.community_id]
        if n % 11 != 5:  # a few have never signed
            ends = year_start.replace(year=year_start.year + 1) - timedelta(days=1)
            if n % 13 == 7:  # ... and a few let it run out
                ends = timezone.localdate() - timedelta(days=20)
            services.sign(
                shop=shop,
                actor=head,
                signer_name=shop.owner_name,
                starts_on=year_start + timedelta(days=n % 20),
                ends_on=ends,
                duties=[str(d) for d in DUTIES],
                at=now.replace(month=1, day=1) + timedelta(days=n % 20, hours=10),
            )
        careless = shop.name in PARTIES.values() or n % 9 == 4
        care = 0.35 if careless else rng.uniform(0.75, 0.98)
        for week in range(6, 0, -1):
            if not careless and rng.random() < 0.2:
                continue
            failed = [] if rng.random() < care else rng.sample(items, rng.choice((1, 1, 2)))
            services.inspect(
                shop=shop,
                actor=worker,
                failed=failed,
                score=5 if not failed else rng.choice((2, 3)),
                note=rng.choice(NOTES[1:]) if failed else NOTES[0],
                photos=[photo("before", seed=n * 7 + week)] if failed and week < 3 else [],
                lng=shop.lng,
                lat=shop.lat,
                at=_working_hours(rng, now - timedelta(days=7 * week - rng.randrange(3))),
            )
        if not careless and n % 10 == 0:
            at = now - timedelta(days=3)
            ledger.record(shop=shop, rule=rules["best"], actor=head, note="街区最美商户评选", at=at)
        if careless and n % 2:
            at = now - timedelta(days=2)
            ledger.record(
                shop=shop, rule=rules["complaint"], actor=head, note="群众投诉店外经营", at=at
            )
        for months_ago in (2, 1, 0):
            if rng.random() < 0.5:
                at = (now.replace(day=1) - timedelta(days=28 * months_ago)).replace(day=10)
                services.rate_service(
                    shop=shop,
                    score=rng.choice((5, 5, 4, 4, 3)),
                    comment=rng.choice(["", "", "检查人员态度好", "希望多提前告知"]),
                    at=min(at, now),
                )
