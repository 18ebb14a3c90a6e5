"""Bulk synthetic cases for load tests: `manage.py generate_cases --count 1000000 [--seed N]`."""

import itertools
import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.cases import search
from civicgrid.cases.choices import HANDLING_STATUSES, Channel, Clock, Status, Tier, clock_of
from civicgrid.cases.models import Case
from civicgrid.catalog.choices import Urgency
from civicgrid.catalog.models import Category
from civicgrid.catalog.routing import responsible_department
from civicgrid.lib import fields as fields_
from civicgrid.lib.codes import ALPHABET

S = Status
BATCH = 5_000
CHANNELS = [
    (Channel.QR, 30),
    (Channel.HOTLINE, 25),
    (Channel.WECHAT, 15),
    (Channel.GRID, 15),
    (Channel.PATROL, 10),
    (Channel.STAFF, 4),
    (Channel.API, 1),
]
# Status shares by the age of a case: fresh ones are still open, a year-old one is long closed.
FRESH = [(S.REPORTED, 55), (S.ACCEPTED, 25), (S.DISPATCHED, 15), (S.IN_PROGRESS, 5)]
RECENT = [
    (S.REPORTED, 4),
    (S.ACCEPTED, 6),
    (S.DISPATCHED, 12),
    (S.IN_PROGRESS, 18),
    (S.HANDLED, 12),
    (S.VERIFIED, 8),
    (S.CLOSED, 36),
    (S.REJECTED, 3),
    (S.MERGED, 1),
]
OLD = [  # about 1 % still open: cases stuck for weeks, overdue, the ones inboxes must surface
    (S.CLOSED, 950),
    (S.REJECTED, 30),
    (S.MERGED, 10),
    (S.IN_PROGRESS, 4),
    (S.DISPATCHED, 3),
    (S.HANDLED, 2),
    (S.ACCEPTED, 1),
]
# Stage limits used for the synthetic deadlines (calendar hours, not the work calendar).
LIMITS = {
    "accept": timedelta(hours=2),
    "dispatch": timedelta(hours=2),
    "handle": timedelta(days=2),
    "verify": timedelta(days=1),
}
REACHED = {  # the steps a case in each status has gone through
    S.REPORTED: 0,
    S.ACCEPTED: 1,
    S.DISPATCHED: 2,
    S.IN_PROGRESS: 2,
    S.HANDLED: 3,
    S.VERIFIED: 4,
    S.CLOSED: 5,
    S.REJECTED: 0,
    S.MERGED: 0,
}
PLACES = ["小区门口", "菜市场旁", "学校门口", "公交站台", "路口", "公园入口", "商铺前", "巷子里"]
ROADS = ["红旗大道", "文清路", "章江路", "西津路", "东阳山路", "健康路", "厚德路", "青年路"]


def _weighted(pairs):
    """(values, cumulative weights): random.choices() re-adds plain weights on every call."""
    values, weights = zip(*pairs, strict=True)
    return [str(v) for v in values], list(itertools.accumulate(weights))


