"""Malformed Open311 calls: the spec's error list with the right status, never a 500."""

import json
import random
import string

import pytest

from civicgrid.open311.tests.helpers import BASE, GARBAGE, answer, post_data, setup_open311, xml_of

pytestmark = pytest.mark.django_db
URL = f"{BASE}/requests.json"


@pytest.mark.parametrize(
    "method, path",
    [
        ("put", f"{BASE}/requests.json"),
        ("delete", f"{BASE}/requests/ABCDEFGHJKMNPQRS.json"),
        ("post", f"{BASE}/services.json"),
        ("post", f"{BASE}/services/{GARBAGE}.xml"),
        ("patch", "/open311/discovery.json"),
        ("post", f"{BASE}/tokens/abc.json"),
    ],
)
def test_a_wrong_method_is_a_405_in_the_spec_shape(client, city, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert response["Allow"]
    if path.endswith(".xml"):
        assert xml_of(response).find("error/code").text == "405"
    else:
        assert answer(response, "errors")[0]["code"] == 405


@pytest.mark.parametrize(
    "path",
    [
        f"{BASE}/requests.csv",
        f"{BASE}/nothing.json",
        f"{BASE}/services/{'x' * 300}.json",
        f"{BASE}/requests/short.json",
        "/open311/v3/services.json",
        "/open311/",
    ],
)
def test_an_unknown_address_is_a_404_in_the_spec_shape(client, city, path):
    response = client.get(path)
    assert response.status_code == 404
    answer(response, "errors")


def test_an_unknown_address_asking_xml_gets_xml(client, city):
    response = client.get(f"{BASE}/whatever.xml")
    assert response.status_code == 404 and xml_of(response).tag == "errors"


def test_a_nul_in_the_query_or_path_is_refused_in_the_spec_shape(client, city):
    response = client.get(f"{URL}?status=open%00")
    assert response.status_code == 400
    answer(response, "errors")
    response = client.get(f"{BASE}/services/matter%00.json")
    assert response.status_code == 404
    answer(response, "errors")


@pytest.mark.parametrize(
    "field", ["description", "address_string", "first_name", "attribute[size]", "media_url"]
)
def test_a_nul_in_a_posted_field_is_a_400(client, city, people, field):
    key = setup_open311(people)
    response = client.post(URL, post_data(city, key, **{field: "垃圾\x00很多"}))
    assert response.status_code == 400
    assert field.split("[")[0] in answer(response, "errors")[0]["description"]


def test_overlong_values_are_400s(client, city, people):
    key = setup_open311(people)
    for field, size in (("description", 4001), ("address_string", 201), ("phone", 21)):
        response = client.post(URL, post_data(city, key, **{field: "垃" * size}))
        assert response.status_code == 400, field
        answer(response, "errors")
    response = client.post(URL, post_data(city, key, **{"attribute[size]": "p" * 501}))
    assert response.status_code == 400


def test_a_phone_that_is_no_mobile_number_is_a_400(client, city, people):
    key = setup_open311(people)
    response = client.post(URL, post_data(city, key, phone="12345"))
    assert response.status_code == 400
    assert "手机" in answer(response, "errors")[0]["description"]


def test_bodies_that_are_no_form_are_400s(client, city, people):
    key = setup_open311(people)
    as_json = client.post(URL, json.dumps(post_data(city, key)), content_type="application/json")
    assert as_json.status_code == 403  # no form: no api_key
    broken = client.post(
        URL, b"--x\r\nContent-Disposition: form-data", content_type="multipart/form-data"
    )
    assert broken.status_code == 400
    answer(broken, "errors")
    latin = client.post(
        URL,
        "api_key=\xff\xfe&service_code=\xff".encode("latin-1"),
        content_type="application/x-www-form-urlencoded",
    )
    assert latin.status_code in (400, 403)
    answer(latin, "errors")


def test_a_body_over_the_limit_is_refused_before_it_is_read(client, city, people):
    response = client.generic(
        "POST",
        URL,
        b"api_key=x",
        CONTENT_TYPE="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(500 * 1024 * 1024),
    )
    assert response.status_code == 413
    answer(response, "errors")


def test_too_many_photos_is_a_400(client, city, people):
    from civicgrid.open311.tests.test_create import jpeg

    key = setup_open311(people)
    response = client.post(URL, {**post_data(city, key), "media": [jpeg() for _ in range(10)]})
    assert response.status_code == 400
    answer(response, "errors")


def test_random_garbage_never_makes_a_500(client, city, people):
    key = setup_open311(people)
    rng = random.Random(311)
    alphabet = string.printable + "垃圾中文\u200b\ufeff[]%&=\\"
    fields = [
        "service_code",
        "lat",
        "long",
        "address_string",
        "address_id",
        "description",
        "attribute[size]",
        "attribute[size][]",
        "attribute[",
        "media_url",
        "phone",
        "jurisdiction_id",
        "coord_system",
        "account_id",
        "start_date",
        "status",
        "page",
    ]
    for _ in range(150):
        junk = {
            rng.choice(fields): "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
            for _ in range(rng.randint(1, 6))
        }
        posted = client.post(URL, {**post_data(city, key), **junk})
        assert posted.status_code in (200, 400, 403, 404), (junk, posted.content)
        got = client.get(URL, junk)
        assert got.status_code in (200, 400, 404), (junk, got.content)
        answer(posted, "request_created" if posted.status_code == 200 else "errors")
        answer(got, "requests" if got.status_code == 200 else "errors")
