"""A year of a working bureau's cases, relative to now, and a few fresh reports for the bells.

Each past case is walked step by step in memory (`demo/lifecycle.py` writes what the workflow
would have written) and inserted in bulk: bulk inserts send no signals, so history notifies
nobody. Steps take a share of their stage's time limit, mostly well within it, so at any hour
most open cases are on time, a few are warned or overdue, and every day has its closures.
Only `fresh_reports` goes through `services.report` and the workflow, and lights up the bells.
"""

import math
import random
from collections import Counter, deque
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from civicgrid.areas.models import Area
from civicgrid.cases import services, tallies
from civicgrid.cases import workflow as wf
from civicgrid.cases.choices import Channel, Clock, RequestType, Status
from civicgrid.cases.models import Attachment
from civicgrid.catalog.choices import Urgency
from civicgrid.catalog.models import Category
from civicgrid.catalog.routing import responsible_department
from civicgrid.demo.city import City, person_name, short_name
from civicgrid.demo.lifecycle import SWEEP_AFTER, Life, save_all
from civicgrid.demo.photos import photo
from civicgrid.demo.texts import ANSWERS, CONSULTS, DESCRIPTIONS, PLACES, PRAISES, SUGGESTIONS
from civicgrid.lib.codes import ALPHABET
from civicgrid.lib.images import clean_photo

CASES = 10_000  # over DAYS: about 27 a day across the district, growing through the year
DAYS = 365

CHANNELS = [
    (Channel.QR, 35),
    (Channel.HOTLINE, 25),
    (Channel.GRID, 25),
    (Channel.WECHAT, 10),
    (Channel.STAFF, 5),
]
RESIDENT_CHANNELS = {Channel.QR, Channel.HOTLINE, Channel.WECHAT}
# A share of the staff's registrations is the desk's: a caller or a visitor (登记).
DESK = [(Channel.PHONE, 60), (Channel.VISIT, 40)]
CALLERS = RESIDENT_CHANNELS | {Channel.PHONE, Channel.VISIT}
# What residents ask for (诉求类型), mostly complaints; the staff report problems only.
KINDS = [
    (RequestType.COMPLAINT, 72),
    (RequestType.HELP, 12),
    (RequestType.TIP_OFF, 4),
    (RequestType.CONSULT, 7),
    (RequestType.SUGGESTION, 3),
    (RequestType.PRAISE, 2),
]
KIND_TEXTS = {
    RequestType.CONSULT: CONSULTS,
    RequestType.SUGGESTION: SUGGESTIONS,
    RequestType.PRAISE: PRAISES,
}
# How far into its time limit a stage ends: (weight, lowest, highest share of the limit).
# Mostly well within it, some in the warning window, a few late (the sweep marks them).
PACE = [(88, 0.05, 0.75), (9, 0.8, 1.0), (3, 1.02, 1.8)]
REPORT_HOURS = [1, 0, 0, 0, 0, 1, 3, 6, 9, 10, 10, 8, 5, 6, 8, 9, 9, 8, 7, 6, 5, 4, 2, 1]
RATINGS = ([5, 4, 3, 2, 1], [62, 22, 9, 4, 3])
COMMENTS = ["处理很及时", "满意", "", "希望以后多巡查", "处理得比较慢", "工作人员态度很好", ""]
# Shares of open cases a visitor sees at any hour (on time is the rest): (at least, at most).
TARGET = {Clock.OVERDUE: (0.065, 0.09), Clock.WARNED: (0.10, 0.13)}
RECENT = timedelta(days=12)  # cases walked again by `balance` are reported this recently
STUCK = timedelta(days=4)  # a case left overdue went past its deadline at most this long ago
HANDLING = {Status.DISPATCHED, Status.IN_PROGRESS}
PHOTOS = 6  # distinct demo photos of each kind, shared by the history's attachments


class _StillOpen(Exception):
    """The next step of a case lies in the future: it stays open at its current stage."""


def _pick(rnd, weighted):
    return rnd.choices([w[0] for w in weighted], [w[1] for w in weighted])[0]


