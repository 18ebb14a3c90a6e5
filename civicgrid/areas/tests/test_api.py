"""GET /api/v1/areas: the area tree, walked by parent, searched by name, one boundary."""

import pytest

from civicgrid.areas.models import Area
from civicgrid.people import tokens

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, people):
    _, raw = tokens.issue(people.grid_worker, name="巡查 App")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


def test_the_area_tree_is_walked_by_parent(api, city):
    top = api.get("/api/v1/areas").json()["items"]
    assert (
        city.county.path.startswith(top[0]["path"][0] + "/") or top[0]["code"] == city.county.code
    )
    street = city.streets[0]
    children = api.get("/api/v1/areas", {"parent": street.code}).json()["items"]
    ours = {c.code for c in city.communities if c.parent_id == street.pk}
    assert ours <= {a["code"] for a in children}
    assert {a["parent"] for a in children} == {street.code}
    first = next(a for a in children if a["code"] in ours)
    assert first["parent"] == street.code and first["level"] == 4 and first["level_label"] == "社区"
    assert first["path"][-2:] == [street.code, first["code"]] and first["children"] == 2
    assert "geometry" not in first and "boundary" not in first


def test_the_area_tree_is_searched_by_name_and_a_boundary_given_on_request(api, city):
    community = city.communities[1]
    found = api.get("/api/v1/areas", {"q": community.name}).json()["items"]
    assert community.code in [a["code"] for a in found]
    grid = next(g for g in city.grids if g.parent_id == community.pk)
    plain = api.get(f"/api/v1/areas/{grid.code}").json()
    assert plain["geometry"] is None and plain["centroid"]
    shaped = api.get(f"/api/v1/areas/{grid.code}", {"geometry": "1"}).json()
    assert shaped["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_unknown_areas_are_404_in_the_error_shape(api):
    for response in (
        api.get("/api/v1/areas", {"parent": "999999"}),
        api.get("/api/v1/areas/999999"),
        api.get("/api/v1/areas/bad%20code"),
    ):
        assert response.status_code == 404 and isinstance(response.json()["detail"], str)
    assert api.get("/api/v1/areas", {"level": "3"}).status_code == 422


def test_a_parameter_given_twice_is_refused_not_half_read(api, city):
    # Read as its last value, parent=<the street>&parent=x would list the street's children.
    twice = api.get(f"/api/v1/areas?parent={city.streets[0].code}&parent=x&q=a&q=b")
    assert twice.status_code == 422
    assert "查询参数只能给一次" in twice.json()["detail"]
    assert {tuple(e["loc"]) for e in twice.json()["errors"]} == {
        ("query", "parent"),
        ("query", "q"),
    }


def test_a_new_area_shows_at_once(api, city):
    street = city.streets[0]
    before = api.get("/api/v1/areas", {"parent": street.code})
    Area.objects.create(code=street.code + "999", name="新建社区", level=4, parent=street)
    after = api.get("/api/v1/areas", {"parent": street.code}, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and "新建社区" in after.content.decode()


def test_the_trees_need_a_login(client):
    assert client.get("/api/v1/categories").status_code == 401
    assert client.get("/api/v1/areas").status_code == 401


def test_a_bad_search_or_parent_is_refused_in_the_error_shape(api):
    for query in ({"q": ""}, {"q": "路" * 51}, {"parent": "bad code"}):
        response = api.get("/api/v1/areas", query)
        assert response.status_code == 422 and isinstance(response.json()["detail"], str), query
    assert api.get("/api/v1/areas", {"q": "西津\x00"}).status_code == 400
