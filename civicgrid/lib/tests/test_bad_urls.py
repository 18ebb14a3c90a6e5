"""NUL bytes and bad codes in URLs, as an attacker sends them: never a server error.

Every URL pattern comes from the URL configuration, so a new page is covered without a line
here. Each pattern is reversed with real values (a case, a community, a street), then sent
with "%00" in place of each path argument in turn, and with "?q=%00" and friends. Run it on
PostgreSQL too (DATABASE_URL=postgres://…): SQLite takes a NUL in a lookup, PostgreSQL fails.
"""

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from civicgrid.cases.tests.helpers import new_case

pytestmark = pytest.mark.django_db

# Query parameters pages read by hand or through forms, each with a NUL.
QUERIES = ["q=%00", "g=%00&k=%00", "code=%00&area=%00&page=%00", "lng=%00&lat=1&category=1"]


def named_patterns(resolver=None, namespace=""):
    """(view name, argument names) of every named URL pattern, namespaces included."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", list(entry.pattern.regex.groupindex)


def sample_urls(city):
    """Each pattern reversed with values that exist, with the names of its arguments."""
    case = new_case(city)
    values = {
        "code": case.code,
        "community_code": city.communities[0].code,
        "street_code": city.streets[0].code,
        "action": "support",
        "pk": "1",
        "path": "photo.jpg",
        "object_id": "1",
        "app_label": "auth",
        "content_type_id": "1",
        "url": "x",
    }
    found = []
    for name, args in named_patterns():
        if any(a not in values for a in args):
            continue
        kwargs = {a: values[a] for a in args}
        try:
            url = reverse(name, kwargs=kwargs)
        except Exception:  # noqa: BLE001 - a pattern our sample values do not fit
            continue
        found.append((name, url, kwargs))
    return found


def with_nul(url: str, value: str) -> str:
    """The URL with one path argument replaced by a NUL byte."""
    segment = quote(str(value), safe="")
    head, sep, tail = url.rpartition(segment)
    assert sep, (url, value)
    return f"{head}%00{tail}"


def clients(people, city):
    anonymous = Client(raise_request_exception=False)
    staff = Client(raise_request_exception=False)
    staff.force_login(city.users["admin"])
    dispatcher = Client(raise_request_exception=False)
    dispatcher.force_login(people.dispatcher)
    return {"anonymous": anonymous, "admin": staff, "dispatcher": dispatcher}


def server_errors(client, urls, method="get"):
    bad = []
    for url in urls:
        if "logout" in url:
            continue  # would end the session the other URLs are tried with
        response = getattr(client, method)(url)
        if response.status_code >= 500:
            bad.append(f"{method.upper()} {url} -> {response.status_code}")
    return bad


@pytest.fixture
def urls(city):
    return sample_urls(city)


def test_the_url_configuration_is_covered(urls):
    names = {name for name, _url, _kwargs in urls}
    # The public lookups the assessment named, and the API, must all be among the tried.
    for name in ("intake:track", "intake:report", "intake:classes", "community:community-detail",
                 "cases:case-detail", "field:task-detail", "community:poster-detail",
                 "community:batch-create", "api:get_case", "admin:index"):  # fmt: skip
        assert name in names
    assert len(urls) > 60


@pytest.mark.parametrize("persona", ["anonymous", "admin", "dispatcher"])
def test_a_nul_in_any_path_argument_is_never_a_server_error(urls, people, city, persona):
    client = clients(people, city)[persona]
    tried = [with_nul(url, value) for _n, url, kwargs in urls for value in kwargs.values()]
    tried += [url.replace(f"/{kwargs['code']}/", "/%00ABC/") for _n, url, kwargs in urls
              if "code" in kwargs]  # fmt: skip
    assert server_errors(client, tried) == []
    assert server_errors(client, tried, "post") == []


@pytest.mark.parametrize("persona", ["anonymous", "admin", "dispatcher"])
def test_a_nul_in_the_query_string_is_never_a_server_error(urls, people, city, persona):
    client = clients(people, city)[persona]
    tried = [f"{url}?{query}" for _n, url, _k in urls for query in QUERIES]
    assert server_errors(client, tried) == []


@pytest.mark.parametrize(
    "url",
    ["/t/%00/", "/c/%00/", "/c/%00/report/", "/cases/%00/", "/field/%00/", "/t/%00/support/"],
)
def test_a_bad_code_in_a_path_is_not_found(client, city, people, url):
    client.force_login(people.dispatcher)
    assert client.get(url).status_code == 404


def test_a_nul_in_a_query_is_a_clear_chinese_400(client, city, people):
    community = city.communities[0].code
    response = client.get(f"/c/{community}/classes/?q=%00")
    assert response.status_code == 400 and "无效字符" in response.content.decode()
    assert client.get(f"/c/{community}/classes/?q=%1B").status_code == 400  # ESC: a control too
    assert client.get(f"/c/{community}/classes/?q=%E5%9E%83%09").status_code == 200  # a tab passes
    client.force_login(people.dispatcher)
    response = client.get(f"/community/posters/{community}/?g=%00")
    assert response.status_code == 400 and "无效字符" in response.content.decode()
    response = client.get("/api/v1/cases?q=%00")
    assert response.status_code == 400 and "无效字符" in response.json()["detail"]


def test_a_nul_in_posted_case_codes_is_refused_per_code(client, city, people):
    case = new_case(city)
    client.force_login(people.dispatcher)
    response = client.post(
        "/cases/batch/", {"action": "accept", "codes": [case.code, "AB\x00CD"]}, follow=True
    )
    page = response.content.decode()
    assert response.status_code == 200 and "已受理 1 件" in page and "1 件未能处理" in page


def test_a_nul_in_the_session_cookie_is_as_good_as_no_cookie(client, city):
    client.cookies["sessionid"] = "\x00" * 12
    response = client.get("/", follow=True)
    assert response.status_code == 200 and "查询码" in response.content.decode()
