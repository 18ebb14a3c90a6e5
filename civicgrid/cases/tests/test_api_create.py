"""POST /api/v1/cases: a report through the one report service, by token or session, once."""

import base64
import io
import json

import pytest
from django.test import Client
from PIL import Image

from civicgrid.cases.choices import Channel, Status
from civicgrid.cases.models import Case
from civicgrid.people import tokens

pytestmark = pytest.mark.django_db

URL = "/api/v1/cases"


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(client, payload, *, key=None, **extra):
    if key is not None:
        extra["HTTP_IDEMPOTENCY_KEY"] = key
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return client.post(URL, body, content_type="application/json", **extra)


def centre(city, community=0):
    grid = next(g for g in city.grids if g.parent_id == city.communities[community].pk)
    grid.refresh_from_db()
    return grid


def jpeg_base64() -> str:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(out, "JPEG")
    return base64.b64encode(out.getvalue()).decode()


def report(city, **extra):
    grid = centre(city)
    return {
        "description": "小区门口有一堆生活垃圾没人清理",
        "lng": grid.centroid_lng,
        "lat": grid.centroid_lat,
        "address": "幸福路 8 号",
        **extra,
    }


def test_a_token_reports_a_case_placed_in_its_grid(client, city, people):
    _, raw = tokens.issue(people.grid_worker, name="巡查 App")
    payload = report(
        city,
        category="06010",
        request_type="help",
        reporter_name="张三",
        reporter_phone="13812345678",
        photos=[jpeg_base64()],
        details={"order_no": "HT-2026-0001", "floor": 3},
    )
    response = post(client, payload, key="app-7f3a", **bearer(raw))
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get(code=body["code"])
    assert case.channel == Channel.API and case.status == Status.REPORTED
    assert case.grid == centre(city) and case.category.code == "06010"
    assert body["request_type"] == "help" and body["request_type_label"] == "求助"
    assert (
        body["reporter_phone"] == "138****5678" and "13812345678" not in response.content.decode()
    )
    first = case.events.get()
    assert first.actor == people.grid_worker
    assert first.data["details"] == {"order_no": "HT-2026-0001", "floor": 3}
    assert first.attachments.count() == 1
    assert response["Location"] == f"/api/v1/cases/{case.code}"


