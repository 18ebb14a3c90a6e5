"""POST Service Request: api_key, service, attributes, location, media, Idempotency-Key."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from civicgrid.cases.choices import Channel, Status
from civicgrid.cases.models import Case
from civicgrid.open311.tests.helpers import (
    BASE,
    STALLS,
    answer,
    post_data,
    setup_open311,
    xml_of,
)
from civicgrid.people import tokens

pytestmark = pytest.mark.django_db
URL = f"{BASE}/requests.json"


def jpeg() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 90, 60)).save(out, "JPEG")
    return SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg")


def report_details(case) -> dict:
    return case.events.get(action="report").data.get("details", {})


def test_it_reports_a_case_as_the_token_owner_and_answers_its_id(client, city, people):
    key = setup_open311(people)
    response = client.post(URL, post_data(city, key, account_id="acct-7"))
    assert response.status_code == 200, response.content
    data = answer(response, "request_created")
    case = Case.objects.get(code=data[0]["service_request_id"])
    assert case.channel == Channel.OPEN311 and case.status == Status.REPORTED
    assert case.category.code == "06010" and case.grid == city.grids[0]
    assert case.events.get(action="report").actor == people.grid_worker
    assert data[0]["account_id"] == "acct-7"
    assert f"/t/{case.code}/" in data[0]["service_notice"]
    assert report_details(case)["attributes"] == {"size": "pile"}


def test_the_xml_answer_uses_the_spec_elements(client, city, people):
    key = setup_open311(people)
    root = xml_of(client.post(f"{BASE}/requests.xml", post_data(city, key)))
    assert root.tag == "service_requests"
    code = root.find("request/service_request_id").text
    assert Case.objects.filter(code=code).exists()
    assert root.find("request/token") is None


@pytest.mark.parametrize("key", [None, "", "cg_wrong", "x" * 500])
def test_a_missing_or_wrong_api_key_is_a_403(client, city, people, key):
    setup_open311(people)
    response = client.post(URL, post_data(city, key))
    assert response.status_code == 403
    assert "api_key" in answer(response, "errors")[0]["description"]
    assert not Case.objects.filter(channel=Channel.OPEN311).exists()


def test_a_revoked_token_and_one_without_report_permission_are_refused(client, city, people):
    setup_open311(people)
    token, raw = tokens.issue(people.grid_worker, name="旧客户端")
    tokens.revoke(token)
    assert client.post(URL, post_data(city, raw)).status_code == 403
    _, outsider = tokens.issue(people.outsider, name="外部")
    response = client.post(URL, post_data(city, outsider))
    assert response.status_code == 403
    assert "权限" in answer(response, "errors")[0]["description"]


def test_an_unknown_jurisdiction_refuses_the_post(client, city, people, settings):
    settings.CIVICGRID_OPEN311_JURISDICTION = "ganzhou.gov.cn"
    key = setup_open311(people)
    assert client.post(URL, post_data(city, key, jurisdiction_id="x.org")).status_code == 404
    ok = client.post(URL, post_data(city, key, jurisdiction_id="ganzhou.gov.cn"))
    assert ok.status_code == 200


def test_an_unknown_or_missing_service_code(client, city, people):
    key = setup_open311(people)
    assert client.post(URL, post_data(city, key, service_code="matter-99999")).status_code == 404
    response = client.post(URL, post_data(city, key, service_code=""))
    assert response.status_code == 400
    assert "service_code" in answer(response, "errors")[0]["description"]


def test_a_required_attribute_missing_is_a_400_naming_it(client, city, people):
    key = setup_open311(people)
    response = client.post(URL, post_data(city, key, **{"attribute[size]": None}))
    assert response.status_code == 400
    assert "attribute[size]" in answer(response, "errors")[0]["description"]


@pytest.mark.parametrize(
    "field, value",
    [
        ("attribute[size]", "huge"),  # not a key of the list
        ("attribute[colour]", "red"),  # no such attribute
    ],
)
def test_a_wrong_attribute_value_is_a_400(client, city, people, field, value):
    key = setup_open311(people)
    response = client.post(URL, post_data(city, key, **{field: value}))
    assert response.status_code == 400
    answer(response, "errors")


def test_attributes_are_checked_by_datatype_and_kept_on_the_report(client, city, people):
    key = setup_open311(people)
    form = post_data(city, key, service_code=STALLS, description="路口有三个流动摊点")
    del form["attribute[size]"]
    bad = {**form, "attribute[stalls]": "three"}
    assert client.post(URL, bad).status_code == 400
    bad = {**form, "attribute[seen_at]": "yesterday"}
    assert client.post(URL, bad).status_code == 400
    good = {
        **form,
        "attribute[stalls]": "3",
        "attribute[seen_at]": "2026-11-30T18:00:00+08:00",
        "attribute[goods][]": ["food", "produce"],
    }
    response = client.post(URL, good)
    assert response.status_code == 200, response.content
    case = Case.objects.get(code=response.json()[0]["service_request_id"])
    assert report_details(case)["attributes"] == {
        "stalls": 3,
        "seen_at": "2026-11-30T18:00:00+08:00",
        "goods": ["food", "produce"],
    }


def test_an_address_string_naming_a_community_places_the_case(client, city, people):
    key = setup_open311(people)
    community = city.communities[1]
    form = post_data(city, key, lat=None, long=None)
    form["address_string"] = f"章贡区{community.name}12 号楼下"
    response = client.post(URL, form)
    assert response.status_code == 200, response.content
    case = Case.objects.get(code=response.json()[0]["service_request_id"])
    assert case.area_path.startswith(community.path)
    assert case.address == form["address_string"]


def test_an_address_id_is_an_area_code(client, city, people):
    key = setup_open311(people)
    grid = city.grids[2]
    form = post_data(city, key, lat=None, long=None, address_id=grid.code)
    response = client.post(URL, form)
    assert response.status_code == 200, response.content
    case = Case.objects.get(code=response.json()[0]["service_request_id"])
    assert case.grid == grid


@pytest.mark.parametrize(
    "where, words",
    [
        ({"lat": None, "long": None}, "位置"),
        ({"long": None}, "lat 和 long"),
        ({"lat": "north", "long": "east"}, "数字"),
        ({"lat": "nan", "long": "inf"}, "数字"),
        ({"lat": "95", "long": "114.9"}, ""),
        ({"lat": None, "long": None, "address_string": "火星基地一号"}, "地址"),
        ({"lat": None, "long": None, "address_id": "000000"}, "address_id"),
        ({"coord_system": "mercator"}, "coord_system"),
        ({"lat": "39.9", "long": "116.4"}, "位置"),  # Beijing: outside every grid here
    ],
)
def test_a_place_that_cannot_be_placed_is_a_400(client, city, people, where, words):
    key = setup_open311(people)
    response = client.post(URL, post_data(city, key, **where))
    assert response.status_code == 400, response.content
    assert words in answer(response, "errors")[0]["description"]


def test_gcj02_points_are_converted(client, city, people):
    from civicgrid.areas import geo

    key = setup_open311(people)
    grid = city.grids[0]
    grid.refresh_from_db()
    lng, lat = geo.wgs84_to_gcj02(grid.centroid_lng, grid.centroid_lat)
    form = post_data(city, key, lat=str(lat), long=str(lng), coord_system="gcj02")
    response = client.post(URL, form)
    assert response.status_code == 200, response.content
    case = Case.objects.get(code=response.json()[0]["service_request_id"])
    assert case.grid == grid and abs(case.lng - grid.centroid_lng) < 1e-6


def test_a_media_upload_is_checked_and_stored_and_a_media_url_kept_unfetched(client, city, people):
    key = setup_open311(people)
    response = client.post(URL, {**post_data(city, key), "media": jpeg()})
    assert response.status_code == 200, response.content
    case = Case.objects.get(code=response.json()[0]["service_request_id"])
    assert case.attachments.count() == 1
    fake = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(URL, {**post_data(city, key), "media": fake})
    assert response.status_code == 400
    assert "图片" in answer(response, "errors")[0]["description"]
    url = "https://img.example.cn/a/1.jpg"
    response = client.post(URL, post_data(city, key, media_url=url))
    case = Case.objects.get(code=response.json()[0]["service_request_id"])
    assert report_details(case)["media_url"] == url
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "not a url"):
        assert client.post(URL, post_data(city, key, media_url=bad)).status_code == 400


def test_the_reporter_data_sent_is_stored_encrypted_and_never_shown(client, city, people):
    key = setup_open311(people)
    form = post_data(city, key, first_name="小明", last_name="王", phone="13812345678")
    response = client.post(URL, form)
    case = Case.objects.get(code=response.json()[0]["service_request_id"])
    assert case.reporter_name == "王小明" and case.reporter_phone == "13812345678"
    shown = client.get(f"{BASE}/requests/{case.code}.json").content.decode()
    assert "13812345678" not in shown and "王小明" not in shown and "138****5678" not in shown


def test_a_retry_with_the_idempotency_key_answers_exactly_as_the_first(client, city, people):
    key = setup_open311(people)
    form = post_data(city, key)
    first = client.post(URL, form, HTTP_IDEMPOTENCY_KEY="order-1")
    again = client.post(URL, form, HTTP_IDEMPOTENCY_KEY="order-1")
    assert (first.status_code, first.content) == (again.status_code, again.content)
    assert Case.objects.filter(channel=Channel.OPEN311).count() == 1
    other = client.post(URL, form, HTTP_IDEMPOTENCY_KEY="order-2")
    assert other.json() != first.json()
    bad = client.post(URL, form, HTTP_IDEMPOTENCY_KEY="含中文")
    assert bad.status_code == 400
    assert "Idempotency-Key" in answer(bad, "errors")[0]["description"]


def test_the_token_of_a_post_is_its_idempotency_key(client, city, people):
    key = setup_open311(people)
    first = client.post(URL, post_data(city, key), HTTP_IDEMPOTENCY_KEY="tok-42.a")
    data = answer(client.get(f"{BASE}/tokens/tok-42.a.json"), "tokens")
    assert data == [
        {"service_request_id": first.json()[0]["service_request_id"], "token": "tok-42.a"}
    ]
    root = xml_of(client.get(f"{BASE}/tokens/tok-42.a.xml"))
    assert root.find("request/token").text == "tok-42.a"
    assert client.get(f"{BASE}/tokens/unknown.json").status_code == 404


def test_a_known_address_places_the_case_at_its_point(client, city, people):
    from civicgrid.areas.models import KnownAddress
    from civicgrid.areas.places import import_addresses

    key = setup_open311(people)
    grid = city.grids[1]
    grid.refresh_from_db()
    import_addresses(
        [
            {
                "地址": "西津路 88 号",
                "区划代码": grid.code,
                "经度": str(grid.centroid_lng),
                "纬度": str(grid.centroid_lat),
            }
        ]
    )
    known = KnownAddress.objects.get(text="西津路 88 号")
    for where in ({"address_string": "西津路88号"}, {"address_id": str(known.pk)}):
        form = post_data(city, key, lat=None, long=None, **where)
        response = client.post(URL, form)
        assert response.status_code == 200, response.content
        case = Case.objects.get(code=response.json()[0]["service_request_id"])
        assert case.grid == grid and case.lng == grid.centroid_lng


def test_without_a_description_the_service_names_the_case(client, city, people):
    key = setup_open311(people)
    form = post_data(city, key, service_code="component-01001", description=None)
    del form["attribute[size]"]
    response = client.post(URL, form)
    assert response.status_code == 200, response.content
    case = Case.objects.get(code=response.json()[0]["service_request_id"])
    assert case.description.startswith("供水井盖（")


def test_an_api_key_in_the_query_string_is_not_taken(client, city, people):
    key = setup_open311(people)
    form = post_data(city, None)
    assert client.post(f"{URL}?api_key={key}", form).status_code == 403
