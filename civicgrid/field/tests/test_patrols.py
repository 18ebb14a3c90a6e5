"""Patrols: start once, record a track honestly (poor points marked, gaps kept), end, cases
found on the way linked both ways; only the owner may write to a patrol."""

import json
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from civicgrid.field import patrols
from civicgrid.field.models import Patrol, PatrolFinding
from civicgrid.field.tests.helpers import staff_of
from civicgrid.field.tests.test_report import post

pytestmark = pytest.mark.django_db


def point(at: datetime, lng=114.91, lat=25.87, acc=10):
    return {"t": int(at.timestamp() * 1000), "lng": lng, "lat": lat, "acc": acc}


def send(client, patrol, points):
    url = reverse("field:patrol-points", args=[patrol.pk])
    return client.post(url, json.dumps({"points": points}), content_type="application/json")


@pytest.fixture
def walking(client, people):
    client.force_login(people.grid_worker)
    client.post(reverse("field:patrol-start"))
    return Patrol.objects.get(user=people.grid_worker)


def test_it_starts_one_patrol_even_when_tapped_twice(client, people, walking):
    client.post(reverse("field:patrol-start"))
    assert Patrol.objects.filter(user=people.grid_worker).count() == 1
    page = client.get(reverse("field:patrol")).content.decode()
    assert "巡查中" in page and "结束巡查" in page and "patrol.js" in page


def test_it_offers_patrols_on_the_phone_task_list(client, people):
    client.force_login(people.grid_worker)
    page = client.get(reverse("field:task-list")).content.decode()
    assert 'id="patrol-button"' in page and reverse("field:patrol") in page


def test_it_stores_points_once_and_measures_the_distance_without_poor_points(client, walking):
    t0 = walking.started_at + timedelta(seconds=10)
    batch = [
        point(t0),
        point(t0 + timedelta(seconds=30), lat=25.871),  # about 111 m north
        point(t0 + timedelta(seconds=60), lat=25.880, acc=300),  # poor: kept, not measured
    ]
    assert send(client, walking, batch).json()["points"] == 3
    assert send(client, walking, batch).json()["points"] == 3  # a retried batch adds nothing
    walking.refresh_from_db()
    assert 105 < walking.distance_m < 117
    assert walking.points.filter(poor=True).count() == 1


def test_it_breaks_the_track_at_a_gap_and_draws_no_line_across_it(client, people, walking):
    t0 = timezone.now() - timedelta(minutes=30)
    Patrol.objects.filter(pk=walking.pk).update(started_at=t0)
    send(client, walking, [point(t0), point(t0 + timedelta(seconds=30), lat=25.871)])
    later = t0 + timedelta(minutes=20)  # the page was closed for twenty minutes
    send(
        client,
        walking,
        [point(later, lat=25.880), point(later + timedelta(seconds=30), lat=25.881)],
    )
    walking.refresh_from_db()
    summary = patrols.summary(walking)
    assert summary.gaps == 1
    assert walking.distance_m < 250  # the 1 km jump across the gap is not walked distance
    client.force_login(people.station_head)
    day = timezone.localdate(walking.started_at).isoformat()
    data = client.get(reverse("field:patrol-tracks") + f"?day={day}").json()
    track = next(f for f in data["features"] if f["properties"]["kind"] == "track")
    assert len(track["geometry"]["coordinates"]) == 2  # two lines, not one


@pytest.mark.parametrize(
    "body",
    ["not json", json.dumps({"points": "x"}), json.dumps({"points": [{"t": "soon"}]}),
     json.dumps({"points": [{"t": 0, "lng": 500, "lat": 0, "acc": 5}]})],
)  # fmt: skip
def test_it_answers_bad_points_with_a_chinese_message(client, walking, body):
    url = reverse("field:patrol-points", args=[walking.pk])
    answer = client.post(url, body, content_type="application/json")
    assert answer.status_code == 400
    assert any("\u4e00" <= ch <= "\u9fff" for ch in answer.json()["error"])


def test_it_refuses_points_dated_outside_the_patrol(client, walking):
    answer = send(client, walking, [point(walking.started_at - timedelta(hours=3))])
    assert answer.status_code == 400 and "手机时间" in answer.json()["error"]


def test_it_lets_nobody_else_write_to_or_end_a_patrol(client, people, walking):
    for persona in ("neighbour", "station_head", "outsider"):
        client.force_login(getattr(people, persona))
        assert send(client, walking, [point(timezone.now())]).status_code == 404
        assert client.post(reverse("field:patrol-end", args=[walking.pk])).status_code == 404
    walking.refresh_from_db()
    assert walking.is_open and walking.point_count == 0


def test_it_ends_the_patrol_with_its_figures(client, walking):
    answer = client.post(
        reverse("field:patrol-end", args=[walking.pk]), {"note": "无异常"}, follow=True
    )
    walking.refresh_from_db()
    assert not walking.is_open and walking.note == "无异常"
    assert "巡查已结束" in answer.content.decode()
    assert send(client, walking, [point(timezone.now())]).status_code == 400


def test_it_links_a_case_reported_during_a_patrol_to_it(client, city, people, walking):
    answer = post(client, city, people, description="巡查发现井盖缺失")
    assert answer.status_code == 302 and answer["Location"] == reverse("field:patrol")
    finding = PatrolFinding.objects.get(patrol=walking)
    assert finding.case.patrol_finding.patrol == walking
    assert finding.case.code in client.get(reverse("field:patrol")).content.decode()
    detail = client.get(reverse("field:task-detail", args=[finding.case.code])).content.decode()
    assert "巡查发现" in detail


def test_it_denies_patrols_to_staff_without_the_action(client, people):
    client.force_login(people.handler)
    assert client.get(reverse("field:patrol")).status_code == 403
    assert client.post(reverse("field:patrol-start")).status_code == 403


def test_it_shows_the_head_the_map_of_their_people_only(client, people):
    mine = patrols.start(user=people.grid_worker)
    theirs = patrols.start(user=people.neighbour)
    client.force_login(people.station_head)
    page = client.get(reverse("field:patrol-map")).content.decode()
    assert staff_of(people.grid_worker).name in page
    assert staff_of(people.neighbour).name not in page
    data = client.get(reverse("field:patrol-tracks")).json()
    shown = {f["properties"]["patrol"] for f in data["features"]}
    assert mine.pk in shown and theirs.pk not in shown
    client.force_login(people.grid_worker)
    assert client.get(reverse("field:patrol-map")).status_code == 403
    client.force_login(people.leader)
    page = client.get(reverse("field:patrol-map") + "?day=not-a-day").content.decode()
    assert staff_of(people.neighbour).name in page


def test_it_draws_tracks_in_the_tiles_datum(client, people, walking, settings):
    settings.CIVICGRID_MAP_TILE_CRS = "gcj02"
    t0 = walking.started_at + timedelta(seconds=5)
    send(client, walking, [point(t0), point(t0 + timedelta(seconds=30), lat=25.871)])
    client.force_login(people.station_head)
    day = timezone.localdate(walking.started_at).isoformat()
    data = client.get(reverse("field:patrol-tracks") + f"?day={day}").json()
    first = data["features"][0]["geometry"]["coordinates"][0][0]
    assert 0.003 < abs(first[0] - 114.91) < 0.01  # GCJ-02 lies some 500 m off WGS-84 here
