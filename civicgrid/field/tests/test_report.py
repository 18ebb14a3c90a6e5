"""随手拍: a grid worker reports from the phone, or fixes a small thing and closes it at once."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from civicgrid.cases.choices import Channel, Status, Tier
from civicgrid.cases.models import Case
from civicgrid.cases.tests.helpers import category
from civicgrid.demo.photos import photo

pytestmark = pytest.mark.django_db
URL = reverse("field:report-new")


def my_grid(city, people):
    grid = next(g for g in city.grids if g.parent_id == city.communities[0].pk)
    grid.refresh_from_db()
    return grid


def post(client, city, people, **extra):
    grid = my_grid(city, people)
    data = {
        "client_key": uuid.uuid4().hex,
        "category": category().pk,
        "description": "路边绿化带里有一堆建筑垃圾",
        "address": "西津路 3 号",
        "lng": f"{grid.centroid_lng:.6f}",
        "lat": f"{grid.centroid_lat:.6f}",
        "photos": [photo("before")],
    }
    data.update(extra)
    return client.post(URL, {k: v for k, v in data.items() if v is not None})


@pytest.fixture
def worker(client, people):
    client.force_login(people.grid_worker)
    return people.grid_worker


def test_it_offers_a_big_snap_button_on_the_task_list(client, worker):
    page = client.get(reverse("field:task-list")).content.decode()
    assert 'id="snap-button"' in page and URL in page and "随手拍" in page


def test_it_shows_the_form_with_camera_inputs_and_the_workers_own_grids(client, city, worker):
    page = client.get(URL).content.decode()
    assert 'capture="environment"' in page and 'name="after_photos"' in page
    assert "已现场处置（随手办）" in page
    for grid in city.grids:
        mine = grid.parent_id == city.communities[0].pk
        assert (f'<option value="{grid.pk}"' in page) == mine
    assert "反映人" not in page and "privacy" not in page


def test_it_reports_an_ordinary_case_that_shows_in_my_reports(client, city, people, worker):
    response = post(client, city, people)
    assert response.status_code == 302 and response["Location"] == reverse("field:task-list")
    case = Case.objects.get(description="路边绿化带里有一堆建筑垃圾")
    assert case.channel == Channel.GRID and case.status == Status.REPORTED
    assert case.attachments.filter(kind="before").count() == 1
    assert case.events.get(action="report").actor == worker
    mine = client.get(reverse("cases:case-list") + "?inbox=mine").content.decode()
    assert case.code in mine


def test_it_self_handles_in_one_step_with_after_photos(client, city, people, worker):
    response = post(client, city, people, handled="on", after_photos=[photo("after")], note="")
    assert response.status_code == 302
    case = Case.objects.get(description="路边绿化带里有一堆建筑垃圾")
    assert case.status == Status.HANDLED and case.tier == Tier.SELF and case.handler == worker
    assert list(case.events.values_list("action", flat=True)) == ["report", "self_handle"]
    assert case.attachments.filter(kind="after").count() == 1
    assert "已随手办结" in client.get(response["Location"]).content.decode()


def test_it_asks_for_after_photos_when_handled_on_the_spot(client, city, people, worker):
    response = post(client, city, people, handled="on")
    assert response.status_code == 200
    assert "随手办需上传处置后照片" in response.content.decode()
    assert not Case.objects.filter(description="路边绿化带里有一堆建筑垃圾").exists()


def test_it_leaves_no_case_when_the_after_photo_is_bad(client, city, people, worker):
    broken = SimpleUploadedFile("after.jpg", b"not a picture at all", content_type="image/jpeg")
    response = post(client, city, people, handled="on", after_photos=[broken])
    assert response.status_code == 200
    assert "提交未成功" in response.content.decode()
    assert not Case.objects.filter(description="路边绿化带里有一堆建筑垃圾").exists()


def test_it_makes_one_case_of_a_double_tap(client, city, people, worker):
    key = uuid.uuid4().hex
    for _ in range(2):
        response = post(
            client, city, people, client_key=key, handled="on", after_photos=[photo("after")]
        )
        assert response.status_code == 302
    case = Case.objects.get(description="路边绿化带里有一堆建筑垃圾")
    assert case.events.filter(action="self_handle").count() == 1


def test_it_falls_back_to_the_chosen_grid_without_a_position(client, city, people, worker):
    grid = my_grid(city, people)
    response = post(client, city, people, lng="", lat="", grid=grid.pk)
    assert response.status_code == 302
    case = Case.objects.get(description="路边绿化带里有一堆建筑垃圾")
    assert case.grid == grid and case.lng is None


def test_it_asks_for_a_place_without_position_or_grid(client, city, people, worker):
    response = post(client, city, people, lng="", lat="")
    assert response.status_code == 200 and "未获取手机定位" in response.content.decode()


def test_it_refuses_a_self_handle_outside_the_workers_area_and_keeps_nothing(
    client, city, people, worker
):
    far = next(g for g in city.grids if g.parent_id == city.communities[-1].pk)
    far.refresh_from_db()
    response = post(
        client,
        city,
        people,
        lng=f"{far.centroid_lng:.6f}",
        lat=f"{far.centroid_lat:.6f}",
        handled="on",
        after_photos=[photo("after")],
    )
    assert response.status_code == 200 and "管辖范围" in response.content.decode()
    assert not Case.objects.filter(description="路边绿化带里有一堆建筑垃圾").exists()


@pytest.mark.parametrize(
    "extra",
    [
        {"lng": "nan", "lat": "1e999"},
        {"lng": "114.9"},
        {"grid": "999999999"},
        {"grid": "x", "lng": "", "lat": ""},
        {"category": "abc"},
        {"description": "\x00\x00"},
        {"client_key": "k" * 500},
        {"photos": None},
        {"handled": "on", "after_photos": [photo("after")] * 12},
    ],
)
def test_it_never_fails_on_malformed_input(client, city, people, worker, extra):
    response = post(client, city, people, **extra)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "提交未成功" in response.content.decode()


def test_it_refuses_a_user_who_may_not_report(client, people):
    client.force_login(people.handler)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {}).status_code == 403
