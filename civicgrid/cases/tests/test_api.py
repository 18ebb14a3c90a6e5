"""The cases API: session login with CSRF, the shared filter, scope, workflow actions."""

import json
from datetime import timedelta

import pytest
from django.test import Client

from civicgrid.cases.choices import Status
from civicgrid.cases.models import Case
from civicgrid.cases.tests.helpers import new_case

pytestmark = pytest.mark.django_db


def post(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


def test_it_asks_for_a_login(client, city):
    assert client.get("/api/v1/cases").status_code == 401


def test_it_lists_the_inbox_sorted_by_deadline_with_masked_phones(client, city, people):
    first = new_case(city)
    second = new_case(city)
    far = new_case(city, community=3)
    Case.objects.filter(pk=first.pk).update(due_at=second.due_at - timedelta(hours=1))
    client.force_login(people.dispatcher)
    body = client.get("/api/v1/cases", {"inbox": "to_accept"}).json()
    assert [c["code"] for c in body["items"]] == [first.code, second.code]
    assert body["has_next"] is False and body["page"] == 1
    assert body["items"][0]["reporter_phone"] == "138****5678"
    assert body["items"][0]["status_label"] == "待受理"
    assert far.code not in json.dumps(body)


def test_it_uses_the_same_filter_as_the_list(client, city, people):
    new_case(city, community=0)
    second = new_case(city, community=1)
    client.force_login(people.dispatcher)
    body = client.get("/api/v1/cases", {"area": city.communities[1].code}).json()
    assert [c["code"] for c in body["items"]] == [second.code]
    answer = client.get(
        "/api/v1/cases", {"reported_from": "2025-07-02", "reported_to": "2025-07-01"}
    )
    assert answer.status_code == 422
    assert "结束日期不能早于开始日期" in answer.json()["detail"]


def test_it_filters_by_request_type_and_shows_it(client, city, people):
    complaint = new_case(city)
    consult = new_case(city, request_type="consult", description="请问垃圾分类几点收运")
    client.force_login(people.dispatcher)
    body = client.get("/api/v1/cases", {"request_type": "consult"}).json()
    assert [c["code"] for c in body["items"]] == [consult.code]
    assert body["items"][0]["request_type_label"] == "咨询"
    codes = [c["code"] for c in client.get("/api/v1/cases").json()["items"]]
    assert complaint.code in codes and consult.code in codes
    page = client.get("/cases/", {"request_type": "consult"}).content.decode()
    assert consult.code in page and complaint.code not in page  # the list's own filter
    assert '<option value="consult" selected>咨询</option>' in page  # and its select
    answer = client.get("/api/v1/cases", {"request_type": "rant"})
    assert answer.status_code == 422 and "诉求类型" in answer.json()["detail"]


def test_it_rejects_unknown_query_parameters(client, city, people):
    client.force_login(people.dispatcher)
    response = client.get("/api/v1/cases", {"colour": "red"})
    assert response.status_code == 422 and "colour" in response.json()["detail"]


def test_it_keeps_the_list_within_a_query_budget(
    client, city, people, django_assert_max_num_queries
):
    for _ in range(5):
        new_case(city)
    client.force_login(people.dispatcher)
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/cases", {"inbox": "to_accept"})
    assert len(response.json()["items"]) == 5


def test_it_shows_one_case_and_404_outside_the_scope(client, city, people):
    case = new_case(city)
    client.force_login(people.dispatcher)
    assert client.get(f"/api/v1/cases/{case.code}").json()["code"] == case.code
    for persona in ("outsider", "neighbour", "other_handler"):
        client.force_login(getattr(people, persona))
        response = client.get(f"/api/v1/cases/{case.code}")
        assert response.status_code == 404
        assert "不在您的管辖范围内" in response.json()["detail"]
        assert client.get("/api/v1/cases", {"status": "open"}).json()["items"] == []
        response = post(client, f"/api/v1/cases/{case.code}/actions/accept", {"version": 0})
        assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == Status.REPORTED


def test_it_runs_workflow_actions_with_a_version_check(client, city, people):
    case = new_case(city)
    client.force_login(people.dispatcher)
    url = f"/api/v1/cases/{case.code}/actions/accept"
    response = post(client, url, {"version": case.version, "note": "属实"})
    assert response.status_code == 200
    assert (
        response.json()["case"]["status"] == "accepted" and response.json()["event"] == "受理立案"
    )
    stale = post(client, f"/api/v1/cases/{case.code}/actions/dispatch", {"version": 0})
    assert stale.status_code == 409 and "已被他人更新" in stale.json()["detail"]
    response = post(client, f"/api/v1/cases/{case.code}/actions/dispatch", {"version": 1})
    assert response.json()["case"]["department"] == "区环卫所"
    case.refresh_from_db()
    assert list(case.events.values_list("action", flat=True)) == ["report", "accept", "dispatch"]


def test_it_explains_refusals_in_chinese(client, city, people):
    case = new_case(city)
    client.force_login(people.handler)
    # The handler cannot see a case not yet dispatched to its department.
    assert (
        post(client, f"/api/v1/cases/{case.code}/actions/start", {"version": 0}).status_code == 404
    )
    client.force_login(people.grid_worker)
    response = post(client, f"/api/v1/cases/{case.code}/actions/accept", {"version": 0})
    assert response.status_code == 403 and "没有权限" in response.json()["detail"]
    client.force_login(people.dispatcher)
    response = post(client, f"/api/v1/cases/{case.code}/actions/close", {"version": 0})
    assert response.status_code == 409 and "不能“结案”" in response.json()["detail"]
    response = post(client, f"/api/v1/cases/{case.code}/actions/reject", {"version": 0})
    assert response.status_code == 422 and "不予立案理由" in response.json()["detail"]
    response = post(client, f"/api/v1/cases/{case.code}/actions/accept", {"version": 0, "x": 1})
    assert response.status_code == 422
    assert post(client, f"/api/v1/cases/{case.code}/actions/fly", {"version": 0}).status_code == 404


def test_it_enforces_csrf_for_session_posts(city, people):
    case = new_case(city)
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.dispatcher)
    response = post(client, f"/api/v1/cases/{case.code}/actions/accept", {"version": 0})
    assert response.status_code == 403 and "安全校验失败" in response.json()["detail"]
    case.refresh_from_db()
    assert case.status == Status.REPORTED