def test_a_session_reports_with_its_csrf_token(city, people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.dispatcher)
    assert post(client, report(city)).status_code == 403
    client.get("/cases/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = post(client, report(city), HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201, response.content
    assert Case.objects.get(code=response.json()["code"]).events.get().actor == people.dispatcher


def test_a_retry_with_the_same_key_gets_the_first_answer_and_no_second_case(client, city, people):
    _, raw = tokens.issue(people.dispatcher, name="热线对接")
    first = post(client, report(city, category="06010"), key="order-42", **bearer(raw))
    before = Case.objects.count()
    # Meanwhile the case moves on: the retry still answers exactly as the first request did.
    case = Case.objects.get(code=first.json()["code"])
    client.force_login(people.dispatcher)
    accept = f"/api/v1/cases/{case.code}/actions/accept"
    assert client.post(accept, {"version": 0}, content_type="application/json").status_code == 200
    client.logout()
    again = post(client, report(city, category="06010"), key="order-42", **bearer(raw))
    assert again.status_code == 201 and again.json() == first.json()
    assert Case.objects.count() == before
    other = post(
        client, report(city, description="路灯不亮好几天了"), key="order-42", **bearer(raw)
    )
    assert other.status_code == 201 and other.json()["code"] != first.json()["code"]
    fresh = post(client, report(city), **bearer(raw))
    assert fresh.json()["code"] != first.json()["code"]  # no key: every POST is a report


@pytest.mark.parametrize("key", ["", "a" * 256, "含中文", "a b"])
def test_a_bad_idempotency_key_is_a_400(client, city, people, key):
    _, raw = tokens.issue(people.dispatcher, name="x")
    response = post(client, report(city), key=key, **bearer(raw))
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["detail"]
    assert response.json()["errors"][0]["loc"] == ["header", "Idempotency-Key"]
    assert not Case.objects.filter(channel=Channel.API).exists()


def test_a_caller_without_the_report_permission_gets_a_403(client, city, people):
    _, raw = tokens.issue(people.handler, name="部门系统")
    response = post(client, report(city), key="k1", **bearer(raw))
    assert response.status_code == 403 and "没有上报案件的权限" in response.json()["detail"]
    assert client.post(URL, "{}", content_type="application/json").status_code == 401


def test_a_point_outside_every_area_is_a_422_in_chinese(client, city, people):
    _, raw = tokens.issue(people.dispatcher, name="x")
    response = post(client, report(city, lng=100.0, lat=30.0), **bearer(raw))
    assert response.status_code == 422
    assert response.json()["detail"] == "无法确定问题所在位置，请在地图上选点或选择社区"


def test_an_area_code_places_a_case_without_a_point(client, city, people):
    _, raw = tokens.issue(people.dispatcher, name="x")
    grid = centre(city, community=1)
    body = post(client, {"description": "井盖丢了很危险", "area": grid.code}, **bearer(raw)).json()
    assert body["grid"] == grid.name
    community = city.communities[1]
    body = post(client, {"description": "井盖丢了很危险", "area": community.code}, **bearer(raw))
    assert Case.objects.get(code=body.json()["code"]).area_path == community.path
    street = post(
        client, {"description": "井盖丢了很危险", "area": city.streets[0].code}, **bearer(raw)
    )
    assert street.status_code == 422 and "社区或网格" in street.json()["detail"]


def test_a_gcj02_point_is_converted(client, city, people):
    from civicgrid.areas import geo

    grid = centre(city)
    lng, lat = geo.from_wgs84(grid.centroid_lng, grid.centroid_lat, geo.GCJ02)
    _, raw = tokens.issue(people.dispatcher, name="x")
    body = post(client, report(city, lng=lng, lat=lat, coord_system="gcj02"), **bearer(raw)).json()
    assert body["grid"] == grid.name


def test_a_category_code_shared_by_a_component_and_a_matter_needs_its_kind(client, city, people):
    _, raw = tokens.issue(people.dispatcher, name="x")
    shared = post(client, report(city, category="01001"), **bearer(raw))
    assert shared.status_code == 422 and "component:01001" in shared.json()["detail"]
    chosen = post(client, report(city, category="component:01001"), **bearer(raw))
    assert chosen.status_code == 201 and chosen.json()["category"] == "供水井盖"
    missing = post(client, report(city, category="06999"), **bearer(raw))
    assert missing.status_code == 422 and "06999" in missing.json()["detail"]


@pytest.mark.parametrize(
    "body, where",
    [
        ({"description": 42}, "description"),
        ({"description": "垃圾没人清理", "colour": "red"}, "colour"),
        ({"description": "垃圾" * 1001}, "description"),
        ({"description": "垃圾没人清理", "lng": "east"}, "lng"),
        ({"description": "垃圾没人清理", "lng": 500}, "lng"),
        ({"description": "垃圾没人清理", "request_type": "rant"}, "request_type"),
        ({"description": "垃圾没人清理", "urgency": "now"}, "urgency"),
        ({"description": "垃圾没人清理", "category": "trash"}, "category"),
        ({"description": "垃圾没人清理", "photos": "abc"}, "photos"),
        ({"description": "垃圾没人清理", "photos": ["x"] * 10}, "photos"),
        ({"description": "垃圾没人清理", "details": {"floor": {"b": 1}}}, "floor"),
        ({"description": "垃圾没人清理", "details": {"x": "长" * 501}}, "x"),
        ({"description": "垃圾没人清理", "details": [1]}, "details"),
        ({"description": "垃圾没人清理", "address": "a\x00b"}, "address"),
        ({}, "description"),
    ],
)
def test_malformed_bodies_are_422_in_the_error_shape(client, city, people, body, where):
    _, raw = tokens.issue(people.dispatcher, name="x")
    response = post(client, body, **bearer(raw))
    assert response.status_code == 422, response.content
    answer = response.json()
    assert set(answer) == {"detail", "errors"} and where in answer["detail"]
    assert any(where in row["loc"] for row in answer["errors"])


@pytest.mark.parametrize(
    "photo, text",
    [
        ("not base64!", "Base64"),
        (base64.b64encode(b"GIF89a not really").decode(), "不是可识别的图片"),
    ],
)
def test_a_bad_photo_is_a_422_and_no_case(client, city, people, photo, text):
    _, raw = tokens.issue(people.dispatcher, name="x")
    response = post(client, report(city, photos=[photo]), **bearer(raw))
    assert response.status_code == 422 and text in response.json()["detail"]
    assert not Case.objects.filter(channel=Channel.API).exists()


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", '"text"', "null", ""])
def test_a_body_that_is_no_json_object_is_refused(client, city, people, body):
    _, raw = tokens.issue(people.dispatcher, name="x")
    response = post(client, body, **bearer(raw))
    assert response.status_code in (400, 422), response.content
    assert isinstance(response.json()["detail"], str)


def test_a_body_over_the_limit_is_a_413_in_the_error_shape(client, city, people, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    _, raw = tokens.issue(people.dispatcher, name="x")
    response = post(client, report(city, photos=["A" * 20_000]), **bearer(raw))
    assert response.status_code == 413 and "过大" in response.json()["detail"]


def test_the_document_describes_the_create_and_its_header(client, city, people):
    spec = client.get("/api/v1/openapi.json").json()
    operation = spec["paths"]["/api/v1/cases"]["post"]
    header = next(p for p in operation["parameters"] if p["in"] == "header")
    assert header["name"] == "Idempotency-Key" and not header.get("required")
    assert {"201", "400", "403", "422"} <= set(operation["responses"])


def test_a_bad_phone_is_a_422_and_a_data_url_photo_is_taken(client, city, people):
    _, raw = tokens.issue(people.dispatcher, name="x")
    bad = post(client, report(city, reporter_phone="12345"), **bearer(raw))
    assert bad.status_code == 422 and "手机" in bad.json()["detail"]
    photo = "data:image/jpeg;base64," + jpeg_base64()
    made = post(client, report(city, photos=[photo]), **bearer(raw))
    assert made.status_code == 201
    assert Case.objects.get(code=made.json()["code"]).events.get().attachments.count() == 1
