"""Years of a city for load tests: `manage.py generate_cases --years 1 --count 1000000`.

Every case is walked through its life by the demo's walker (`demo/history.py`,
`demo/lifecycle.py`: the workflow's own change functions, the minute sweep in between), so it
carries the events its status implies with the real actors of the city in the database, its
photos (tiny JPEG files stored as real uploads are, for a share of cases), its whistle summons
and their responses. Events are sealed onto the audit chain in id order as the event writer
seals them, so `manage.py verify_audit` passes afterwards. The notify app's rows are what its
worker would have made of the same events when they happened: in-app notifications for the
holders `notify.rules` names (read, except lately), and, within the retention window, the
delivered outbox rows and the text messages to residents.

Cases are made in time order, a batch of consecutive days per transaction.
"""

import copy
import io
import math
import random
import time
import uuid
from collections import defaultdict
from datetime import datetime, timedelta
from types import SimpleNamespace

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from PIL import Image

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.cases import tallies
from civicgrid.cases.choices import Channel, Status
from civicgrid.cases.models import Attachment
from civicgrid.catalog.choices import Urgency
from civicgrid.catalog.models import Category
from civicgrid.catalog.services import load_calendar
from civicgrid.demo.city import City, person_name, short_name
from civicgrid.demo.history import CHANNELS, REPORT_HOURS, RESIDENT_CHANNELS, Walker, _box, _pick
from civicgrid.demo.lifecycle import _insert, save_all
from civicgrid.demo.texts import DESCRIPTIONS, PLACES
from civicgrid.lib.codes import ALPHABET
from civicgrid.lib.media import RandomName, random_name
from civicgrid.notify import rules
from civicgrid.notify.choices import MessageStatus
from civicgrid.notify.models import Message, Notification, Outbox
from civicgrid.people import actions as A
from civicgrid.people.models import Department, RoleAssignment

BATCH = 5_000
PHOTO_SHARE = 0.2  # cases whose reporter or handler attached a photo
STUCK_SHARE = 0.005  # older cases left in handling for weeks: the overdue rows inboxes surface
UNREAD_FOR = timedelta(days=2)  # older notifications have been read
# A JPEG of 8 x 8 pixels per kind: valid for every reader, a few hundred bytes on disk.
TINY: dict[str, bytes] = {}


def _tiny_jpeg(kind: str) -> bytes:
    if kind not in TINY:
        colour = (150, 110, 80) if kind == "before" else (90, 160, 110)
        out = io.BytesIO()
        Image.new("RGB", (8, 8), colour).save(out, "JPEG", quality=50)
        TINY[kind] = out.getvalue()
    return TINY[kind]


def load_city() -> City:
    """The city in the database as the walker needs it: grids, and who acts for each area."""
    grids = list(Area.objects.filter(level=Level.GRID).order_by("path"))
    if not grids:
        raise CommandError("没有网格：请先运行 manage.py setup 或 seed_demo 生成区域")
    communities = list(Area.objects.filter(pk__in={g.parent_id for g in grids}).order_by("path"))
    streets = list(Area.objects.filter(pk__in={c.parent_id for c in communities}).order_by("path"))
    county = Area.objects.filter(pk__in={s.parent_id for s in streets}).first() or streets[0]
    departments = {d.code: d for d in Department.objects.order_by("code")}
    city = City(county, streets, communities, grids, departments)
    grants = (
        RoleAssignment.objects.filter(user__is_active=True)
        .select_related("user__staff", "role", "department")
        .order_by("pk")
    )
    by_area: dict[tuple[str, int | None], object] = {}
    for grant in grants:
        if grant.department and A.CASE_HANDLE in grant.role.actions:
            city.handlers.setdefault(grant.department.code, []).append(grant.user)
        elif grant.area_id:
            by_area.setdefault((grant.role.code, grant.area_id), grant.user)
    county_dispatcher = by_area.get(("dispatcher", county.pk))
    for street in streets:
        city.dispatchers[street.pk] = by_area.get(("dispatcher", street.pk)) or county_dispatcher
    for community in communities:
        dispatcher = by_area.get(("dispatcher", community.parent_id)) or county_dispatcher
        city.grid_workers[community.pk] = by_area.get(("grid_worker", community.pk)) or dispatcher
        city.heads[community.pk] = by_area.get(("station_head", community.pk)) or dispatcher
    if not all(city.dispatchers.values()) or any(c not in city.handlers for c in departments):
        raise CommandError("缺少派遣员或部门处置人员：请先运行 manage.py setup 生成演示城市")
    return city