class Walker:
    """Walks one past case through its life until now, with realistic gaps between steps."""

    def __init__(self, city: City, rnd: random.Random, now: datetime, photos: dict):
        self.city, self.rnd, self.now, self.photos = city, rnd, now, photos
        self.force = None  # "overdue", "warned" or "prompt": see `balance`
        self.areas: dict = {}
        self.community_of = {g.pk: g.parent_id for g in city.grids}

    def photo(self, kind) -> list[str]:
        return [self.rnd.choice(self.photos[kind])]

    def after(self, at, lo_minutes, hi_minutes, *, urgent=False):
        """A moment some minutes after `at`; staff and residents act in the daytime."""
        at = at + timedelta(minutes=self.rnd.uniform(lo_minutes, hi_minutes))
        return at if urgent else self.daytime(at)

    def daytime(self, at):
        local = timezone.localtime(at)
        if 7 <= local.hour < 22:
            return at
        morning = local.replace(hour=7, minute=30, second=0, microsecond=0)
        if local.hour >= 22:
            morning += timedelta(days=1)
        return morning + timedelta(minutes=self.rnd.uniform(0, 90))

    def stage_end(self, life, start):
        """When the action ending the current stage happens, paced against its deadline."""
        c = life.case
        if c.due_at is None:  # a stage without a time limit
            return self.after(start, 30, 600)
        if (
            self.force == "overdue"
            and c.status in HANDLING
            and c.due_at < self.now < c.due_at + STUCK
        ):
            return self.now + timedelta(days=1)
        if (
            self.force == "warned"
            and c.warn_at < self.now - SWEEP_AFTER * 2
            and self.now < c.due_at
        ):
            return self.now + timedelta(days=1)
        pace = PACE[:1] if self.force == "prompt" else PACE
        _, lo, hi = pace[_pick(self.rnd, [(i, w) for i, (w, _, _) in enumerate(pace)])]
        share = self.rnd.uniform(lo, hi)
        at = start + (c.due_at - start) * min(share, 1)
        if share > 1:  # late, but not by days: a weekend inside the window is not the measure
            late = HANDLING | {Status.HANDLED}
            cap = timedelta(days=1) if c.status in late else timedelta(hours=3)
            at += min((c.due_at - start) * (share - 1), cap)
        at = max(at, start + timedelta(minutes=3))
        return at if c.urgency == Urgency.URGENT else self.daytime(at)

    def check(self, at):
        if at > self.now:
            raise _StillOpen()
        return at

    def ancestor(self, area, level):
        key = (area.pk, level)
        if key not in self.areas:
            self.areas[key] = area.ancestor_at(level)
        return self.areas[key]

    def live(self, spec, *, rnd=None, force=None) -> Life:
        """Report the case of `spec` and walk it; `rnd` and `force` for this walk only."""
        kept = self.rnd, self.force
        self.rnd, self.force = rnd or self.rnd, force
        fields, community, street = spec
        life = Life.report(**fields)
        self.walk(life, community, street)
        self.rnd, self.force = kept
        return life

    def walk(self, life, community, street) -> None:
        kind = life.case.request_type
        try:
            if kind == RequestType.CONSULT or (
                kind == RequestType.SUGGESTION and self.rnd.random() < 0.6
            ):
                at = self.check(self.stage_end(life, life.case.reported_at))
                reply = self.rnd.choice(ANSWERS)
                life.answer(actor=self.city.dispatchers[street.pk], reply=reply, at=at)
            elif kind == RequestType.PRAISE:
                self._praised(life, street)
            elif life.case.channel == Channel.GRID and self.rnd.random() < 0.35:
                self._self_handled(life, community, street)
            elif life.case.channel in RESIDENT_CHANNELS and self.rnd.random() < 0.04:
                at = self.check(self.stage_end(life, life.case.reported_at))
                life.reject(
                    actor=self.city.dispatchers[street.pk],
                    reason="经核实不属于城市管理职责范围，已告知反映人",
                    at=at,
                )
            else:
                self._dispatched(life, community, street)
        except _StillOpen:
            pass
        life.sweep_until(self.now)

    def _praised(self, life, street):
        c = life.case
        unit = (
            responsible_department(c.category, c.area_path) or self.city.departments["sanitation"]
        )
        at = self.check(self.stage_end(life, c.reported_at))
        note = "已将市民表扬转达被表扬单位"
        life.forward_praise(
            actor=self.city.dispatchers[street.pk], department=unit, note=note, at=at
        )

    def _self_handled(self, life, community, street):
        c = life.case
        grid_worker = self.city.grid_workers[community.pk]
        at = self.check(self.after(c.reported_at, 5, 60))
        life.self_handle(actor=grid_worker, note="已现场处理", photos=self.photo("after"), at=at)
        at = self.check(self.stage_end(life, at))
        life.verify(actor=self.city.heads[community.pk], note="复核通过", at=at)
        at = self.check(self.after(at, 10, 300))
        life.close(actor=self.city.dispatchers[street.pk], at=at)

    def _dispatched(self, life, community, street):
        rnd, c = self.rnd, life.case
        urgent = c.urgency == Urgency.URGENT
        dispatcher = self.city.dispatchers[street.pk]
        grid_worker = self.city.grid_workers[community.pk]
        at = self.check(self.stage_end(life, c.reported_at))
        life.accept(actor=dispatcher, at=at)
        at = self.check(self.stage_end(life, at))
        life.dispatch(actor=dispatcher, at=at)
        handler = rnd.choice(self.city.handlers[c.department.code])
        at = self._handle(life, at, handler, community, dispatcher)
        if rnd.random() < 0.06:
            at = self.check(self.stage_end(life, at))
            lng, lat = self._near(c)
            life.rework(actor=grid_worker, reason="现场核查仍未处理干净", at=at, lng=lng, lat=lat)
            at = self._handle(life, at, handler, community, dispatcher, again=True)
        at = self.check(self.stage_end(life, at))
        lng, lat = self._near(c)
        life.verify(actor=grid_worker, note="现场核查已处理", at=at, lng=lng, lat=lat)
        at = self.check(self.after(at, 10, 600, urgent=urgent))
        life.close(actor=dispatcher, at=at)
        if c.channel in RESIDENT_CHANNELS and rnd.random() < 0.6:
            at = self.check(self.after(at, 60, 2880))
            score = rnd.choices(*RATINGS)[0]
            life.rate(score=score, comment=rnd.choice(COMMENTS), at=at)

    def _handle(self, life, start, handler, community, dispatcher, again=False):
        """The handling stage: start, perhaps an escalation, a whistle or an urge, finish."""
        rnd, c = self.rnd, life.case
        end = self.stage_end(life, start)
        span = end - start
        steps = []
        if not again:
            steps.append((start + span * rnd.uniform(0.05, 0.3), self._start(life, handler)))
            if rnd.random() < 0.04:
                steps.append((start + span * rnd.uniform(0.02, 0.2), self._escalate(life)))
            if rnd.random() < 0.03:
                steps += self._whistle(life, start + span * rnd.uniform(0.02, 0.2), end)
        if c.warn_at and end > c.warn_at and rnd.random() < 0.5:
            urged = c.warn_at + (end - c.warn_at) * rnd.uniform(0.1, 0.9)
            steps.append((urged, self._urge(life, dispatcher)))
        for at, step in sorted(steps, key=lambda s: s[0]):
            step(self.check(at))
        end = self.check(end)
        life.finish(actor=handler, note="已处置完毕", photos=self.photo("after"), at=end)
        return end

    def _start(self, life, handler):
        return lambda at: life.start(actor=handler, at=at)

    def _urge(self, life, dispatcher):
        return lambda at: life.urge(actor=dispatcher, note="群众反映强烈，请尽快处置", at=at)

    def _escalate(self, life):
        head = self.city.heads[self._community_pk(life)]
        reason = "涉及多个部门，社区协调不了"
        return lambda at: life.escalate(actor=head, reason=reason, at=at, ancestor=self.ancestor)

    def _whistle(self, life, at, end):
        head = self.city.heads[self._community_pk(life)]
        others = [d for d in self.city.departments.values() if d.pk != life.case.department_id]
        departments = self.rnd.sample(others, 2)
        note = "问题复杂，请相关部门到场"
        steps = [(at, lambda t: life.whistle(actor=head, departments=departments, note=note, at=t))]
        for d in departments:
            reported = at + timedelta(minutes=self.rnd.uniform(5, 50))
            if reported < end:
                user = self.city.handlers[d.code][0]
                steps.append(
                    (reported, lambda t, u=user: life.report_in(actor=u, note="已到场", at=t))
                )
        return steps

    def _community_pk(self, life):
        return self.community_of[life.case.grid_id]

    def _near(self, case):
        """Where the grid worker stood when checking: a few metres from the case point."""
        return case.lng + self.rnd.uniform(-2e-4, 2e-4), case.lat + self.rnd.uniform(-2e-4, 2e-4)


