"""GET Service Requests and GET Service Request: public fields, filters, window, limit."""

from datetime import timedelta

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from civicgrid.cases import workflow as wf
from civicgrid.cases.tests.helpers import category, new_case, walk_to
from civicgrid.demo.photos import photo
from civicgrid.open311 import filters
from civicgrid.open311.tests.helpers import BASE, GARBAGE, answer, post_data, setup_open311, xml_of

pytestmark = pytest.mark.django_db
URL = f"{BASE}/requests.json"


def ids(response) -> list[str]:
    return [r["service_request_id"] for r in answer(response, "requests")]


def test_a_request_shows_public_fields_only(client, city, people):
    case = new_case(city, description="门口垃圾很多，联系我 13812345678", reporter_name="王小明")
    wf.accept(case=case, actor=people.dispatcher)
    wf.dispatch(case=case, actor=people.dispatcher)
    case.refresh_from_db()
    row = answer(client.get(f"{BASE}/requests/{case.code}.json"), "requests")[0]
    assert row["service_request_id"] == case.code
    assert row["status"] == "open" and row["status_notes"] == "已派遣"
    assert row["service_code"] == GARBAGE and row["service_name"] == "暴露垃圾"
    assert row["agency_responsible"] == case.department.name
    assert row["lat"] == case.lat and row["long"] == case.lng
    assert row["requested_datetime"].endswith("+08:00")
    assert row["updated_datetime"] >= row["requested_datetime"]
    assert "138****5678" in row["description"] and "13812345678" not in row["description"]
    assert "王小明" not in str(row) and "media_url" not in row
    assert "extended_attributes" not in row
    root = xml_of(client.get(f"{BASE}/requests/{case.code}.xml"))
    assert root.tag == "service_requests"
    assert root.find("request/service_request_id").text == case.code
    assert root.find("request/media_url") is None


def test_closed_phases_are_closed_and_the_extension_tells_the_real_status(client, city, people):
    closed = walk_to(new_case(city), people, "closed")
    rejected = new_case(city)
    wf.reject(case=rejected, actor=people.dispatcher, reason="重复上报，已有案件在办")
    for case, status in ((closed, "closed"), (rejected, "rejected")):
        url = f"{BASE}/requests/{case.code}.json?extensions=true"
        row = answer(client.get(url), "requests")[0]
        assert row["status"] == "closed"
        assert row["extended_attributes"]["civicgrid_status"] == status
    row = client.get(f"{BASE}/requests/{closed.code}.json").json()[0]
    assert "expected_datetime" not in row


def test_a_closed_case_shows_its_public_photo_an_open_one_none(client, city, people):
    open_case = new_case(city, photos=[photo()])
    closed = walk_to(new_case(city, photos=[photo()]), people, "closed")
    rows = {r["service_request_id"]: r for r in client.get(URL).json()}
    assert "media_url" not in rows[open_case.code]
    url = rows[closed.code]["media_url"]
    first = closed.attachments.filter(kind="before").first()
    assert url == f"http://testserver/media/{first.image.name}"
    assert client.get(url).status_code == 200  # really public: an anonymous GET gets it


def test_a_given_media_url_is_returned_as_given(client, city, people):
    key = setup_open311(people)
    url = "https://img.example.cn/p/9.jpg"
    made = client.post(URL, post_data(city, key, media_url=url)).json()[0]
    row = client.get(f"{BASE}/requests/{made['service_request_id']}.json").json()[0]
    assert row["media_url"] == url


def test_the_list_filters_by_status_service_and_ids(client, city, people):
    garbage = new_case(city)
    stall = new_case(city, category=category("09006"), description="路口有人摆摊卖水果")
    closed = walk_to(new_case(city), people, "closed")
    assert set(ids(client.get(URL))) >= {garbage.code, stall.code, closed.code}
    assert closed.code not in ids(client.get(f"{URL}?status=open"))
    assert ids(client.get(f"{URL}?status=closed")) == [closed.code]
    assert set(ids(client.get(f"{URL}?status=open,closed"))) >= {garbage.code, closed.code}
    assert stall.code not in ids(client.get(f"{URL}?service_code={GARBAGE}"))
    both = client.get(f"{URL}?service_code=matter-09006&service_code={GARBAGE}")
    assert {stall.code, garbage.code} <= set(ids(both))
    # The ids override every other argument (the spec).
    picked = client.get(f"{URL}?service_request_id={stall.code},{closed.code}&status=open")
    assert set(ids(picked)) == {stall.code, closed.code}


def test_the_default_window_is_90_days_and_dates_narrow_it(client, city, people):
    now = timezone.now()
    old = new_case(city, at=now - timedelta(days=120))
    recent = new_case(city, at=now - timedelta(days=10))
    assert old.code not in ids(client.get(URL)) and recent.code in ids(client.get(URL))
    start = (now - timedelta(days=130)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (now - timedelta(days=100)).strftime("%Y-%m-%dT%H:%M:%S+08:00")
    found = ids(client.get(URL, {"start_date": start, "end_date": end}))
    assert found == [old.code]
    only_start = ids(client.get(URL, {"start_date": start}))  # the 90 days after it
    assert old.code in only_start and recent.code not in only_start


def test_a_page_is_newest_first_in_few_queries(client, city, people):
    for i in range(5):
        new_case(city, at=timezone.now() - timedelta(hours=i))
    walk_to(new_case(city, photos=[photo()]), people, "closed")
    client.get(URL)  # builds the service catalogue, once per process
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{URL}?page_size=3")
    rows = answer(response, "requests")
    assert len(rows) == 3
    assert [r["requested_datetime"] for r in rows] == sorted(
        (r["requested_datetime"] for r in rows), reverse=True
    )
    assert len(queries) <= 3, [q["sql"] for q in queries]
    page2 = ids(client.get(f"{URL}?page_size=3&page=2"))
    assert not set(page2) & set(r["service_request_id"] for r in rows)


def test_the_default_is_the_newest_1000_of_the_last_90_days(city):
    now = timezone.now()
    query = filters.RequestQuery.parse(QueryDict(""), now=now)
    assert query.page_size == 1000
    assert (query.start, query.end) == (now - timedelta(days=90), now)


def test_an_unknown_request_is_a_404(client, city):
    response = client.get(f"{BASE}/requests/ABCDEFGHJKMNPQRS.json")
    assert response.status_code == 404
    answer(response, "errors")


@pytest.mark.parametrize(
    "query",
    [
        "start_date=yesterday",
        "end_date=2026-13-45T00:00:00Z",
        "start_date=2026-06-01T00:00:00Z&end_date=2026-01-01T00:00:00Z",
        "start_date=2025-01-01T00:00:00Z&end_date=2026-01-01T00:00:00Z",
        "status=pending",
        "service_code=matter-99999",
        "service_request_id=nope",
        "page=0",
        "page=abc",
        "page_size=5000",
        "start_date=" + "9" * 300,
    ],
)
def test_a_bad_filter_is_a_400_or_404_with_a_reason(client, city, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code in (400, 404), response.content
    assert answer(response, "errors")[0]["description"]


def test_xml_carries_any_stored_text_escaped(client, city):
    case = new_case(city, description='井盖<缺失> & "危险"\x01，请尽快处理')
    root = xml_of(client.get(f"{BASE}/requests/{case.code}.xml"))
    assert root.find("request/description").text == '井盖<缺失> & "危险"，请尽快处理'