class CityWalker(Walker):
    """The demo's walker, with photos written as real uploads and a few cases left stuck."""

    def __init__(self, city, rnd, now, *, photo_share: float):
        super().__init__(city, rnd, now, photos={})
        self.photo_share = photo_share
        self.month = now
        upload_to = Attachment._meta.get_field("image").upload_to
        assert isinstance(upload_to, RandomName)
        self.folder = upload_to.folder  # cases/%Y/%m/ of the case's month, as uploads are
        self.files = 0

    def photo(self, kind) -> list[str]:
        if self.rnd.random() >= self.photo_share:
            return []
        name = random_name(self.month.strftime(self.folder), f"{kind}.jpg")
        self.files += 1
        return [default_storage.save(name, ContentFile(_tiny_jpeg(kind)))]

    def stage_end(self, life, start):
        if self.force == "stuck" and life.case.status in STUCK_AT:
            return self.now + timedelta(days=1)  # never reached: the case stays where it is
        return super().stage_end(life, start)


STUCK_AT = {Status.DISPATCHED, Status.IN_PROGRESS}


def _specs(city, rnd, walker, start, end, size, weights):
    """`size` cases reported between `start` and `end`, in time order."""
    grids, grid_weights, common, cat_weights, boxes, communities, streets = weights
    moments = sorted(_moment(rnd, start, end) for _ in range(size))
    for at in moments:
        i = rnd.choices(range(len(grids)), grid_weights)[0]
        grid, (west, south, east, north) = grids[i], boxes[i]
        community = communities[grid.parent_id]
        category = rnd.choices(common, cat_weights)[0]
        channel = _pick(rnd, CHANNELS)
        resident = channel in RESIDENT_CHANNELS
        actor = {
            Channel.GRID: city.grid_workers[community.pk],
            Channel.STAFF: city.heads[community.pk],
        }.get(channel)
        text = rnd.choice(DESCRIPTIONS.get(category.code, ["{p}发现{c}问题"]))
        walker.month = at
        fields = dict(
            at=at,
            actor=actor,
            photos=walker.photo("before"),
            code="".join(rnd.choices(ALPHABET, k=16)),
            channel=channel,
            description=text.format(p=rnd.choice(PLACES), c=category.name),
            category=category,
            lng=rnd.uniform(west, east),
            lat=rnd.uniform(south, north),
            address=f"{short_name(community)}{rnd.choice(PLACES)}",
            urgency=Urgency.URGENT if rnd.random() < 0.06 else Urgency.NORMAL,
            reporter_name=person_name(rnd.randrange(999))
            if resident and rnd.random() < 0.5
            else "",
            reporter_phone=f"13{rnd.randrange(10**9):09d}"
            if resident and rnd.random() < 0.6
            else "",
        )
        yield fields, community, streets[community.parent_id]


def _moment(rnd, start: datetime, end: datetime) -> datetime:
    """A report time in [start, end): mostly in the daytime."""
    span = (end - start).total_seconds()
    for _ in range(8):  # draw a day, then an hour of it as reports come
        at = start + timedelta(seconds=rnd.uniform(0, span))
        local = timezone.localtime(at)
        hour = rnd.choices(range(24), REPORT_HOURS)[0]
        moved = local.replace(hour=hour, minute=rnd.randrange(60), second=rnd.randrange(60))
        if start <= moved < end:
            return moved
    return at


