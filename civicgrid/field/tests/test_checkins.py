"""签到: near the place it is taken, too far it is refused, unsure it is flagged; a photo and
a position are required and bad ones get a Chinese answer."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from civicgrid.demo.photos import photo
from civicgrid.field.models import CheckIn
from civicgrid.people.models import Workstation

pytestmark = pytest.mark.django_db
URL = reverse("field:checkin-new")
# 0.001 degree of latitude is about 111 m.


@pytest.fixture
def station(city, people):
    ws = Workstation.objects.get(community=city.communities[0])
    ws.lng, ws.lat = 114.908, 25.872
    ws.save()
    return ws


def post(client, station, *, dlat=0.0, acc=10, upload=None, **extra):
    data = {
        "place": f"ws-{station.pk}",
        "lng": station.lng,
        "lat": station.lat + dlat,
        "accuracy": acc,
        "photo": upload if upload is not None else photo("before"),
    }
    data.update(extra)
    return client.post(URL, {k: v for k, v in data.items() if v is not None}, follow=True)


@pytest.fixture
def worker(client, people):
    client.force_login(people.grid_worker)
    return people.grid_worker


def test_it_checks_in_near_the_workstation(client, worker, station):
    page = post(client, station, dlat=0.001).content.decode()
    done = CheckIn.objects.get(user=worker)
    assert 100 < done.distance_m < 120 and not done.flagged
    assert done.workstation == station and done.photo
    assert "已在" in page and "签到" in page


def test_it_refuses_a_check_in_too_far_away_and_says_how_far(client, worker, station):
    page = post(client, station, dlat=0.01).content.decode()  # about 1.1 km
    assert not CheckIn.objects.exists()
    assert "签到未成功" in page and "超过允许的 500 米" in page


def test_it_flags_a_check_in_the_accuracy_circle_makes_uncertain(client, worker, station):
    page = post(client, station, dlat=0.005, acc=200).content.decode()  # 555 m, ±200 m
    done = CheckIn.objects.get(user=worker)
    assert done.flagged and "定位误差约 200 米" in done.flag_reason
    assert "存疑" in page
    post(client, station, dlat=0.004, acc=150)  # 444 m, ±150 m: could be beyond 500 m
    assert CheckIn.objects.filter(flagged=True).count() == 2


def test_it_checks_in_inside_a_grid_without_a_point(client, city, worker):
    grid = next(g for g in city.grids if g.parent_id == city.communities[0].pk)
    grid.refresh_from_db()
    data = {"place": f"area-{grid.pk}", "lng": grid.centroid_lng, "lat": grid.centroid_lat,
            "accuracy": 20, "photo": photo("before")}  # fmt: skip
    client.post(URL, data)
    assert CheckIn.objects.get(user=worker).distance_m == 0


def test_it_asks_for_the_position_when_the_phone_gave_none(client, worker, station):
    page = post(client, station, lng=None, lat=None, accuracy=None).content.decode()
    assert not CheckIn.objects.exists() and "未获取到手机定位" in page


@pytest.mark.parametrize(
    "upload, message",
    [
        (
            SimpleUploadedFile("a.jpg", b"not an image", content_type="image/jpeg"),
            "不是可识别的图片",
        ),
        (SimpleUploadedFile("big.jpg", b"0" * (10 * 1024 * 1024 + 1)), "超过 10 MB"),
    ],
)
def test_it_refuses_a_bad_photo_in_chinese(client, worker, station, upload, message):
    answer = post(client, station, upload=upload)
    assert answer.status_code == 200 and message in answer.content.decode()
    assert not CheckIn.objects.exists()


def test_it_requires_a_photo(client, worker, station):
    data = {"place": f"ws-{station.pk}", "lng": station.lng, "lat": station.lat, "accuracy": 5}
    assert "请拍摄一张现场照片" in client.post(URL, data).content.decode()


def test_it_offers_only_places_in_my_area(client, city, worker, station):
    other = Workstation.objects.get(community=city.communities[-1])
    page = client.get(URL).content.decode()
    assert f"ws-{station.pk}" in page and f"ws-{other.pk}" not in page
    data = {"place": f"ws-{other.pk}", "lng": 114.9, "lat": 25.8, "accuracy": 5, "photo": photo()}
    assert "该地点不在您的签到范围内" in client.post(URL, data).content.decode()
    assert not CheckIn.objects.exists()
