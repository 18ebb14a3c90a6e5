"""The public base URL: PUBLIC_URL, else the request's own address, else the one last used."""

import pytest
from django.core.cache import caches
from django.test import RequestFactory

from civicgrid.lib.urls import FALLBACK, LAST_SEEN_KEY, public_url

pytestmark = pytest.mark.django_db


def test_it_prefers_the_configured_public_url(settings):
    settings.CIVICGRID_PUBLIC_URL = "https://cg.example.gov.cn/"
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1:8001")
    assert public_url(request) == public_url() == "https://cg.example.gov.cn"


def test_it_takes_the_address_the_request_came_to(settings):
    settings.CIVICGRID_PUBLIC_URL = ""
    settings.ALLOWED_HOSTS = ["10.0.0.5"]
    assert public_url(RequestFactory().get("/", HTTP_HOST="10.0.0.5:8123")) == (
        "http://10.0.0.5:8123"
    )


def test_it_honours_the_proxy_headers_only_when_settings_trust_them(settings):
    settings.CIVICGRID_PUBLIC_URL = ""
    settings.ALLOWED_HOSTS = ["cg.example.gov.cn", "127.0.0.1"]
    headers = {
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_X_FORWARDED_HOST": "cg.example.gov.cn",
        "HTTP_X_FORWARDED_PROTO": "https",
    }
    assert public_url(RequestFactory().get("/", **headers)) == "http://127.0.0.1:8000"
    settings.USE_X_FORWARDED_HOST = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert public_url(RequestFactory().get("/", **headers)) == "https://cg.example.gov.cn"


def test_it_remembers_where_residents_reached_the_site_for_work_without_a_request(
    client, city, settings
):
    settings.CIVICGRID_PUBLIC_URL = ""
    settings.ALLOWED_HOSTS = ["cg.lan", "127.0.0.1"]
    caches["shared"].delete(LAST_SEEN_KEY)
    assert public_url() == FALLBACK
    client.get(f"/c/{city.communities[0].code}/", HTTP_HOST="cg.lan:8443")
    assert public_url() == "http://cg.lan:8443"
    client.get("/login/", HTTP_HOST="127.0.0.1:9000")  # a staff page does not count
    assert public_url() == "http://cg.lan:8443"
