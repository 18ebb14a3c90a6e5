"""Staff pages of the 12345 hotline: upload a ledger, watch it import, fix what failed, place
unplaced orders, download the feedback file. Thin: intake/hotline.py does the work."""

from datetime import datetime, time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.cases import workflow
from civicgrid.cases.models import Case
from civicgrid.intake import hotline
from civicgrid.intake.feedback import write_feedback
from civicgrid.intake.models import HotlineImport, HotlineOrder, HotlineSource, ImportStatus
from civicgrid.lib import media
from civicgrid.people import actions as A
from civicgrid.people.scopes import can, scope_filter

QUEUE_PAGE = 50


def _require(user) -> None:
    if not can(user, A.HOTLINE_IMPORT):
        raise PermissionDenied(_("您没有导入 12345 工单的权限"))


def _sources(user) -> list[HotlineSource]:
    return [
        s for s in HotlineSource.objects.select_related("area") if can(user, A.HOTLINE_IMPORT, s)
    ]


def _imports(user):
    reach = scope_filter(user, A.HOTLINE_IMPORT, department=None)
    return HotlineImport.objects.filter(reach).select_related("source", "created_by__staff")


def import_for(user, pk: int) -> HotlineImport:
    """An import the user may see (its source's area in their hotline scope), else 404."""
    _require(user)
    found = _imports(user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("导入记录不存在或不在您的管辖范围内"))
    return found


class UploadForm(forms.Form):
    source = forms.ModelChoiceField(
        label=gettext_lazy("热线来源"), queryset=HotlineSource.objects.none(), empty_label=None
    )
    file = forms.FileField(label=gettext_lazy("工单台账（.xlsx）"))

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = HotlineSource.objects.filter(
            pk__in=[s.pk for s in sources]
        )


def _too_big(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return length > hotline.max_bytes() + 64 * 1024  # the form's other fields


@csrf_exempt  # checked by csrf_protect below, once the body size is known to be sane
@login_required
def hotline_list(request):
    """Upload a ledger; the latest imports of the user's scope."""
    _require(request.user)
    sources = _sources(request.user)
    if request.method == "POST" and _too_big(request):
        # Refused before the body is read: nothing of it reaches memory or disk.
        form = UploadForm(sources=sources)
        refusal = _("文件过大，上限为 %(max)s MB，请分多个文件导入") % {
            "max": settings.CIVICGRID_HOTLINE_MAX_MB
        }
        return _list_page(request, form, 413, refusal)
    if request.method == "POST":
        return _upload(request, sources)
    return _list_page(request, UploadForm(sources=sources))


def _list_page(request, form, status=200, refusal=""):
    context = {
        "refusal": refusal,
        "form": form,
        "imports": _imports(request.user)[:20],
        "unplaced": _unplaced(request.user).count(),
        "max_mb": settings.CIVICGRID_HOTLINE_MAX_MB,
    }
    return render(request, "intake/hotline_list.html", context, status=status)


@csrf_protect
def _upload(request, sources):
    form = UploadForm(request.POST, request.FILES, sources=sources)
    if not form.is_valid():
        return _list_page(request, form, 400)
    try:
        imp = hotline.start(
            source=form.cleaned_data["source"], upload=form.cleaned_data["file"], actor=request.user
        )
    except hotline.Refused as exc:
        form.add_error("file", str(exc))
        return _list_page(request, form, 400)
    from civicgrid.intake.tasks import import_hotline

    transaction.on_commit(lambda: import_hotline.enqueue(imp.pk))
    return redirect("intake:hotline-detail", pk=imp.pk)


@login_required
@require_GET
def hotline_detail(request, pk):
    """One import: its progress bar (polling the progress endpoint), counts and error file."""
    imp = import_for(request.user, pk)
    return render(request, "intake/hotline_detail.html", {"imp": imp})


@login_required
@require_GET
def hotline_progress(request, pk):
    """The import's progress as JSON, for the bar."""
    imp = import_for(request.user, pk)
    finished = imp.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING)
    return JsonResponse(
        {
            "status": imp.status,
            "status_label": imp.get_status_display(),
            "done": imp.done,
            "total": imp.total,
            "percent": imp.percent,
            "finished": finished,
            "counts": {
                k: getattr(imp, k)
                for k in ("created", "updated", "unchanged", "unplaced", "failed")
            },
        }
    )