def test_it_serves_the_openapi_document_and_no_cdn_page(client, city, people):
    client.force_login(people.dispatcher)
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/cases/{code}/actions/{action}" in spec["paths"]
    assert client.get("/api/v1/docs").status_code == 404


def test_every_error_is_one_chinese_shape(client, city, people):
    case = new_case(city)
    answer = client.get("/api/v1/cases")
    assert answer.status_code == 401 and answer.json() == {"detail": "请先登录", "errors": []}
    client.force_login(people.dispatcher)
    answer = client.get("/api/v1/cases", {"page": "abc"})
    body = answer.json()
    assert answer.status_code == 422 and isinstance(body["detail"], str)
    assert "请求参数有误" in body["detail"] and "应为整数" in body["detail"]
    assert body["errors"] == [{"loc": ["query", "page"], "msg": "应为整数"}]
    url = f"/api/v1/cases/{case.code}/actions/accept"
    body = post(client, url, {"note": "没有版本号"}).json()
    assert (
        isinstance(body["detail"], str) and "version" in body["detail"] and "必填" in body["detail"]
    )
    answer = client.post(url, "{not json", content_type="application/json")
    assert answer.status_code == 400 and "JSON" in answer.json()["detail"]
    assert client.get("/api/v1/cases/abc").status_code == 404  # not the shape of a code
    assert client.get("/api/v1/cases/abc").json()["errors"][0]["loc"] == ["path", "code"]
    answer = client.get("/api/v1/nothing/here")
    assert answer.status_code == 404 and answer.json()["detail"] == "接口不存在"


def test_the_document_declares_the_error_shape_for_every_status(client, city, people):
    client.force_login(people.dispatcher)
    spec = client.get("/api/v1/openapi.json").json()
    error = spec["components"]["schemas"]["Error"]
    assert error["properties"]["detail"]["type"] == "string" and "errors" in error["properties"]
    for path in spec["paths"].values():
        for operation in path.values():
            statuses = set(operation["responses"])
            assert {"400", "401", "422"} <= statuses
            for status in {s for s in statuses if not s.startswith("2")}:
                content = operation["responses"][status]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/Error"}


def test_a_grid_worker_s_token_reads_only_its_community_and_acts_only_in_its_role(city, people):
    from civicgrid.people import tokens

    _, raw = tokens.issue(people.grid_worker, name="巡查 App")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    mine, other = new_case(city, community=0), new_case(city, community=1)
    assert api.get(f"/api/v1/cases/{mine.code}").status_code == 200
    answer = api.get(f"/api/v1/cases/{other.code}")
    assert answer.status_code == 404 and "不在您的管辖范围内" in answer.json()["detail"]
    assert other.code not in {c["code"] for c in api.get("/api/v1/cases").json()["items"]}
    refused = post(api, f"/api/v1/cases/{mine.code}/actions/accept", {"version": mine.version})
    assert refused.status_code == 403 and "没有权限" in refused.json()["detail"]
    outside = post(api, f"/api/v1/cases/{other.code}/actions/accept", {"version": 0})
    assert outside.status_code == 404
    mine.refresh_from_db()
    assert mine.status == Status.REPORTED