def _photo_pool() -> dict:
    """A few cleaned photos stored once; the history's attachments share them."""
    pool: dict[str, list[str]] = {}
    field = Attachment._meta.get_field("image")
    for kind in ("before", "after"):
        pool[kind] = []
        for seed in range(PHOTOS):
            cleaned = clean_photo(photo(kind, seed=seed, size=(240, 180)))
            name = field.generate_filename(None, f"demo-{kind}-{seed}.jpg")  # type: ignore[arg-type]  # upload_to is a plain path
            if not default_storage.exists(name):
                name = default_storage.save(name, ContentFile(cleaned.read()))
            pool[kind].append(name)
    return pool


def _reported_at(rnd, now, days) -> datetime:
    """A report time: more in recent months (the service grew), mostly daytime."""
    while True:
        age = rnd.uniform(0, days)
        if rnd.random() < 1 - 0.45 * age / days:
            break
    day = timezone.localtime(now - timedelta(days=age))
    hour = rnd.choices(range(24), REPORT_HOURS)[0]
    at = day.replace(hour=hour, minute=rnd.randrange(60), second=rnd.randrange(60))
    return at if at < now else now - timedelta(minutes=rnd.uniform(1, 120))


def plan(city: City, *, count: int, days: int, seed: int, now: datetime) -> list[Life]:
    """The lives of `count` cases reported over the last `days` days, in memory."""
    rnd = random.Random(seed)
    asks = random.Random(seed + 1)  # its own stream: the rest of the history stays as it was
    common = list(Category.objects.filter(common_rank__isnull=False).select_related("parent"))
    weights = [30 - (c.common_rank or 20) for c in common]
    walker = Walker(city, rnd, now, _photo_pool())
    streets: dict[int | None, Area] = {s.pk: s for s in city.streets}
    communities: dict[int | None, Area] = {c.pk: c for c in city.communities}
    # Communities differ in size; the first (head1, grid1) is a busy one.
    busy = [4.0] + [rnd.uniform(0.4, 2.0) for _ in city.communities[1:]]
    grid_weights = [busy[city.communities.index(communities[g.parent_id])] for g in city.grids]
    boxes = [_box(g) for g in city.grids]
    specs = []
    for _ in range(count):
        i = rnd.choices(range(len(city.grids)), grid_weights)[0]
        grid, (west, south, east, north) = city.grids[i], boxes[i]
        community = communities[grid.parent_id]
        category = rnd.choices(common, weights)[0]
        channel = _pick(rnd, CHANNELS)
        if channel == Channel.STAFF and asks.random() < 0.5:
            channel = _pick(asks, DESK)
        resident = channel in CALLERS
        street = streets[community.parent_id]
        actor = {
            Channel.GRID: city.grid_workers[community.pk],
            Channel.STAFF: city.heads[community.pk],
            Channel.PHONE: city.dispatchers[street.pk],
            Channel.VISIT: city.dispatchers[street.pk],
        }.get(channel)
        text = rnd.choice(DESCRIPTIONS.get(category.code, ["{p}发现{c}问题"]))
        has_name, has_phone = rnd.random() < 0.5, rnd.random() < 0.6
        kind = _pick(asks, KINDS) if resident else RequestType.COMPLAINT
        if kind in KIND_TEXTS:
            text = asks.choice(KIND_TEXTS[kind])
        fields = dict(
            at=_reported_at(rnd, now, days),
            actor=actor,
            photos=walker.photo("before") if rnd.random() < 0.5 else [],
            code="".join(rnd.choices(ALPHABET, k=16)),
            channel=channel,
            request_type=kind,
            description=text.format(p=rnd.choice(PLACES), c=category.name),
            category=category,
            lng=rnd.uniform(west, east),
            lat=rnd.uniform(south, north),
            address=f"{short_name(community)}{rnd.choice(PLACES)}",
            urgency=Urgency.URGENT if rnd.random() < 0.06 else Urgency.NORMAL,
            reporter_name=person_name(rnd.randrange(999)) if resident and has_name else "",
            reporter_phone=f"13{rnd.randrange(10**9):09d}" if resident and has_phone else "",
        )
        specs.append((fields, community, street))
    lives = [walker.live(spec) for spec in specs]
    balance(walker, specs, lives, seed=seed)
    return lives


