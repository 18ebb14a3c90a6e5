"""Staff pages of frontage duties: the shop list, a shop's page and what is done from it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.audit.log import log
from civicgrid.audit.models import Kind
from civicgrid.cases.errors import WorkflowError
from civicgrid.community.qr import qr_svg
from civicgrid.lib import media
from civicgrid.lib.forms import report_form_errors
from civicgrid.lib.urls import public_url
from civicgrid.people import actions
from civicgrid.people.scopes import can
from civicgrid.shops import access, export, imports, ledger, linked, services
from civicgrid.shops.choices import Standing
from civicgrid.shops.forms import (
    AgreementForm,
    AwardForm,
    ChiefForm,
    InspectForm,
    ShopFilter,
    ShopForm,
)
from civicgrid.shops.models import InspectionPhoto, PointScheme

PAGE = 200


@login_required
def shop_list(request):
    """Shops in scope with the list filters; red and black counts over the filtered set."""
    access.require_shops(request.user)
    form = ShopFilter(request.GET or None, user=request.user)
    shops = access.visible_shops(request.user)
    if request.GET:
        shops = form.filter(shops)
    counts = dict(shops.order_by().values_list("standing").annotate(n=Count("id")))
    context = {
        "form": form,
        "shops": shops.select_related("community", "street_chief").order_by("-points", "name")[
            :PAGE
        ],
        "total": sum(counts.values()),
        "red": counts.get(Standing.RED, 0),
        "black": counts.get(Standing.BLACK, 0),
        "scheme": PointScheme.current(),
        "query": request.GET.urlencode(),
        "may_manage": can(request.user, actions.SHOP_MANAGE),
    }
    return render(request, "shops/shop_list.html", context)


@login_required
def shop_export(request):
    access.require_shops(request.user)
    form = ShopFilter(request.GET or None, user=request.user)
    shops = access.visible_shops(request.user)
    out, written = export.write_shops(form.filter(shops) if request.GET else shops)
    log(Kind.EXPORT, request=request, target="shops:list", rows=written)
    name = _("门前三包商户-%(time)s.xlsx") % {"time": f"{timezone.localtime():%Y%m%d-%H%M}"}
    return FileResponse(out, as_attachment=True, filename=name)


@login_required
def shop_edit(request, pk=None):
    """Register a shop, or change one (shop.manage over it)."""
    shop = access.shop_for(request.user, pk, actions.SHOP_MANAGE) if pk else None
    if shop is None and not can(request.user, actions.SHOP_MANAGE):
        raise PermissionDenied(_("您没有登记商户的权限"))
    form = ShopForm(request.POST or None, instance=shop, user=request.user)
    page = {
        "title": _("修改商户") if shop else _("登记商户"),
        "back": reverse("shops:shop-detail", args=[shop.pk])
        if shop
        else reverse("shops:shop-list"),
        "form_id": "shop-form",
        "note": _("负责人姓名和电话加密保存，页面只显示部分号码。"),
    }
    return _edit(request, form, page, lambda saved: reverse("shops:shop-detail", args=[saved.pk]))


def _edit(request, form, page: dict, next_url):
    """Save a posted model form and go on, or show it with its Chinese errors (400)."""
    if request.method == "POST":
        if form.is_valid():
            saved = form.save()
            messages.success(request, _("已保存：%(name)s") % {"name": saved})
            return redirect(next_url(saved))
        report_form_errors(request, form)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "shops/edit_form.html", {"form": form, **page}, status=status)


@login_required
def shop_detail(request, pk):
    """A shop on the phone: details, agreement, points, inspections, cases and measures."""
    shop = access.shop_for(request.user, pk)
    found, cases = linked.shop_cases(shop=shop, user=request.user)
    scheme = PointScheme.current()
    rate_url = public_url(request) + reverse("shops:rate", args=[shop.rating_token])
    inspections = shop.inspections.select_related("inspector__staff").prefetch_related("photos")
    context = {
        "shop": shop,
        "scheme": scheme,
        "points": ledger.points_now(shop, scheme),
        "agreement": services.current_agreement(shop),
        "agreements": shop.agreements.all()[:5],
        "entries": shop.entries.select_related("list_change")[:20],
        "changes": shop.list_changes.all()[:10],
        "inspections": inspections[:10],
        "staff_rating": shop.inspections.aggregate(a=Avg("score"), n=Count("id")),
        "service_rating": shop.ratings.aggregate(a=Avg("score"), n=Count("id")),
        "ratings": shop.ratings.all()[:5],
        "cases": cases,
        "case_count": found.count(),
        "measures": linked.measure_counts(found),
        "radius": linked.RADIUS_M,
        "may_inspect": can(request.user, actions.SHOP_INSPECT, shop),
        "may_manage": can(request.user, actions.SHOP_MANAGE, shop),
        "award_form": AwardForm(),
        "rate_url": rate_url,
        "rate_qr": qr_svg(rate_url),
    }
    return render(request, "shops/shop_detail.html", context)


@login_required
@require_POST
def shop_contact(request, pk):
    """Show the owner's full phone number once; the view is logged."""
    shop = access.shop_for(request.user, pk, actions.SHOP_MANAGE)
    log(Kind.PII_VIEW, request=request, target=f"shop:{shop.pk}", field="shop.owner")
    messages.info(
        request,
        _("负责人：%(name)s，电话：%(phone)s（本次查看已记录）")
        % {"name": shop.owner_name, "phone": shop.owner_phone or _("未登记")},
    )
    return redirect("shops:shop-detail", pk=shop.pk)


