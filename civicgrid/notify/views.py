from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from civicgrid.notify import services
from civicgrid.notify.models import Notification


@login_required
def notification_list(request):
    """The latest notifications of this user, unread first in bold."""
    items = Notification.objects.filter(user=request.user).select_related("case")[:100]
    return render(request, "notify/notification_list.html", {"items": items})


@login_required
def notification_open(request, pk):
    """Follow a notification to its case (or its own link) and mark it read."""
    item = get_object_or_404(Notification, pk=pk, user=request.user)
    services.mark_read(user=request.user, ids=[item.pk])
    if item.case is None:
        return redirect(item.link or "notify:notification-list")
    return redirect("cases:case-detail", code=item.case.code)


@login_required
@require_POST
def notification_read_all(request):
    services.mark_read(user=request.user)
    return redirect("notify:notification-list")
