import json
import secrets
from datetime import timedelta

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from bare.models import BareCase


def insert(request):
    """POST: the report form's fields into one row."""
    BareCase.objects.create(
        code=secrets.token_hex(6).upper(),
        description=request.POST["description"],
        address=request.POST.get("address", ""),
        lng=float(request.POST["lng"]),
        lat=float(request.POST["lat"]),
        reported_at=timezone.now(),
    )
    return HttpResponse("ok", status=201)


def by_code(request, code):
    return render(request, "bare/case.html", {"case": get_object_or_404(BareCase, code=code)})


def newest(request):
    return render(request, "bare/list.html", {"cases": BareCase.objects.order_by("-pk")[:100]})


def newest_json(request):
    """The twin of a JSON list API: the newest 1,000 rows of the last 90 days, as JSON."""
    since = timezone.now() - timedelta(days=90)
    rows = BareCase.objects.filter(reported_at__gte=since).order_by("-reported_at", "-pk")
    fields = ("code", "status", "description", "address", "lat", "lng", "reported_at")
    body = [
        {
            "id": r["code"],
            "status": r["status"],
            "description": r["description"],
            "address": r["address"],
            "lat": r["lat"],
            "long": r["lng"],
            "requested_datetime": r["reported_at"].isoformat(),
        }
        for r in rows.values(*fields)[:1000]
    ]
    return HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/json")
