"""Field duty of the demo city, "a working bureau seen today": workstation points, instructors,
the seeds' requirements, four weeks of patrols with tracks, check-ins and desk duty; most people
keep the rules, a few do not. Deterministic (a fixed seed), bulk inserts, idempotent."""

import random
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from shapely.geometry import shape

from civicgrid.cases.choices import Channel
from civicgrid.cases.models import Case
from civicgrid.catalog.timelimits import calendar
from civicgrid.demo.city import _user, person_name
from civicgrid.demo.photos import photo
from civicgrid.field.models import CheckIn, DutySlot, Patrol, PatrolFinding, Requirement, TrackPoint
from civicgrid.field.models.requirement import Activity, Period
from civicgrid.field.patrols import distance_of
from civicgrid.people.models import Workstation
from civicgrid.people.roles import ensure_roles

RULES = [
    ("执法队员每月进社区不少于 2 次", "officer", "", Activity.VISIT, Period.MONTH, 2, "嘉祥县"),
    ("网格员每个工作日巡查", "grid_worker", "", Activity.PATROL_DAY, Period.DAY, 1, "董家镇"),
    ("业务指导员每周进社区指导", "instructor", "", Activity.VISIT, Period.WEEK, 1, "嘉祥县"),
    (
        "执法队员每月在社区固定工作 4 天",
        "officer",
        "",
        Activity.FIXED_DAY,
        Period.MONTH,
        4,
        "图木舒克市",
    ),
    ("网格员每周工作站坐班 2 个半天", "grid_worker", "", Activity.DUTY, Period.WEEK, 2, "董家镇"),
]


