from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction

from civicgrid.cases.errors import InvalidInput
from civicgrid.volunteers import services
from civicgrid.volunteers.choices import ActivityKind, PersonKind, PersonStatus
from civicgrid.volunteers.models import PointEntry, PointRule, Volunteer
from civicgrid.volunteers.tests.helpers import new_supervisor, new_volunteer

pytestmark = pytest.mark.django_db


def test_it_gives_points_per_hour_of_service(city):
    person = new_volunteer(city)
    head = city.heads[person.community_id]
    day = date.today()
    services.record(
        volunteer=person, actor=head, day=day, title="劝导", kind=ActivityKind.SERVICE, hours=2.5
    )
    services.record(
        volunteer=person, actor=head, day=day, title="普法", kind=ActivityKind.EVENT, hours=2
    )
    entries = list(person.entries.order_by("pk"))
    assert [e.delta for e in entries] == [5, 5]  # 2 per hour (2.5 h rounds to 5), 5 per event
    assert entries[-1].balance == 10 == services.year_points(person, day.year)


def test_it_follows_the_rules_edited_in_admin(city):
    person = new_volunteer(city)
    PointRule.objects.filter(kind=ActivityKind.EVENT).update(points=8)
    PointRule.objects.filter(kind=ActivityKind.SERVICE).update(active=False)
    head = city.heads[person.community_id]
    for kind in (ActivityKind.EVENT, ActivityKind.SERVICE):
        services.record(
            volunteer=person, actor=head, day=date.today(), title="x", kind=kind, hours=1
        )
    assert list(person.entries.values_list("delta", flat=True)) == [8]
    assert person.activities.count() == 2


def test_the_points_ledger_is_append_only(city):
    person = new_volunteer(city)
    services.record(
        volunteer=person,
        actor=city.heads[person.community_id],
        day=date.today(),
        title="x",
        kind=ActivityKind.EVENT,
        hours=0,
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        PointEntry.objects.update(delta=100)
    with pytest.raises(DatabaseError), transaction.atomic():
        PointEntry.objects.all().delete()


def test_it_refuses_bad_activities(city):
    head = city.heads[city.communities[0].pk]
    pending = new_volunteer(city, status=PersonStatus.PENDING)
    active = new_volunteer(city)
    cases = [
        (pending, date.today(), ActivityKind.EVENT, 0, "在册"),
        (active, date.today() + timedelta(days=1), ActivityKind.EVENT, 0, "晚于今天"),
        (active, date.today(), ActivityKind.SERVICE, 0, "时长"),
    ]
    for person, day, kind, hours, words in cases:
        with pytest.raises(InvalidInput, match=words):
            services.record(
                volunteer=person, actor=head, day=day, title="x", kind=kind, hours=hours
            )
    assert not PointEntry.objects.exists()


def test_a_resident_applies_and_the_station_approves(city):
    community = city.communities[0]
    person = services.apply(
        community=community, name="王大妈", phone="13800001111", kind=PersonKind.SUPERVISOR
    )
    assert person.status == PersonStatus.PENDING and person.applied_online
    with pytest.raises(InvalidInput, match="已在本社区"):
        services.apply(community=community, name="王", phone="13800001111", kind="volunteer")
    services.approve(volunteer=person, actor=city.heads[community.pk])
    person.refresh_from_db()
    assert person.status == PersonStatus.ACTIVE and person.badge_no.startswith("JD")
    with pytest.raises(InvalidInput):
        services.approve(volunteer=person, actor=city.heads[community.pk])


def test_the_phone_is_encrypted_and_found_by_digest(city):
    from django.db import connection

    person = new_supervisor(city, phone="13912340000")
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, name FROM volunteers_volunteer WHERE id = %s", [person.pk])
        raw_phone, raw_name = cursor.fetchone()
    assert "13912340000" not in raw_phone and "张监督" not in raw_name
    assert person.masked_phone == "139****0000"
    assert Volunteer.objects.get(pk=person.pk).phone == "13912340000"


def test_the_ranking_counts_the_year(city):
    first, second = new_volunteer(city), new_volunteer(city)
    head = city.heads[first.community_id]
    today = date.today()
    for person, hours in ((first, 1), (second, 3)):
        services.record(
            volunteer=person, actor=head, day=today, title="x", kind="service", hours=hours
        )
    rows = services.ranking(Volunteer.objects.all(), today.year)
    assert [(v.pk, total, hours) for v, total, hours in rows] == [
        (second.pk, 6, Decimal("3.0")),
        (first.pk, 2, Decimal("1.0")),
    ]
    assert services.ranking(Volunteer.objects.all(), today.year - 1) == []
