"""The REST API at /api/v1/: session login with CSRF, one router per app, OpenAPI at openapi.json.

No Swagger page: ninja's loads its scripts from a CDN and CivicGrid runs without internet
access; the OpenAPI document itself is served and can be opened in any offline viewer.
"""

from django.http import Http404
from ninja import NinjaAPI
from ninja.security import django_auth

from civicgrid.cases.api import router as cases_router

api = NinjaAPI(
    title="城管进社区服务平台 API",
    version="1",
    auth=django_auth,
    docs_url=None,
    urls_namespace="api",
)
api.add_router("/", cases_router)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(
        request, {"detail": str(exc) or "案件不存在或不在您的管辖范围内"}, status=404
    )
