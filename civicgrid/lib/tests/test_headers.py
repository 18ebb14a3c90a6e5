"""The Content-Security-Policy and `Cache-Control: no-store` on the site's responses."""

import re

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.views.decorators.cache import cache_control

from civicgrid.cases.choices import STATUS_COLOUR
from civicgrid.cases.tests.helpers import new_case
from civicgrid.intake.tests.helpers import track_url
from civicgrid.lib.headers import SecurityHeaders, tile_source


def policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.django_db
def test_every_page_allows_only_this_sites_scripts_and_styles(client, city, people):
    community = city.communities[0]
    case = new_case(city)
    resident = [
        reverse("intake:home"),
        reverse("intake:report", args=[community.code]),
        track_url(case),
        reverse("community:community-detail", args=[community.code]),
        "/no-such-page/",
    ]
    staff = [reverse("cases:case-list"), reverse("cases:case-detail", args=[case.code])]
    for url in resident + ["/admin/login/"]:
        csp = policy(client.get(url))
        assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'", url
        assert csp["object-src"] == "'none'" and csp["frame-ancestors"] == "'none'"
    client.force_login(people.dispatcher)
    for url in staff:
        response = client.get(url)
        assert response.status_code == 200 and "unsafe" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_images_may_come_from_the_configured_map_tile_host(client, city, settings):
    settings.CIVICGRID_MAP_TILE_URL = "https://{s}.tiles.example.cn/{z}/{x}/{y}.png"
    csp = policy(client.get(reverse("intake:home")))
    assert csp["img-src"] == "'self' data: blob: https://*.tiles.example.cn"


def test_the_tile_host_is_taken_from_the_url_or_left_out():
    assert tile_source("https://t.example.cn:8443/{z}/{x}/{y}.png") == "https://t.example.cn:8443"
    assert tile_source("") == ""
    assert tile_source("javascript:alert(1)") == ""
    assert tile_source("https://evil.example; script-src *") == ""


def rendered_sources():
    """Every template and our own script, as written."""
    roots = [settings.BASE_DIR / "civicgrid"]
    for path in sorted(p for root in roots for p in root.rglob("templates/**/*.html")):
        yield path, path.read_text(encoding="utf-8")
    for path in sorted((settings.BASE_DIR / "static" / "js").glob("*.js")):
        yield path, path.read_text(encoding="utf-8")


def test_no_template_or_script_writes_inline_styles_scripts_or_handlers():
    # The only inline stylesheet: the poster's, in the file Chromium prints (no CSP there).
    allowed = "{% if for_print %}<style>{{ print_css }}</style>"
    found = []
    for path, text in rendered_sources():
        text = text.replace(allowed, "")
        for pattern in (r"\sstyle=", r"<style", r"\son[a-z]+\s*=", r"<script(?![^>]*\ssrc=)"):
            found += [f"{path.name}: {m.group()}" for m in re.finditer(pattern, text)]
        if path.suffix == ".html" and "[" in " ".join(re.findall(r'hx-trigger="([^"]*)"', text)):
            found.append(f"{path.name}: an hx-trigger filter needs eval")
    assert found == []


def test_the_status_colours_of_the_stylesheet_are_those_of_the_map():
    css = (settings.BASE_DIR / "static" / "css" / "app.css").read_text()
    classes = dict(re.findall(r"\.st-(\w+)\{background:(#[0-9a-f]{6})\}", css))
    assert classes == {str(status): colour for status, colour in STATUS_COLOUR.items()}


@pytest.mark.django_db
def test_pages_with_personal_data_and_forms_are_never_stored(client, city, people):
    community = city.communities[0]
    case = new_case(city)
    pages = [
        reverse("intake:report", args=[community.code]),
        track_url(case, key=True),
        reverse("intake:my-reports"),
        "/login/",
    ]
    for url in pages:
        assert "no-store" in client.get(url)["Cache-Control"], url
    client.force_login(people.dispatcher)
    for url in [
        reverse("cases:case-list"),
        reverse("cases:case-detail", args=[case.code]),
        reverse("cases:case-export"),
        f"/api/v1/cases/{case.code}",
    ]:
        response = client.get(url)
        assert response.status_code == 200 and "no-store" in response["Cache-Control"], url


@pytest.mark.django_db
def test_static_files_stay_cacheable(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200 and "no-store" not in response.get("Cache-Control", "")


def test_a_view_that_says_it_may_be_cached_keeps_its_own_header():
    view = cache_control(public=True, max_age=3600)(lambda request: HttpResponse("poster"))
    response = SecurityHeaders(view)(RequestFactory().get("/"))
    assert response["Cache-Control"] == "public, max-age=3600"