def balance(walker, specs, lives, *, seed) -> None:
    """Walk some recent cases again until the open ones at now sit in the target shares.

    The share of open cases that are warned or overdue depends on the hour and the weekday
    (deadlines stop over a weekend), so instead of hoping, a few recent cases are walked
    again: late ones made prompt, prompt ones left stuck in handling or in their warning
    window. Every walk is a full, consistent life; only which life a case had changes.
    """
    now = walker.now
    state = {i: life.case.clock_at(now) for i, life in enumerate(lives) if life.case.is_open}
    recent = [
        i
        for i, life in enumerate(lives)
        if now - RECENT < life.case.reported_at < now - timedelta(hours=6)
    ]
    random.Random(seed).shuffle(recent)
    queue = deque(recent)
    tries = 0
    while tries < 50 * len(TARGET):
        counts = Counter(state.values())
        total = sum(counts.values())
        need = _imbalance(counts, total)
        if need is None:
            return
        clock, too_many = need
        tries += 1
        if too_many:
            i = min(i for i, s in state.items() if s == clock)
            candidates, force = [i], "prompt"
        else:
            queue.rotate(-20)  # try other cases next time
            candidates = [
                j for j in list(queue)[-20:] if state.get(j, Clock.ON_TIME) == Clock.ON_TIME
            ]
            force = clock
        for i in candidates:
            life = walker.live(specs[i], rnd=random.Random(f"{seed}:{i}:{tries}"), force=force)
            now_state = life.case.clock_at(now) if life.case.is_open else None
            if (now_state == clock) != too_many:
                lives[i] = life
                state.pop(i, None)
                if now_state:
                    state[i] = now_state
                break