@login_required
def shop_inspect(request, pk):
    """The inspection form on the phone: items failed, rating, photos, note."""
    shop = access.shop_for(request.user, pk, actions.SHOP_INSPECT)
    form = InspectForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.inspect(shop=shop, actor=request.user, **form.cleaned_data)
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            text = (
                _("检查已记录：合格，积分 %(points)s")
                if done.passed
                else _("检查已记录：%(n)s 项不合格，积分 %(points)s")
            )
            messages.success(request, text % {"n": len(done.failed), "points": shop.points})
            return redirect("shops:shop-detail", pk=shop.pk)
    elif request.method == "POST":
        report_form_errors(request, form)
    status = 400 if form.is_bound else 200
    return render(request, "shops/inspect.html", {"shop": shop, "form": form}, status=status)


@login_required
@require_POST
def shop_award(request, pk):
    """Apply a points rule by hand (最美商户 and the like), with a reason."""
    shop = access.shop_for(request.user, pk, actions.SHOP_MANAGE)
    form = AwardForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect("shops:shop-detail", pk=shop.pk)
    try:
        entry = ledger.award(actor=request.user, shop=shop, **form.cleaned_data)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("已记分：%(label)s %(delta)+d，现有积分 %(points)s")
            % {"label": entry.label, "delta": entry.delta, "points": entry.balance},
        )
    return redirect("shops:shop-detail", pk=shop.pk)


@login_required
def agreement_new(request, pk):
    """Sign a frontage-duty agreement with the owner present."""
    shop = access.shop_for(request.user, pk, actions.SHOP_MANAGE)
    form = AgreementForm(request.POST or None, initial=AgreementForm.defaults())
    if request.method == "POST" and form.is_valid():
        d = {k: v for k, v in form.cleaned_data.items() if k != "agreed"}
        try:
            signed = services.sign(shop=shop, actor=request.user, **d)
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("责任书已签订"))
            return redirect("shops:agreement-print", pk=shop.pk, agreement=signed.pk)
    status = 400 if form.is_bound else 200
    return render(request, "shops/agreement_new.html", {"shop": shop, "form": form}, status=status)


