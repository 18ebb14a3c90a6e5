"""The phone pages: my tasks nearest first, on-site verification with its distance, scope."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from civicgrid.cases.choices import Status
from civicgrid.cases.models import CaseEvent
from civicgrid.demo.photos import photo
from civicgrid.field.tests.assign_helpers import send
from civicgrid.field.tests.helpers import dispatched, handled

pytestmark = pytest.mark.django_db

# 0.001 degree of latitude is about 111 m.
NEAR, FAR = 0.0002, 0.01


def post_action(client, case, action, data=None, **kwargs):
    url = reverse("field:task-act", kwargs={"code": case.code, "action": action})
    return client.post(url, {"version": case.version, **(data or {})}, follow=True, **kwargs)


@pytest.mark.parametrize("persona", ["outsider", "neighbour", "other_handler"])
def test_it_answers_404_outside_the_scope(client, city, people, persona):
    case = handled(city, people)
    client.force_login(getattr(people, persona))
    detail = reverse("field:task-detail", kwargs={"code": case.code})
    assert client.get(detail).status_code == 404
    act = reverse("field:task-act", kwargs={"code": case.code, "action": "verify"})
    assert client.post(act, {"version": case.version}).status_code == 404
    case.refresh_from_db()
    assert case.status == Status.HANDLED


def test_it_lists_the_department_cases_to_handle_with_navigation_links(client, city, people):
    case = dispatched(city, people)
    client.force_login(people.handler)
    page = client.get(reverse("field:task-list")).content.decode()
    assert case.code in page and "已派遣" in page
    assert f"geo:{case.lat:.6f},{case.lng:.6f}" in page
    assert "https://uri.amap.com/marker?position=" in page
    client.force_login(people.other_handler)
    assert case.code not in client.get(reverse("field:task-list")).content.decode()


def test_it_lists_handled_cases_to_verify_in_the_grid_worker_area_only(client, city, people):
    mine = handled(city, people, community=0)
    theirs = handled(city, people, community=1)
    client.force_login(people.grid_worker)
    page = client.get(reverse("field:task-list")).content.decode()
    assert mine.code in page and "待核查" in page and theirs.code not in page


def test_it_sorts_nearest_first_when_the_position_is_known_else_by_deadline(client, city, people):
    # Handled an hour apart on a working morning, so their verify deadlines differ.
    morning = datetime(2026, 6, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(morning, tick=False):
        first = handled(city, people, grid=0)  # earlier deadline
    with time_machine.travel(morning + timedelta(hours=1), tick=False):
        second = handled(city, people, grid=1)
    assert first.due_at < second.due_at
    client.force_login(people.grid_worker)
    page = client.get(reverse("field:task-list")).content.decode()
    assert page.index(first.code) < page.index(second.code)
    assert "按处置时限排序" in page
    here = {"lng": second.lng, "lat": second.lat + NEAR}
    page = client.get(reverse("field:task-list"), here).content.decode()
    assert page.index(second.code) < page.index(first.code)
    assert "距您约 22 米" in page and "由近到远" in page


def test_it_verifies_on_site_and_records_the_distance(client, city, people):
    case = handled(city, people)
    client.force_login(people.grid_worker)
    detail = reverse("field:task-detail", kwargs={"code": case.code})
    page = client.get(detail, {"lng": case.lng, "lat": case.lat + NEAR}).content.decode()
    assert "距案件位置约 22 米" in page and "超出" not in page
    assert 'name="lng"' in page and 'capture="environment"' in page
    response = post_action(
        client,
        case,
        "verify",
        {"lng": case.lng, "lat": case.lat + NEAR, "photos": [photo("after", seed=3)]},
    )
    assert "已核查通过（距案件位置约 22 米）" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.VERIFIED
    event = CaseEvent.objects.get(case=case, action="verify")
    assert event.data["distance_m"] == 22 and event.data["beyond_radius"] is False
    assert event.attachments.count() == 1


def test_it_warns_beyond_the_radius_but_still_verifies(client, city, people, settings):
    settings.CIVICGRID_VERIFY_RADIUS_M = 100
    case = handled(city, people)
    client.force_login(people.grid_worker)
    detail = reverse("field:task-detail", kwargs={"code": case.code})
    page = client.get(detail, {"lng": case.lng, "lat": case.lat + FAR}).content.decode()
    assert "超出 100 米核查范围" in page
    response = post_action(client, case, "verify", {"lng": case.lng, "lat": case.lat + FAR})
    text = response.content.decode()
    assert "距案件位置约 1112 米" in text and "超过 100 米，已记录在案" in text
    event = CaseEvent.objects.get(case=case, action="verify")
    assert event.data["beyond_radius"] is True and event.data["distance_m"] == 1112
    case.refresh_from_db()
    assert case.status == Status.VERIFIED


def test_it_verifies_without_a_position_when_the_phone_gives_none(client, city, people):
    case = handled(city, people)
    client.force_login(people.grid_worker)
    response = post_action(client, case, "verify")
    assert "已核查通过" in response.content.decode()
    assert CaseEvent.objects.get(case=case, action="verify").data == {}


def test_it_sends_back_for_rework_with_the_position(client, city, people):
    case = handled(city, people)
    client.force_login(people.grid_worker)
    response = post_action(
        client, case, "rework", {"reason": "垃圾仍未清理干净", "lng": case.lng, "lat": case.lat}
    )
    assert "已核查不通过，返工" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.DISPATCHED and case.rework_count == 1
    assert CaseEvent.objects.get(case=case, action="rework").data["distance_m"] == 0


def test_it_lets_the_handler_start_and_finish_with_photos(client, city, people):
    case = dispatched(city, people)
    client.force_login(people.handler)
    response = post_action(client, case, "start")
    assert "已开始处置" in response.content.decode()
    case.refresh_from_db()
    response = post_action(
        client, case, "finish", {"note": "已清运", "photos": [photo("after", seed=4)]}
    )
    assert "已处置反馈" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.HANDLED and case.attachments.filter(kind="after").count() == 1


def test_it_explains_a_missing_photo_in_chinese(client, city, people):
    case = dispatched(city, people)
    client.force_login(people.handler)
    response = post_action(client, case, "finish", {"note": "已清运"})
    assert "处置反馈需上传处置后照片" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.DISPATCHED


def test_it_escapes_what_the_resident_typed(client, city, people):
    case = handled(city, people, description="<script>alert(1)</script>垃圾")
    client.force_login(people.grid_worker)
    for url in (reverse("field:task-list"), reverse("field:task-detail", args=[case.code])):
        page = client.get(url).content.decode()
        assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_it_keeps_the_task_list_within_a_query_budget(
    client, city, people, django_assert_max_num_queries
):
    for _ in range(6):
        handled(city, people)
    for _ in range(3):  # the tasks 任务 sent to the worker: one more query, however many
        send(people)
    client.force_login(people.grid_worker)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("field:task-list")).status_code == 200
