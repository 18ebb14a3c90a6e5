"""Convenience places of the demo city, "a working bureau seen today": toilets, parks, stall
areas with their hours and recycling points in every community, a few model stations.
Deterministic (a fixed seed), bulk inserts, idempotent (a city that has places is left alone)."""

import random

from django.db import transaction
from django.utils import timezone
from shapely.geometry import Point, shape

from civicgrid.amenities.choices import Kind
from civicgrid.amenities.models import Amenity, AmenityLog
from civicgrid.demo.city import short_name
from civicgrid.people.models import Workstation

TOILET_HOURS = ["全天开放", "全天开放", "6:00-22:00", "5:30-23:00"]
TOILET_NOTES = ["无障碍厕位、母婴室", "无障碍厕位", "第三卫生间、母婴室", ""]
PARKS = [("{}游园", "全天开放", "健身器材、儿童游乐区"), ("{}口袋公园", "6:00-22:30", "休憩座椅")]
STALLS = [
    ("{}夜市便民疏导点", "每天 17:30-23:00", "限定区域摆放，收摊即清"),
    ("{}早餐便民摊点", "每天 6:00-9:30", "早餐车定点经营"),
    ("{}果蔬临时摊区", "周六、周日 7:00-12:00", "农户自产果蔬"),
]
RECYCLING_HOURS = "周一至周六 8:00-18:00"
MODEL_EVERY = 6  # one workstation in six is a model station 示范点


def _spot(rng: random.Random, polygon, inset: float = 0.0006) -> tuple[float, float]:
    """A point inside the community, off its edge."""
    west, south, east, north = polygon.bounds
    for _ in range(50):
        lng = rng.uniform(west + inset, east - inset)
        lat = rng.uniform(south + inset, north - inset)
        if polygon.contains(Point(lng, lat)):
            return round(lng, 6), round(lat, 6)
    point = polygon.representative_point()
    return round(point.x, 6), round(point.y, 6)


def _places(rng: random.Random, community, index: int) -> list[Amenity]:
    polygon, short = shape(community.boundary), short_name(community)
    street = community.parent.name.removesuffix("街道") if community.parent else ""

    def place(kind, name, hours, notes, address):
        lng, lat = _spot(rng, polygon)
        return Amenity(
            kind=kind,
            name=name,
            community=community,
            address=address,
            lng=lng,
            lat=lat,
            hours=hours,
            notes=notes,
        )

    found = [
        place(
            Kind.TOILET,
            f"{short}公厕",
            rng.choice(TOILET_HOURS),
            rng.choice(TOILET_NOTES),
            f"{short}{rng.randint(1, 120)}号旁",
        )
    ]
    if index % 2 == 0:
        found.append(
            place(Kind.TOILET, f"{short}农贸市场公厕", "5:30-21:00", "", f"{short}农贸市场内")
        )
    name, hours, notes = PARKS[index % len(PARKS)]
    found.append(place(Kind.PARK, name.format(short), hours, notes, f"{street}{short}一带"))
    if index % 3 != 2:
        name, hours, notes = STALLS[index % len(STALLS)]
        found.append(place(Kind.STALL, name.format(short), hours, notes, f"{short}沿街空地"))
    found.append(
        place(
            Kind.RECYCLING,
            f"{short}再生资源回收点",
            RECYCLING_HOURS,
            "废纸、塑料瓶、旧衣物、小家电",
            f"{short}小区东门",
        )
    )
    return found


def seed(city) -> None:
    """Places in every community with a boundary, their creation logs, and model stations."""
    if Amenity.objects.exists():
        return
    rng = random.Random(16)
    communities = [c for c in city.communities if c.boundary]
    with transaction.atomic():
        places = []
        for i, community in enumerate(communities):
            places += _places(rng, community, i)
        Amenity.objects.bulk_create(places)
        now = timezone.now()
        created = Amenity.objects.select_related("community").order_by("pk")
        AmenityLog.objects.bulk_create(
            AmenityLog(
                amenity=a,
                action="create",
                actor=city.heads.get(a.community_id),
                at=now,
                source="demo",
                changes={"name": a.name, "kind": a.kind, "community": a.community.code},
            )
            for a in created
        )
        stations = Workstation.objects.filter(community__in=communities).order_by("community__path")
        model = [ws.pk for i, ws in enumerate(stations) if i % MODEL_EVERY == 0]
        Workstation.objects.filter(pk__in=model).update(is_model=True)