@login_required
def agreement_print(request, pk, agreement):
    """The agreement as a printable page (the owner's name masked unless one may manage)."""
    shop = access.shop_for(request.user, pk)
    signed = get_object_or_404(shop.agreements.select_related("witness__staff"), pk=agreement)
    context = {
        "shop": shop,
        "agreement": signed,
        "in_force": signed.in_force(),
        "full": can(request.user, actions.SHOP_MANAGE, shop),
    }
    return render(request, "shops/agreement_print.html", context)


@login_required
def inspection_photo(request, pk, photo):
    """An inspection photo, for whoever sees the shop."""
    shop = access.shop_for(request.user, pk)
    found = InspectionPhoto.objects.filter(pk=photo, inspection__shop=shop).first()
    if found is None:
        raise Http404(_("照片不存在"))
    return media.send(found.image.name, public=False)


@login_required
def rating_list(request):
    """Two-way ratings per shop for heads: the staff's rating of the shop and the shop's of us."""
    access.require_shops(request.user)
    # Both averages over the join of inspections and ratings: each side's rows repeat
    # equally, so the means hold; the counts need distinct.
    shops = (
        access.visible_shops(request.user)
        .annotate(
            staff_avg=Avg("inspections__score"),
            checks=Count("inspections", distinct=True),
            service_avg=Avg("ratings__score"),
            rated=Count("ratings", distinct=True),
        )
        .select_related("community")
        .order_by("community__path", "name")
    )
    return render(request, "shops/rating_list.html", {"shops": shops[:PAGE]})


@login_required
def chief_list(request):
    """Street-chief posts in scope, each with its shops and their standing."""
    access.require_shops(request.user)
    chiefs = access.visible_chiefs(request.user).select_related("area", "holder_shop")
    chiefs = chiefs.prefetch_related("shops").order_by("area_path", "street_name")
    may_manage = can(request.user, actions.SHOP_MANAGE)
    return render(request, "shops/chief_list.html", {"chiefs": chiefs, "may_manage": may_manage})


@login_required
def chief_edit(request, pk=None):
    """Set up a street-chief post, or change one (shop.manage over it)."""
    if not can(request.user, actions.SHOP_MANAGE):
        raise PermissionDenied(_("您没有管理街长的权限"))
    chief = None
    if pk:
        chief = access.visible_chiefs(request.user).filter(pk=pk).first()
        if chief is None:
            raise Http404(_("街长岗位不存在或不在您的管辖范围内"))
        if not can(request.user, actions.SHOP_MANAGE, chief):
            raise PermissionDenied(_("您没有管理这个街长岗位的权限"))
    form = ChiefForm(request.POST or None, instance=chief, user=request.user)
    page = {
        "title": _("修改街长岗位") if chief else _("设立街长岗位"),
        "back": reverse("shops:chief-list"),
        "form_id": "chief-form",
        "note": _("公开电话是岗位电话，会在红黑榜页面公示。"),
    }
    return _edit(request, form, page, lambda saved: reverse("shops:chief-list"))


@login_required
def shop_import(request):
    """Register shops from an Excel sheet; every row is checked before any is written."""
    if not can(request.user, actions.SHOP_MANAGE):
        raise PermissionDenied(_("您没有登记商户的权限"))
    errors, status = [], 200
    upload = request.FILES.get("file")
    if request.method == "POST":
        try:
            if upload is None:
                raise imports.Refused(_("请选择要导入的 Excel 文件"))
            created, errors = imports.import_shops(upload=upload, actor=request.user)
        except imports.Refused as exc:
            messages.error(request, str(exc))
            status = 400
        else:
            if not errors:
                messages.success(request, _("已导入 %(n)s 家商户") % {"n": created})
                return redirect("shops:shop-list")
            status = 400
    columns = [str(t) for t in imports.COLUMNS.values()]
    context = {"errors": errors, "columns": columns, "max_rows": imports.MAX_ROWS}
    return render(request, "shops/shop_import.html", context, status=status)
