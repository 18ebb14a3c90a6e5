from django.urls import path, register_converter

from civicgrid.open311 import views
from civicgrid.open311.models import CODE_RE


class _Converter:
    regex = ""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class Format(_Converter):
    regex = "json|xml"


class ServiceCode(_Converter):
    regex = CODE_RE


class Token(_Converter):
    regex = r"[\x21-\x2e\x30-\x7e]{1,255}"  # an Idempotency-Key: visible ASCII but "/"


register_converter(Format, "o311_format")
register_converter(ServiceCode, "o311_service")
register_converter(Token, "o311_token")

app_name = "open311"
urlpatterns = [
    path("discovery.<o311_format:fmt>", views.discovery, name="discovery"),
    path("v2/discovery.<o311_format:fmt>", views.discovery, name="discovery-v2"),
    path("v2/services.<o311_format:fmt>", views.service_list, name="service-list"),
    path(
        "v2/services/<o311_service:code>.<o311_format:fmt>",
        views.service_definition,
        name="service-detail",
    ),
    path("v2/requests.<o311_format:fmt>", views.request_list, name="request-list"),
    path(
        "v2/requests/<case_code:code>.<o311_format:fmt>",
        views.request_detail,
        name="request-detail",
    ),
    path("v2/tokens/<o311_token:token>.<o311_format:fmt>", views.token_detail, name="token-detail"),
    path("", views.unknown),
    path("<path:rest>", views.unknown, name="unknown"),
]
