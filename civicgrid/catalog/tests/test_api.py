"""GET /api/v1/categories: the class tree a client needs to file a report."""

import pytest

from civicgrid.catalog.models import Category
from civicgrid.people import tokens

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, people):
    _, raw = tokens.issue(people.grid_worker, name="巡查 App")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


def test_the_catalog_is_a_tree_of_majors_and_minors_with_time_limits(api):
    body = api.get("/api/v1/categories").json()
    majors = {(m["kind"], m["code"]): m for m in body["items"]}
    environment = majors[("matter", "06")]
    assert environment["name"] == "市容环境类" and environment["kind_label"] == "事项"
    litter = next(c for c in environment["children"] if c["code"] == "06010")
    assert litter["ref"] == "matter:06010" and "乱扔垃圾" in litter["aliases"]
    assert litter["children"] == [] and litter["help_text"]
    handle = litter["time_limits"]["normal"]["handle"]
    assert handle["amount"] > 0 and handle["label"].startswith(str(handle["amount"]))
    assert ("component", "01") in majors


def test_the_catalog_answers_304_until_a_class_changes(api):
    first = api.get("/api/v1/categories")
    tag = first["ETag"]
    assert "private" in first["Cache-Control"]
    again = api.get("/api/v1/categories", HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 304 and again.content == b""
    litter = Category.objects.get(kind="matter", code="06010")
    litter.name = "乱扔垃圾杂物"
    litter.save()
    changed = api.get("/api/v1/categories", HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200 and "乱扔垃圾杂物" in changed.content.decode()


def test_the_catalog_is_gzipped_for_clients_that_take_it(api):
    import gzip
    import json

    plain = api.get("/api/v1/categories")
    zipped = api.get("/api/v1/categories", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert json.loads(gzip.decompress(zipped.content)) == plain.json()
    assert len(zipped.content) < len(plain.content) / 5
    assert zipped["ETag"] != plain["ETag"]
    again = api.get(
        "/api/v1/categories", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=zipped["ETag"]
    )
    assert again.status_code == 304
    refused = api.get("/api/v1/categories", HTTP_ACCEPT_ENCODING="gzip;q=0")
    assert "Content-Encoding" not in refused
