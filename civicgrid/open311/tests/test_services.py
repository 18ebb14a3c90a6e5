"""Discovery, the service list and service definitions, in JSON and XML."""

import pytest

from civicgrid.catalog.models import Category
from civicgrid.open311.tests.helpers import BASE, GARBAGE, STALLS, answer, setup_open311, xml_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/open311/discovery", f"{BASE}/discovery"])
def test_it_tells_where_the_endpoint_is_in_both_formats(client, city, path):
    data = answer(client.get(f"{path}.json"), "discovery")
    endpoint = data["endpoints"][0]
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert {"text/xml", "application/json"} <= set(endpoint["formats"])
    root = xml_of(client.get(f"{path}.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == [
        "text/xml",
        "application/json",
    ]


def test_it_lists_active_minor_classes_grouped_by_major_class(client, city, people):
    setup_open311(people)
    services = answer(client.get(f"{BASE}/services.json"), "services")
    by_code = {s["service_code"]: s for s in services}
    garbage = by_code[GARBAGE]
    assert garbage["service_name"] == "暴露垃圾"
    assert garbage["group"] == Category.objects.get(kind="matter", code="06").name
    assert garbage["metadata"] is True and garbage["type"] == "realtime"
    assert "乱扔垃圾" in garbage["keywords"] and "、" not in garbage["keywords"]
    assert by_code["component-01001"]["metadata"] is False
    assert not any(s["service_code"] in ("matter-06", "component-01") for s in services)
    root = xml_of(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    assert len(root.findall("service")) == len(services)
    first = root.find("service")
    assert first.find("metadata").text in ("true", "false")


def test_an_inactive_class_is_no_service(client, city, people):
    Category.objects.filter(kind="matter", code="06010").update(active=False)
    Category.objects.get(kind="matter", code="06042").save()  # a save drops the cache
    codes = {s["service_code"] for s in client.get(f"{BASE}/services.json").json()}
    assert GARBAGE not in codes
    assert client.get(f"{BASE}/services/{GARBAGE}.json").status_code == 404


def test_it_defines_a_class_attributes_in_both_formats(client, city, people):
    setup_open311(people)
    data = answer(client.get(f"{BASE}/services/{STALLS}.json"), "service_definition")
    kinds = {a["code"]: a["datatype"] for a in data["attributes"]}
    assert kinds == {"stalls": "number", "seen_at": "datetime", "goods": "multivaluelist"}
    garbage = answer(client.get(f"{BASE}/services/{GARBAGE}.json"), "service_definition")
    size = garbage["attributes"][0]
    assert size["required"] is True and size["order"] == 1
    assert {"key": "pile", "name": "一堆（约 1 立方米）"} in size["values"]
    root = xml_of(client.get(f"{BASE}/services/{GARBAGE}.xml"))
    assert root.tag == "service_definition"
    assert root.find("attributes/attribute/code").text == "size"
    assert [v.find("key").text for v in root.findall("attributes/attribute/values/value")][:3] == [
        "bag",
        "pile",
        "large",
    ]


def test_a_class_without_attributes_has_an_empty_definition(client, city):
    data = answer(client.get(f"{BASE}/services/component-01001.json"), "service_definition")
    assert data == {"service_code": "component-01001", "attributes": []}


def test_an_unknown_service_is_a_404_in_the_spec_shape(client, city):
    response = client.get(f"{BASE}/services/matter-99999.xml")
    assert response.status_code == 404
    root = xml_of(response)
    assert root.tag == "errors" and root.find("error/code").text == "404"
    assert "matter-99999" in root.find("error/description").text
    json_answer = answer(client.get(f"{BASE}/services/matter-99999.json"), "errors")
    assert json_answer[0]["code"] == 404


def test_an_unknown_jurisdiction_is_a_404_and_the_right_one_or_none_is_fine(client, city, settings):
    settings.CIVICGRID_OPEN311_JURISDICTION = "ganzhou.gov.cn"
    assert client.get(f"{BASE}/services.json").status_code == 200
    assert client.get(f"{BASE}/services.json?jurisdiction_id=ganzhou.gov.cn").status_code == 200
    response = client.get(f"{BASE}/services.json?jurisdiction_id=sfgov.org")
    assert response.status_code == 404
    assert "sfgov.org" in answer(response, "errors")[0]["description"]


def test_without_a_setting_the_jurisdiction_is_the_public_host(client, city, settings):
    settings.CIVICGRID_PUBLIC_URL = "https://www.civic.example.cn"
    assert client.get(f"{BASE}/services.json?jurisdiction_id=civic.example.cn").status_code == 200
    assert client.get(f"{BASE}/services.json?jurisdiction_id=other.cn").status_code == 404


def test_an_attribute_added_in_admin_shows_at_once_and_lists_need_options(client, city):
    from django.core.exceptions import ValidationError

    from civicgrid.open311.models import Attribute

    category = Category.objects.get(kind="component", code="01001")
    assert client.get(f"{BASE}/services/component-01001.json").json()["attributes"] == []
    bad = Attribute(category=category, code="kind", datatype="singlevaluelist", description="哪种")
    with pytest.raises(ValidationError):
        bad.full_clean()
    Attribute.objects.create(
        category=category, code="broken", datatype="string", required=True, description="怎么坏了"
    )
    data = answer(client.get(f"{BASE}/services/component-01001.json"), "service_definition")
    assert [a["code"] for a in data["attributes"]] == ["broken"]
    listed = {s["service_code"]: s for s in client.get(f"{BASE}/services.json").json()}
    assert listed["component-01001"]["metadata"] is True
