"""The normal WSGI app plus one bare view, for bench_http_report.py: the baseline request.

`POST /bench/bare-insert/` does a single `Case.objects.create()` with fixed fields, CSRF-exempt,
so the HTTP figure has a baseline that pays for the same server, middleware and database.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicgrid.settings")

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
settings.ROOT_URLCONF = "wsgi_bench"  # this module: the bare view, then every normal URL

from django.http import HttpResponse  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402

_GRID = {}


@csrf_exempt
def bare_insert(request):
    from civicgrid.areas.models import Area
    from civicgrid.cases.models import Case

    if not _GRID:
        grid = Area.objects.grids().order_by("pk").first()
        _GRID.update(pk=grid.pk, path=grid.path, lng=grid.centroid_lng, lat=grid.centroid_lat)
    Case.objects.create(
        channel="qr",
        description="路边有人乱扔垃圾（基线）",
        grid_id=_GRID["pk"],
        area_path=_GRID["path"],
        lng=_GRID["lng"],
        lat=_GRID["lat"],
        reported_at=timezone.now(),
        status="reported",
    )
    return HttpResponse("ok")


urlpatterns = [
    path("bench/bare-insert/", bare_insert),
    path("", include("civicgrid.urls")),
]
