from django.urls import path, re_path

from civicgrid.lib.codes import TRACKING_RE
from civicgrid.open311 import views
from civicgrid.open311.models import CODE_RE

app_name = "open311"
FMT = r"\.(?P<fmt>json|xml)"
urlpatterns = [
    re_path(rf"^discovery{FMT}$", views.discovery, name="discovery"),
    re_path(rf"^v2/discovery{FMT}$", views.discovery, name="discovery-v2"),
    re_path(rf"^v2/services{FMT}$", views.service_list, name="service-list"),
    re_path(
        rf"^v2/services/(?P<code>{CODE_RE}){FMT}$", views.service_definition, name="service-detail"
    ),
    re_path(rf"^v2/requests{FMT}$", views.request_list, name="request-list"),
    re_path(
        rf"^v2/requests/(?P<code>{TRACKING_RE}){FMT}$", views.request_detail, name="request-detail"
    ),
    re_path(
        rf"^v2/tokens/(?P<token>[\x21-\x2e\x30-\x7e]{{1,255}}){FMT}$",
        views.token_detail,
        name="token-detail",
    ),
    path("", views.unknown),
    path("<path:rest>", views.unknown, name="unknown"),
]