class Notices:
    """The rows the notify worker would have written for events as they happened."""

    def __init__(self, rnd, now):
        self.rnd, self.now = rnd, now
        self.recipients: dict = {}
        self.categories: dict[int, str] = {}
        self.kept_since = now - timedelta(days=settings.CIVICGRID_RETENTION_MESSAGES_DAYS)
        self.counts: defaultdict[str, int] = defaultdict(int)

    def rows(self, lives) -> None:
        notifications, outbox, messages = [], [], []
        for life in lives:
            case = life.case
            summoned = tuple(sorted(s["department_id"] for s in life.summons))
            # What the rules read of the case, its class named once per class.
            shown = SimpleNamespace(
                pk=case.pk,
                code=case.code,
                category=self._category(case.category),
                reporter_phone=case.reporter_phone,
            )
            for e in life.events:
                action = e["action"]
                staff, resident = action in rules.STAFF, action in rules.RESIDENT
                if not (staff or resident):
                    continue
                event = SimpleNamespace(
                    id=e["id"], action=action, data=e["data"], case=shown, actor_id=e["actor_id"]
                )
                at = e["at"]
                delivered = at + timedelta(seconds=self.rnd.uniform(1, 40))
                if staff:
                    text = rules.staff_text(event)
                    for user_id in self._recipients(event, case, summoned):
                        read = None
                        if at < self.now - UNREAD_FOR or self.rnd.random() < 0.5:
                            read = min(self.now, at + timedelta(minutes=self.rnd.uniform(2, 600)))
                        notifications.append(
                            {
                                "user_id": user_id,
                                "case_id": case.pk,
                                "event_id": e["id"],
                                "text": text,
                                "created_at": at,
                                "read_at": read,
                            }
                        )
                if at < self.kept_since:
                    continue  # apply_retention has deleted its outbox row and text message
                outbox.append(
                    {
                        "event_id": e["id"],
                        "created_at": at,
                        "claimed_at": delivered,
                        "claim": uuid.UUID(int=self.rnd.getrandbits(128)).hex,
                        "done_at": delivered,
                        "attempts": 0,
                        "error": "",
                    }
                )
                body = rules.resident_text(event) if resident else None
                if body:
                    messages.append(
                        {
                            "channel": "sms",
                            "to": case.reporter_phone,
                            "body": body,
                            "case_id": case.pk,
                            "event_id": e["id"],
                            "status": MessageStatus.SENT,
                            "attempts": 1,
                            "error": "",
                            "created_at": at,
                            "sent_at": delivered,
                        }
                    )
        for model, rows_ in ((Notification, notifications), (Outbox, outbox), (Message, messages)):
            _insert(model, rows_)
            self.counts[model.__name__] += len(rows_)

    def _recipients(self, event, case, summoned) -> list[int]:
        """`rules.staff_recipients`, asked once per place, department and summons: the actor
        is left out afterwards, as the rule does."""
        key = (event.action, case.area_path, case.department_id, summoned)
        if key not in self.recipients:
            # A report as the worker finds it moments later (still to accept), not as it ends up.
            then = copy.copy(case)
            if event.action == "report":
                then.status = Status.REPORTED
            asked = SimpleNamespace(action=event.action, data=event.data, case=then, actor_id=None)
            self.recipients[key] = rules.staff_recipients(asked)
        return [pk for pk in self.recipients[key] if pk != event.actor_id]

    def _category(self, category) -> str:
        if category.pk not in self.categories:
            self.categories[category.pk] = str(category)
        return self.categories[category.pk]


