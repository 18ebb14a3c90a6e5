"""Editing duty lists: a draft version is edited row by row, then published; a published
version is never changed again, so every earlier version stays readable as it was."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.duties.choices import ListKind, UnitKind
from civicgrid.duties.errors import DutyError, NotAllowed
from civicgrid.duties.models import DutyList, ListItem, ListVersion, Unit
from civicgrid.people import actions
from civicgrid.people.scopes import can

MAX_ITEMS = 300
LIMITS = {"content": 1000, "basis": 1000, "kind": 30}


def kinds_for(unit: Unit) -> list[str]:
    """A station keeps the three lists; other units their duty list."""
    if unit.kind == UnitKind.WORKSTATION:
        return [ListKind.DUTIES, ListKind.POWERS, ListKind.TASKS]
    return [ListKind.DUTIES]


def current(duty_list: DutyList | None) -> ListVersion | None:
    """The latest published version, or None."""
    if duty_list is None:
        return None
    return duty_list.versions.exclude(published_at=None).order_by("-number").first()


def draft_of(duty_list: DutyList | None) -> ListVersion | None:
    if duty_list is None:
        return None
    return duty_list.versions.filter(published_at=None).first()


def _require(actor, duty_list: DutyList) -> None:
    if not can(actor, actions.DUTY_MANAGE, duty_list):
        raise NotAllowed(_("您没有编制这份清单的权限"))


def _require_draft(version: ListVersion) -> None:
    if not version.is_draft:
        raise DutyError(_("已发布的版本不能修改，请先起草新版本"))


def clean_row(content: str, basis: str = "", kind: str = "") -> dict:
    """A row's fields trimmed, or the Chinese reason it cannot be kept."""
    row = {"content": (content or "").strip(), "basis": (basis or "").strip()}
    row["kind"] = (kind or "").strip()
    if not row["content"]:
        raise DutyError(_("事项内容不能为空"))
    names = {"content": _("事项内容"), "basis": _("依据"), "kind": _("类别")}
    for field, limit in LIMITS.items():
        if len(row[field]) > limit:
            raise DutyError(
                _("%(field)s最多 %(limit)s 个字") % {"field": names[field], "limit": limit}
            )
    return row


@transaction.atomic
def start_draft(*, unit: Unit, kind: str, actor) -> ListVersion:
    """The list's draft: the one being edited, or a new one copying the current version."""
    if kind not in kinds_for(unit):
        raise DutyError(_("该单位没有这类清单"))
    duty_list, _made = DutyList.objects.get_or_create(unit=unit, kind=kind)
    _require(actor, duty_list)
    DutyList.objects.select_for_update().filter(pk=duty_list.pk).first()
    found = draft_of(duty_list)
    if found is not None:
        return found
    number = (duty_list.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = ListVersion.objects.create(duty_list=duty_list, number=number, created_by=actor)
    base = current(duty_list)
    if base is not None:
        ListItem.objects.bulk_create(
            ListItem(version=draft, position=i.position, content=i.content, basis=i.basis,
                     kind=i.kind)
            for i in base.items.all()
        )  # fmt: skip
    return draft


def _renumber(version: ListVersion) -> None:
    for n, item in enumerate(version.items.order_by("position", "pk"), start=1):
        if item.position != n:
            ListItem.objects.filter(pk=item.pk).update(position=n)


@transaction.atomic
def add_item(*, version: ListVersion, actor, content: str, basis="", kind="") -> ListItem:
    """Append one row to a draft."""
    _require(actor, version.duty_list)
    _require_draft(version)
    row = clean_row(content, basis, kind)
    count = version.items.count()
    if count >= MAX_ITEMS:
        raise DutyError(_("一份清单最多 %(n)s 项") % {"n": MAX_ITEMS})
    return ListItem.objects.create(version=version, position=count + 1, **row)


@transaction.atomic
def edit_item(*, item: ListItem, actor, content: str, basis="", kind="") -> ListItem:
    """Change one row of a draft."""
    _require(actor, item.version.duty_list)
    _require_draft(item.version)
    for field, value in clean_row(content, basis, kind).items():
        setattr(item, field, value)
    item.save(update_fields=["content", "basis", "kind"])
    return item


@transaction.atomic
def move_item(*, item: ListItem, actor, up: bool) -> None:
    """Swap a draft's row with the one above (up) or below it."""
    _require(actor, item.version.duty_list)
    _require_draft(item.version)
    _renumber(item.version)
    item.refresh_from_db()
    other = item.version.items.filter(position=item.position + (-1 if up else 1)).first()
    if other is None:
        return
    ListItem.objects.filter(pk=other.pk).update(position=item.position)
    ListItem.objects.filter(pk=item.pk).update(position=other.position)


@transaction.atomic
def remove_item(*, item: ListItem, actor) -> None:
    """Delete one row of a draft; the rows below move up."""
    version = item.version
    _require(actor, version.duty_list)
    _require_draft(version)
    item.delete()
    _renumber(version)


@transaction.atomic
def replace_items(*, version: ListVersion, actor, rows: list[dict]) -> int:
    """Put imported rows (already cleaned) in place of a draft's rows."""
    _require(actor, version.duty_list)
    _require_draft(version)
    if len(rows) > MAX_ITEMS:
        raise DutyError(_("一份清单最多 %(n)s 项") % {"n": MAX_ITEMS})
    version.items.all().delete()
    ListItem.objects.bulk_create(
        ListItem(version=version, position=n, **row) for n, row in enumerate(rows, start=1)
    )
    return len(rows)


@transaction.atomic
def publish(*, version: ListVersion, actor, note: str = "") -> ListVersion:
    """Publish a draft: it becomes the current version; the earlier ones stay as they were."""
    _require(actor, version.duty_list)
    locked = ListVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(locked)
    if not locked.items.exists():
        raise DutyError(_("清单还没有事项，不能发布"))
    note = (note or "").strip()
    if len(note) > 200:
        raise DutyError(_("修订说明最多 200 个字"))
    locked.published_at, locked.published_by, locked.note = timezone.now(), actor, note
    locked.save(update_fields=["published_at", "published_by", "note"])
    return locked