@login_required
@require_GET
def hotline_errors(request, pk):
    """The rows that failed, with their reason, as the workbook they came in."""
    imp = import_for(request.user, pk)
    if not imp.errors_file:
        raise Http404(_("本次导入没有出错的行"))
    response = media.send(imp.errors_file, public=False)
    response["Content-Disposition"] = f'attachment; filename="hotline-errors-{imp.pk}.xlsx"'
    return response


class FeedbackForm(forms.Form):
    since = forms.DateField(label=gettext_lazy("来电日期从"), required=False)
    until = forms.DateField(label=gettext_lazy("至"), required=False)
    batch = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


@login_required
@require_GET
def hotline_feedback(request):
    """The hotline's feedback file (工单编号, 办理情况, 办结时间, 回复内容, 承办单位) for an import
    or for orders called in between two dates, only cases the user may see."""
    _require(request.user)
    form = FeedbackForm(request.GET)
    if not form.is_valid():
        raise Http404(_("日期格式不正确"))
    data = form.cleaned_data
    visible = Case.objects.visible_to(request.user).values("pk")
    orders = HotlineOrder.objects.filter(case__in=visible)
    if data["batch"]:
        orders = orders.filter(last_import=import_for(request.user, data["batch"]))
    zone = timezone.get_current_timezone()
    if data["since"]:
        orders = orders.filter(
            case__reported_at__gte=datetime.combine(data["since"], time.min, zone)
        )
    if data["until"]:
        orders = orders.filter(
            case__reported_at__lte=datetime.combine(data["until"], time.max, zone)
        )
    out, _rows = write_feedback(orders)
    return FileResponse(out, as_attachment=True, filename="hotline-feedback.xlsx")


def _unplaced(user):
    return HotlineOrder.objects.filter(
        placed=False, case__in=Case.objects.visible_to(user, A.CASE_ACCEPT).values("pk")
    )


def _places(user) -> list[Area]:
    """Communities and grids the user may place a case in, for the queue's select."""
    areas = Area.objects.filter(level__in=[Level.COMMUNITY, Level.GRID]).filter(
        scope_filter(user, A.CASE_ACCEPT, area_field="path", department=None)
    )
    return list(areas.order_by("path"))


@login_required
def hotline_unplaced(request):
    """The orders no address matched (待定位): the dispatcher picks their community or grid."""
    _require(request.user)
    orders = list(
        _unplaced(request.user)
        .select_related("case", "source")
        .order_by("case__reported_at", "pk")[:QUEUE_PAGE]
    )
    context = {
        "orders": orders,
        "areas": _places(request.user),
        "total": _unplaced(request.user).count(),
    }
    return render(request, "intake/hotline_unplaced.html", context)


@login_required
@require_POST
def hotline_place(request, pk):
    """Place one unplaced order's case in the chosen community or grid (workflow `place`)."""
    _require(request.user)
    order = _unplaced(request.user).select_related("case").filter(pk=pk).first()
    if order is None:
        raise Http404(_("工单不存在、已定位或不在您的管辖范围内"))
    code = (request.POST.get("area") or "").strip()[:20]
    area = Area.objects.filter(code=code, level__in=[Level.COMMUNITY, Level.GRID]).first()
    try:
        with transaction.atomic():
            workflow.place(case=order.case, actor=request.user, area=area)
            HotlineOrder.objects.filter(pk=order.pk).update(placed=True)
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("工单 %(number)s 已定位到%(area)s") % {"number": order.number, "area": area.name},
        )
    return redirect("intake:hotline-unplaced")
