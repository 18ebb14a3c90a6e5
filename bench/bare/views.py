import secrets

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
