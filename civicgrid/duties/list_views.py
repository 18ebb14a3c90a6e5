"""Duty lists: the desk where a unit's lists are drawn up, and their public pages."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.audit.log import log
from civicgrid.audit.models import Kind
from civicgrid.duties import access, export, imports, lists
from civicgrid.duties.choices import ListKind, UnitKind
from civicgrid.duties.errors import DutyError
from civicgrid.duties.forms import ImportForm, ItemForm, PublishForm
from civicgrid.duties.models import DutyList, ListVersion, Unit
from civicgrid.duties.outcome import applied, cleaned
from civicgrid.duties.units import units_in_scope
from civicgrid.people import actions


@login_required
def unit_index(request):
    """The units whose lists this user draws up, by kind, with their current versions."""
    access.require_manage(request.user)
    units = list(units_in_scope(request.user, actions.DUTY_MANAGE))
    published = ListVersion.objects.filter(duty_list__unit__in=units).exclude(published_at=None)
    latest: dict[tuple[int, str], int] = {}
    for unit_id, kind, number in published.values_list(
        "duty_list__unit_id", "duty_list__kind", "number"
    ):
        latest[(unit_id, kind)] = max(number, latest.get((unit_id, kind), 0))
    groups = []
    for kind, label in UnitKind.choices:
        members = [
            (u, [(k, ListKind(k).label, latest.get((u.pk, k))) for k in lists.kinds_for(u)])
            for u in units
            if u.kind == kind
        ]
        if members:
            groups.append((label, members))
    return render(request, "duties/unit_index.html", {"groups": groups})


def _kind(unit: Unit, kind: str) -> str:
    if kind not in lists.kinds_for(unit):
        raise Http404(_("该单位没有这类清单"))
    return kind


@login_required
def unit_lists(request, pk):
    """One unit's list of one kind: the current version, the draft being edited, history."""
    unit = access.unit_for(request.user, pk)
    kinds = lists.kinds_for(unit)
    kind = _kind(unit, request.GET.get("kind") or kinds[0])
    duty_list = DutyList.objects.filter(unit=unit, kind=kind).first()
    draft = lists.draft_of(duty_list)
    history = []
    if duty_list is not None:
        history = list(
            duty_list.versions.exclude(published_at=None).select_related("published_by__staff")
        )
    context = {
        "unit": unit,
        "kind": kind,
        "kind_label": ListKind(kind).label,
        "tabs": [(k, ListKind(k).label) for k in kinds],
        "current": history[0] if history else None,
        "draft": draft,
        "items": list(draft.items.all()) if draft else [],
        "history": history,
        "item_form": ItemForm(auto_id="new-%s"),
        "publish_form": PublishForm(),
        "import_form": ImportForm(),
    }
    return render(request, "duties/unit_lists.html", context)


LIST_OPS = ("draft", "add", "publish", "import")


@login_required
@require_POST
def list_op(request, pk, kind, op):
    """Start a draft, add a row, import rows or publish; refusals come back as messages."""
    unit = access.unit_for(request.user, pk)
    kind = _kind(unit, kind)
    if op not in LIST_OPS:
        raise Http404(_("未知操作"))
    back = f"{reverse('duties:unit-lists', args=[unit.pk])}?kind={kind}"

    def run():
        if op == "publish":
            draft = lists.draft_of(DutyList.objects.filter(unit=unit, kind=kind).first())
            if draft is None:
                raise DutyError(_("没有待发布的草稿"))
            form = PublishForm(request.POST)
            note = form.cleaned_data["note"] if form.is_valid() else ""
            version = lists.publish(version=draft, actor=request.user, note=note)
            return _("已发布第 %(n)s 版") % {"n": version.number}
        draft = lists.start_draft(unit=unit, kind=kind, actor=request.user)
        if op == "add":
            lists.add_item(
                version=draft, actor=request.user, **cleaned(request, ItemForm(request.POST))
            )
        elif op == "import":
            upload = cleaned(request, ImportForm(request.POST, request.FILES))["file"]
            rows = imports.read_items(upload)
            n = lists.replace_items(version=draft, actor=request.user, rows=rows)
            return _("已导入 %(n)s 项，请核对后发布") % {"n": n}
        return None

    return applied(request, back, run)


ITEM_OPS = ("edit", "up", "down", "delete")


@login_required
@require_POST
def item_op(request, pk, op):
    """Edit, move or delete one row of a draft."""
    item = access.item_for(request.user, pk)
    if op not in ITEM_OPS:
        raise Http404(_("未知操作"))
    duty_list = item.version.duty_list
    back = f"{reverse('duties:unit-lists', args=[duty_list.unit_id])}?kind={duty_list.kind}"

    def run():
        if op == "edit":
            fields = cleaned(request, ItemForm(request.POST))
            lists.edit_item(item=item, actor=request.user, **fields)
        elif op == "delete":
            lists.remove_item(item=item, actor=request.user)
        else:
            lists.move_item(item=item, actor=request.user, up=op == "up")

    return applied(request, back, run)


@login_required
def list_export(request, pk, kind):
    """A version of the list as Excel: the current one, or ?v=<number>."""
    unit = access.unit_for(request.user, pk)
    kind = _kind(unit, kind)
    versions = ListVersion.objects.filter(duty_list__unit=unit, duty_list__kind=kind)
    wanted = request.GET.get("v", "")
    if wanted.isdigit() and len(wanted) < 6:
        version = versions.filter(number=int(wanted)).first()
    else:
        version = versions.exclude(published_at=None).order_by("-number").first()
    if version is None:
        raise Http404(_("清单还没有发布的版本"))
    out = export.write_version(version)
    log(
        Kind.EXPORT, request=request, target=f"duties:list:{version.pk}", rows=version.items.count()
    )
    stem = f"{unit.name}-{ListKind(kind).label}-v{version.number}"
    return FileResponse(out, as_attachment=True, filename=export.file_name(stem))


def version_public(request, pk):
    """A published version as it was published: anyone may read it; drafts do not exist."""
    version = get_object_or_404(
        ListVersion.objects.select_related("duty_list__unit"), pk=pk, published_at__isnull=False
    )
    others = version.duty_list.versions.exclude(published_at=None)
    context = {"version": version, "items": version.items.all(), "others": others}
    return render(request, "duties/version_public.html", context)


def station_public(request, community_code):
    """The three lists of a community's workstation, current versions, for residents."""
    community = get_object_or_404(Area, code=community_code, level=Level.COMMUNITY)
    unit = Unit.objects.filter(workstation__community=community).first()
    sections = []
    for kind in [ListKind.DUTIES, ListKind.POWERS, ListKind.TASKS]:
        duty_list = DutyList.objects.filter(unit=unit, kind=kind).first() if unit else None
        version = lists.current(duty_list)
        items = list(version.items.all()) if version else []
        sections.append((kind, ListKind(kind).label, version, items))
    context = {"community": community, "unit": unit, "sections": sections}
    return render(request, "duties/station_public.html", context)
