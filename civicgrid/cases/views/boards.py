"""The whistle board and the supervision queue: read-only pages that link to the case page."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from civicgrid.cases.queries import board


@login_required
def whistle_board(request):
    """Active whistles with each summoned department's response clock."""
    now = timezone.now()
    rows = board.whistle_board(user=request.user, now=now)
    context = {"rows": rows, "now": now, "minutes": settings.CIVICGRID_WHISTLE_MINUTES}
    return render(request, "cases/whistle_board.html", context)


@login_required
def supervision_queue(request):
    """Urged, escalated and extension-pending cases for those who supervise them."""
    sections = board.supervision_queue(user=request.user)
    return render(request, "cases/supervision.html", {"sections": sections})
