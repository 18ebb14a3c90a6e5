"""Shared pieces of the Open311 tests: the spec's schemas, a token, a valid POST."""

import json
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
from referencing import Registry, Resource

from civicgrid.open311.services import load_attributes
from civicgrid.people import tokens

SCHEMAS = Path(__file__).parent / "schemas"
BASE = "/open311/v2"
GARBAGE = "matter-06010"  # 乱扔垃圾: has a required singlevaluelist `size`
STALLS = "matter-09006"  # 流动摊贩: optional number, datetime and multivaluelist


@cache
def _registry() -> Registry:
    resources = [
        (p.name, Resource.from_contents(json.loads(p.read_text()))) for p in SCHEMAS.glob("*.json")
    ]
    return Registry().with_resources(resources)


def valid(name: str, data) -> None:
    """Raise unless `data` matches the schema `name` (schemas/<name>.json)."""
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator, registry=_registry())


def answer(response, schema: str):
    """The JSON body of a response, checked against its schema and its content type."""
    assert response["Content-Type"] == "application/json; charset=utf-8", response["Content-Type"]
    data = json.loads(response.content)
    valid(schema, data)
    return data


def xml_of(response) -> ElementTree.Element:
    """The XML body of a response: declared UTF-8, parsed with the standard library (our own
    output only: nothing inbound is parsed)."""
    assert response["Content-Type"] == "text/xml; charset=utf-8", response["Content-Type"]
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ElementTree.fromstring(response.content)


def setup_open311(people) -> str:
    """The demo attributes, and a raw API token of the first community's grid worker."""
    load_attributes()
    return tokens.issue(people.grid_worker, name="Open311 客户端")[1]


def post_data(city, key: str, **extra) -> dict:
    """A complete form-encoded POST at the centre of the first grid."""
    grid = city.grids[0]
    grid.refresh_from_db()
    data = {
        "api_key": key,
        "service_code": GARBAGE,
        "lat": str(grid.centroid_lat),
        "long": str(grid.centroid_lng),
        "description": "路边有一堆生活垃圾没人清理",
        "attribute[size]": "pile",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}