def generate(*, count: int, seed: int | None = None, batch: int = BATCH, progress=None) -> int:
    """Bulk-insert `count` synthetic cases over the existing grids, classes and departments."""
    grids = list(
        Area.objects.filter(level=Level.GRID).values_list(
            "pk", "path", "centroid_lng", "centroid_lat"
        )
    )
    if not grids:
        raise CommandError("没有网格：请先运行 manage.py setup 或 seed_demo 生成区域")
    categories = list(Category.objects.filter(parent__isnull=False, active=True))
    if not categories:
        raise CommandError("没有案件分类：请先运行 manage.py load_catalog")
    rng = random.Random(f"{seed}:{Case.objects.count()}" if seed is not None else None)
    cat_weights = list(itertools.accumulate(30 if c.common_rank else 1 for c in categories))
    channels, channel_weights = _weighted(CHANNELS)
    tables = {
        name: _weighted(t) for name, t in (("fresh", FRESH), ("recent", RECENT), ("old", OLD))
    }
    routes: dict = {}
    insert, row_tuple = _inserter()
    if connection.vendor == "sqlite":
        # Random codes land all over the unique index: with SQLite's default 2 MB page cache each
        # batch rereads the index from disk and the rate falls as the table grows.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")  # 256 MB, this connection only
    now = timezone.now()
    year = 365 * 24 * 3600
    done = 0
    started = time.perf_counter()
    while done < count:
        size = min(batch, count - done)
        rows = []
        for _ in range(size):
            grid_pk, path, lng, lat = grids[rng.randrange(len(grids))]
            category = rng.choices(categories, cum_weights=cat_weights)[0]
            age = timedelta(seconds=year * rng.random())  # about as many cases every day
            table = (
                "fresh"
                if age < timedelta(hours=3)
                else "recent"
                if age < timedelta(days=5)
                else "old"
            )
            statuses, cum = tables[table]
            status = rng.choices(statuses, cum_weights=cum)[0]
            key = (category.pk, path)
            if key not in routes:
                routes[key] = responsible_department(category, path)
            rows.append(
                _case(
                    rng,
                    now - age,
                    now,
                    status,
                    grid_pk,
                    path,
                    lng,
                    lat,
                    category,
                    routes[key],
                    channels,
                    channel_weights,
                )
            )
        with transaction.atomic():
            top = Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            with connection.cursor() as cursor:
                cursor.executemany(insert, [row_tuple(r) for r in rows])
            search.reindex(Case.objects.filter(pk__gt=top))
        before, done = done, done + size
        if progress and (done // 50_000 > before // 50_000 or done == count):
            progress(done, time.perf_counter() - started)
    return done


def _inserter():
    """A plain INSERT run with executemany: Django's per-value preparation in bulk_create()
    costs ten times the SQL itself on this 44-column table (about 1,300 rows/s on SQLite)."""
    fields = [f for f in Case._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    adapt = connection.ops.adapt_datetimefield_value
    if connection.vendor == "sqlite":
        # Every stamp derives from timezone.now(), in UTC: the text Django would store.
        def adapt(value):
            return None if value is None else str(value.replace(tzinfo=None))

    stamps = {f.attname for f in fields if f.get_internal_type() == "DateTimeField"}
    names = [f.attname for f in fields]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(Case._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )

    sealed = fields_.sealed(Case)

    def row_tuple(values: dict) -> tuple:
        row = {**defaults, **values}
        row.update({f.attname: fields_.raw_value(f, row) for f in sealed})  # encrypt, digest
        return tuple(adapt(row[n]) if n in stamps else row[n] for n in names)

    return sql, row_tuple


def _case(
    rng, reported, now, status, grid_pk, path, lng, lat, category, department, channels, weights
):
    steps = REACHED[status]
    stamps = [reported]
    gaps = [
        (600, 7200),  # accepted
        (600, 7200),  # dispatched
        (7200, 3 * 86400),  # handled
        (3600, 86400),  # verified
        (3600, 86400),  # closed
    ]
    for low, high in gaps[:steps]:
        stamps.append(min(now, stamps[-1] + timedelta(seconds=rng.uniform(low, high))))
    names = ("reported", "accepted", "dispatched", "handled", "verified", "closed")
    at = dict(zip(names, stamps, strict=False))
    due = warn = None
    stage = {
        S.REPORTED: ("accept", "reported"),
        S.ACCEPTED: ("dispatch", "accepted"),
        S.DISPATCHED: ("handle", "dispatched"),
        S.IN_PROGRESS: ("handle", "dispatched"),
        S.HANDLED: ("verify", "handled"),
    }.get(status)
    dues = {}
    if stage:
        name, start = stage
        due = at[start] + LIMITS[name]
        warn = at[start] + LIMITS[name] * 0.8
        dues[f"{name}_due"] = due
    clock = clock_of(status, due, warn, now) or Clock.ON_TIME
    active = status in HANDLING_STATUSES
    phone = (
        "1" + rng.choice("3589") + "".join(rng.choices("0123456789", k=9))
        if rng.random() < 0.6
        else ""
    )
    rated = status == S.CLOSED and rng.random() < 0.6
    return dict(
        code="".join(rng.choices(ALPHABET, k=16)),
        channel=rng.choices(channels, cum_weights=weights)[0],
        category_id=category.pk,
        grid_id=grid_pk,
        area_path=path,
        lng=(lng or 0) + rng.uniform(-0.001, 0.001) if lng else None,
        lat=(lat or 0) + rng.uniform(-0.001, 0.001) if lat else None,
        address=f"{rng.choice(ROADS)}{rng.randint(1, 300)}号",
        description=f"{rng.choice(PLACES)}{category.name}，请尽快处理",
        reporter_phone=phone,
        urgency=Urgency.URGENT if rng.random() < 0.05 else Urgency.NORMAL,
        tier=Tier.DISPATCH if steps >= 1 else "",
        status=status,
        department_id=department.pk if department and steps >= 2 else None,
        reported_at=reported,
        accepted_at=at.get("accepted"),
        dispatched_at=at.get("dispatched"),
        handled_at=at.get("handled"),
        verified_at=at.get("verified"),
        closed_at=at.get("closed"),
        due_at=due,
        warn_at=warn,
        clock=clock,
        overdue_count=1 if clock == Clock.OVERDUE else 0,
        rework_count=1 if active and rng.random() < 0.03 else 0,
        urge_count=rng.randint(1, 2) if active and rng.random() < 0.03 else 0,
        extension_until=due + timedelta(days=2) if active and due and rng.random() < 0.01 else None,
        rating=rng.randint(3, 5) if rated else None,
        **dues,
    )


class Command(BaseCommand):
    help = (
        "批量生成模拟案件（用于性能测试），每批一个事务：分布在已有的网格、分类和部门上，"
        "状态、时限、渠道和上报时间（近一年）接近真实。只写案件表：不生成事件记录和照片。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100_000, help="生成的案件数")
        parser.add_argument("--seed", type=int, default=None, help="随机种子，便于复现")
        parser.add_argument("--batch", type=int, default=BATCH, help="每个事务插入的条数")

    def handle(self, *args, count, seed, batch, **options):
        def progress(done, seconds):
            self.stdout.write(
                f"已生成 {done:,} 件（{seconds:.0f} 秒，{done / seconds:,.0f} 件/秒）"
            )

        started = time.perf_counter()
        total = generate(count=count, seed=seed, batch=batch, progress=progress)
        seconds = max(time.perf_counter() - started, 1e-9)
        rate = total / seconds
        self.stdout.write(
            self.style.SUCCESS(
                f"完成：共 {total:,} 件，用时 {seconds:.1f} 秒，平均 {rate:,.0f} 件/秒"
            )
        )