def generate(
    *,
    count: int,
    seed: int | None = None,
    years: float = 1.0,
    batch: int = BATCH,
    photo_share: float = PHOTO_SHARE,
    progress=None,
    now: datetime | None = None,
    stats: dict[str, int] | None = None,
) -> int:
    """Make `count` cases reported over the last `years` years, with everything they imply;
    `stats` receives how many rows of each kind were made."""
    city = load_city()
    now = now or timezone.now()
    first = now - timedelta(days=365 * years)
    # Deadlines need the workday calendar of every year the cases live in (kept if present).
    load_calendar(range(first.year, now.year + 2), provisional=True)
    rnd = random.Random(seed)
    common = list(Category.objects.filter(common_rank__isnull=False).select_related("parent"))
    if not common:
        raise CommandError("没有案件分类：请先运行 manage.py load_catalog")
    cat_weights = [30 - (c.common_rank or 20) for c in common]
    # Communities differ in size: a few busy ones, many quiet ones.
    busy: dict[int | None, float] = {c.pk: rnd.lognormvariate(0, 0.6) for c in city.communities}
    weights = (
        city.grids,
        [busy[g.parent_id] for g in city.grids],
        common,
        cat_weights,
        [_box(g) for g in city.grids],
        {c.pk: c for c in city.communities},
        {s.pk: s for s in city.streets},
    )
    walker = CityWalker(city, rnd, now, photo_share=photo_share)
    notices = Notices(rnd, now)
    if connection.vendor == "sqlite":
        # Random codes land all over the unique index: with SQLite's default 2 MB page cache each
        # batch rereads the index from disk and the rate falls as the table grows.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")  # 256 MB, this connection only
    chunks = max(1, math.ceil(count / batch))
    span = (now - first) / chunks
    done = 0
    started = time.perf_counter()
    made: defaultdict[str, int] = defaultdict(int)
    for k in range(chunks):
        size = count // chunks + (1 if k < count % chunks else 0)
        start = first + span * k
        lives = []
        for spec in _specs(city, rnd, walker, start, start + span, size, weights):
            old = now - spec[0]["at"] > timedelta(days=5)
            force = "stuck" if old and rnd.random() < STUCK_SHARE else None
            lives.append(walker.live(spec, force=force))
        with transaction.atomic():
            save_all(lives, batch=len(lives) or 1)
            notices.rows(lives)
        for life in lives:
            made["events"] += len(life.events)
            made["summons"] += len(life.summons)
            made["attachments"] += len(life.attachments)
        before, done = done, done + size
        if progress and (done // 50_000 > before // 50_000 or done == count):
            progress(done, time.perf_counter() - started)
    tallies.rebuild()  # bulk inserts bypass the per-event counts of the community page
    with connection.cursor() as cursor:
        # Planner statistics, as a database that grew this big has (PostgreSQL's autovacuum
        # gathers them; SQLite only on ANALYZE): without them SQLite picks other indexes.
        cursor.execute("ANALYZE")
    if stats is not None:
        stats.update({**made, **notices.counts, "files": walker.files})
    return done


class Command(BaseCommand):
    help = (
        "生成若干年的城市案件数据（用于性能测试）：按时间顺序逐批生成，每个案件带有其状态"
        "应有的全部事件（上报、受理、派遣、处置、核查、结案、评价、督办、返工、吹哨报到），"
        "部分案件带照片文件，并生成站内通知、已投递的通知队列和短信。事件按审计链封存，"
        "生成后 verify_audit 可通过。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", type=float, default=1.0, help="案件分布的年数（截至现在）")
        size = parser.add_mutually_exclusive_group()
        size.add_argument(
            "--count", type=int, default=None, help="生成的案件总数（默认每年 100,000 件）"
        )
        size.add_argument("--per-year", type=int, default=None, help="每年的案件数")
        parser.add_argument("--seed", type=int, default=None, help="随机种子，便于复现")
        parser.add_argument("--batch", type=int, default=BATCH, help="每个事务生成的案件数")
        parser.add_argument(
            "--photo-share", type=float, default=PHOTO_SHARE, help="带照片的案件比例（0–1）"
        )

    def handle(self, *args, years, count, per_year, seed, batch, photo_share, **options):
        if count is None:
            count = round((per_year or 100_000) * years)

        def progress(done, seconds):
            self.stdout.write(
                f"已生成 {done:,} 件（{seconds:.0f} 秒，{done / seconds:,.0f} 件/秒）"
            )

        started = time.perf_counter()
        stats: dict[str, int] = {}
        total = generate(
            count=count,
            seed=seed,
            years=years,
            batch=batch,
            photo_share=photo_share,
            progress=progress,
            stats=stats,
        )
        seconds = max(time.perf_counter() - started, 1e-9)
        rows = total + sum(v for k, v in stats.items() if k != "files")
        self.stdout.write(
            "  事件 {events:,} 条、照片 {attachments:,} 张（文件 {files:,} 个）、"
            "吹哨报到 {summons:,} 条、站内通知 {Notification:,} 条、通知队列 {Outbox:,} 条、"
            "短信 {Message:,} 条".format_map(defaultdict(int, stats))
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"完成：共 {total:,} 件，用时 {seconds:.1f} 秒，平均 {total / seconds:,.0f} 件/秒"
                f"（{rows / seconds:,.0f} 行/秒）"
            )
        )