def _imbalance(counts, total):
    """(clock, whether there are too many) of the first share off target, or None."""
    for clock, (_, high) in TARGET.items():
        if counts[clock] > math.floor(high * total):
            return clock, True
    for clock, (low, _) in TARGET.items():
        if counts[clock] < math.floor(low * total + 0.5):
            return clock, False
    return None


def _box(grid):
    points = grid.boundary["coordinates"][0]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    margin = 1e-5  # keep points strictly inside, so the point lookup finds this grid
    return min(xs) + margin, min(ys) + margin, max(xs) - margin, max(ys) - margin


def generate(
    city: City,
    *,
    count: int = CASES,
    days: int = DAYS,
    seed: int = 7,
    progress=None,
    now: datetime | None = None,
) -> int:
    """Make `count` past cases over the last `days` days; returns how many were made."""
    now = now or timezone.now()
    lives = plan(city, count=count, days=days, seed=seed, now=now)
    lives.sort(key=lambda life: life.case.reported_at)
    with transaction.atomic():
        save_all(lives, progress=progress)
        tallies.rebuild()  # bulk inserts bypass the per-event counts of the community page
    return len(lives)


def fresh_reports(city: City, count: int = 6, seed: int = 11) -> list:
    """A few reports of the last hour in the first street, made and moved by the real services
    so that they notify, half of them already dispatched."""
    rnd = random.Random(seed)
    street = city.streets[0]
    dispatcher = city.dispatchers[street.pk]
    grids = [g for g in city.grids if g.path.startswith(street.path)]
    now = timezone.now()
    made = []
    for i in range(count):
        grid = grids[i % len(grids)]
        at = now - timedelta(minutes=50 * (count - i) / count)
        case = services.report(
            channel=Channel.QR,
            description=f"{rnd.choice(PLACES)}有一堆生活垃圾，气味很大，麻烦尽快清理",
            category=Category.objects.get(kind="matter", code="06010"),
            lng=grid.centroid_lng,
            lat=grid.centroid_lat,
            reporter_phone=f"139{rnd.randrange(10**8):08d}",
            at=at,
        )
        if i % 2:
            wf.accept(case=case, actor=dispatcher, at=at + timedelta(minutes=3))
            wf.dispatch(case=case, actor=dispatcher, at=at + timedelta(minutes=5))
        made.append(case)
    return made
