"""A personal token's calls per minute are limited: 429 in the API's shape, with Retry-After."""

import pytest

from civicgrid.people import tokens

pytestmark = pytest.mark.django_db


def test_a_token_over_its_limit_gets_429_and_a_session_is_not_counted(client, people, settings):
    settings.CIVICGRID_RATE_API_PER_TOKEN_MINUTE = 3
    _, raw = tokens.issue(people.dispatcher, name="脚本")
    _, other = tokens.issue(people.dispatcher, name="大屏")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert [client.get("/api/v1/categories", **auth).status_code for _ in range(3)] == [200] * 3
    refused = client.get("/api/v1/categories", **auth)
    assert refused.status_code == 429
    assert refused.json() == {"detail": "请求过于频繁，请稍后再试", "errors": []}
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Another token of the same person, and the person's session, have their own allowance.
    assert client.get("/api/v1/categories", HTTP_AUTHORIZATION=f"Bearer {other}").status_code == 200
    client.force_login(people.dispatcher)
    assert all(client.get("/api/v1/categories").status_code == 200 for _ in range(5))


def test_the_document_declares_429(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert "429" in spec["paths"]["/api/v1/cases"]["post"]["responses"]