def _at(day: date, hour: int, minute: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _track(rng, boundary, start: datetime, minutes: int, step_s: int) -> list[tuple]:
    """A walk round the grid: along its edge, a little noise, a few poor fixes, one gap."""
    west, south, east, north = shape(boundary).bounds
    corners = [(west, south), (east, south), (east, north), (west, north), (west, south)]
    n = minutes * 60 // step_s
    gap_from = rng.randrange(n // 3, n) if rng.random() < 0.3 else -1
    out = []
    for i in range(n):
        if gap_from <= i < gap_from + 600 // step_s:
            continue  # page closed for ten minutes: an honest hole in the track
        pos = 4 * i / n
        k = int(pos)
        (x1, y1), (x2, y2) = corners[k], corners[k + 1]
        f = pos - k
        inset = 0.0004
        lng = (
            x1 + (x2 - x1) * f + rng.uniform(-inset, inset) / 4 + (inset if x1 == west else -inset)
        )
        lat = (
            y1 + (y2 - y1) * f + rng.uniform(-inset, inset) / 4 + (inset if y1 == south else -inset)
        )
        acc = rng.choice([5, 8, 10, 12, 15, 20]) if rng.random() > 0.05 else rng.choice([80, 150])
        out.append((start + timedelta(seconds=i * step_s), round(lng, 6), round(lat, 6), acc))
    return out


@transaction.atomic
def seed(city, *, now: datetime | None = None) -> None:
    """Add field duty to a built city; does nothing if it already has patrols."""
    if Patrol.objects.exists():
        return
    now = now or timezone.now()
    today = timezone.localdate(now)
    rng = random.Random(14)
    roles = ensure_roles()
    work = calendar.get()
    stations = {
        w.community_id: w for w in Workstation.objects.filter(community__in=city.communities)
    }
    for community in city.communities:
        ws = stations[community.pk]
        ws.lng, ws.lat = round(community.centroid_lng, 6), round(community.centroid_lat, 6)
        ws.save(update_fields=["lng", "lat"])
    instructors = [
        _user(city, f"instructor{i + 1}", person_name(300 + i), "业务指导员",
              role=roles["instructor"], area=street, duty="指导辖区社区工作站业务，每周进社区")
        for i, street in enumerate(city.streets)
    ]  # fmt: skip
    for name, role, post, activity, period, count, source in RULES:
        Requirement.objects.get_or_create(
            name=name,
            defaults={"role": roles[role], "post": post, "activity": activity, "period": period,
                      "count": count, "source": source},
        )  # fmt: skip
    # From the Monday before the first of last month: both months' tables are full, weeks too.
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    first -= timedelta(days=first.weekday())
    days = [first + timedelta(days=d) for d in range((today - first).days + 1)]
    workdays = [d for d in days if work.is_workday(d)]
    grids: dict[int, list] = {}
    for g in city.grids:
        grids.setdefault(g.parent_id, []).append(g)
    found: dict[tuple[str, date], Case] = {}
    cut = len(city.communities[0].path)  # a case's area path cut to its community's
    for c in Case.objects.filter(channel=Channel.GRID, reported_at__gte=_at(days[0], 0, 0)).only(
        "pk", "area_path", "reported_at"
    ):
        found.setdefault((c.area_path[:cut], timezone.localdate(c.reported_at)), c)
    picture = default_storage.save("checkins/demo.jpg", ContentFile(photo("before").read()))
    patrols: list[Patrol] = []
    tracks: dict[int, list[TrackPoint]] = {}
    points: list[TrackPoint] = []
    checkins: list[CheckIn] = []
    slots: list[DutySlot] = []
    for n, community in enumerate(city.communities):
        worker, head, ws = (
            city.grid_workers[community.pk],
            city.heads[community.pk],
            stations[community.pk],
        )
        lazy = n % 6 == 5  # one grid worker in six skips days now and then
        for k, day in enumerate(workdays):
            if lazy and k % 4 == 1:
                continue
            is_today = day == today
            if is_today and now < _at(today, 9, 30):
                continue
            grid = grids[community.pk][k % len(grids[community.pk])]
            start = _at(day, 8 + (n % 3), 10 * (k % 5))
            minutes = (
                60 if not is_today else max(5, min(60, int((now - start).total_seconds() // 60)))
            )
            track = _track(rng, grid.boundary, start, minutes, 20 if is_today else 180)
            ended = None if is_today and n % 4 == 0 else start + timedelta(minutes=minutes)
            patrol = Patrol(user=worker, area=community, area_path=community.path, started_at=start,
                            ended_at=ended, note="沿街巡查一遍" if ended else "")  # fmt: skip
            tracks[id(patrol)] = [
                TrackPoint(at=t, lng=x, lat=y, accuracy_m=a, poor=a > 50) for t, x, y, a in track
            ]
            patrols.append(patrol)
            # Morning check-in at the workstation before going out.
            checkins.append(_checkin(worker, ws, community, start - timedelta(minutes=15), rng))
        # Someone at the desk every working half-day: the head and the grid worker take turns.
        for day in days + [today + timedelta(days=k) for k in range(1, 7 - today.weekday())]:
            if not work.is_workday(day):
                continue
            for half, who in (
                (("am", head), ("pm", worker)) if day.day % 2 else (("am", worker), ("pm", head))
            ):
                slots.append(DutySlot(workstation=ws, date=day, half=half, user=who))
                if who is head and day < today:
                    hour = 8 if half == "am" else 14
                    checkins.append(_checkin(head, ws, community, _at(day, hour, 25), rng))
    officers = [
        u for code, users in city.handlers.items() if code.startswith("enforcement") for u in users
    ]
    for i, officer in enumerate(officers):
        visits = 1 if i == len(officers) - 1 else 5  # the last officer visits too rarely
        for v in range(visits):
            day = workdays[(i * 3 + v * 5) % len(workdays)]
            community = city.communities[(i * 7 + v) % len(city.communities)]
            checkins.append(
                _checkin(officer, stations[community.pk], community, _at(day, 10, 0), rng)
            )
    for i, instructor in enumerate(instructors):
        street_communities = [c for c in city.communities if c.parent_id == city.streets[i].pk]
        for w, monday in enumerate(sorted({d - timedelta(days=d.weekday()) for d in days})):
            day = monday + timedelta(days=2)
            if day > today or (i == 0 and w == 1) or not street_communities:
                continue  # the first instructor missed a week
            community = street_communities[w % len(street_communities)]
            checkins.append(
                _checkin(instructor, stations[community.pk], community, _at(day, 15, 0), rng)
            )
    Patrol.objects.bulk_create(patrols)
    for p in patrols:
        walked = tracks[id(p)]
        for point in walked:
            point.patrol = p
        points.extend(walked)
        p.point_count, p.distance_m = len(walked), round(distance_of(walked))
        case = found.pop((p.area_path, timezone.localdate(p.started_at)), None)
        if case is not None:
            PatrolFinding.objects.create(patrol=p, case=case)
    Patrol.objects.bulk_update(patrols, ["point_count", "distance_m"])
    TrackPoint.objects.bulk_create(points, batch_size=2000)
    for visit in checkins:
        visit.photo.name = picture  # one stored photo serves every demo check-in
    CheckIn.objects.bulk_create(checkins)
    DutySlot.objects.bulk_create(slots, ignore_conflicts=True)


def _checkin(user, ws, community, at, rng) -> CheckIn:
    acc = rng.choice([8, 12, 20, 30])
    lng, lat = ws.lng + rng.uniform(-3e-4, 3e-4), ws.lat + rng.uniform(-3e-4, 3e-4)
    return CheckIn(user=user, at=at, area=community, area_path=community.path, workstation=ws,
                   lng=lng, lat=lat, accuracy_m=acc, distance_m=rng.randrange(5, 40))  # fmt: skip
