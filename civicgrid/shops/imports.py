"""Shops from an Excel sheet (a street office's register): every row checked as the form checks
it, and nothing written unless every row is good, so a file can be fixed and sent again."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.areas.places import normalise
from civicgrid.intake.hotline import _text as cell_text
from civicgrid.people import actions
from civicgrid.people.scopes import area_scope
from civicgrid.shops.choices import BusinessType, ShopStatus
from civicgrid.shops.forms import ShopForm

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
XLSX_MAGIC = b"PK\x03\x04"
# Form field -> the column title in the sheet; the first three and the community are required.
COLUMNS = {
    "name": gettext_lazy("店名"),
    "licence_no": gettext_lazy("统一社会信用代码"),
    "owner_name": gettext_lazy("负责人"),
    "owner_phone": gettext_lazy("负责人电话"),
    "address": gettext_lazy("地址"),
    "community": gettext_lazy("所属社区"),
    "business_type": gettext_lazy("经营类别"),
    "lng": gettext_lazy("经度"),
    "lat": gettext_lazy("纬度"),
}
REQUIRED = ("name", "licence_no", "owner_name", "address", "community")


class Refused(Exception):
    """The file as a whole cannot be read: not Excel, too big, columns missing."""


def _rows(upload) -> list[list]:
    from python_calamine import CalamineWorkbook

    if upload.size > MAX_BYTES:
        raise Refused(_("文件过大，上限为 5 MB，请分多个文件导入"))
    if upload.read(4) != XLSX_MAGIC:
        raise Refused(_("文件不是 Excel（.xlsx）格式"))
    upload.seek(0)
    try:
        rows = CalamineWorkbook.from_filelike(upload).get_sheet_by_index(0).to_python()
    except Exception as exc:  # noqa: BLE001 - calamine's errors vary by cause
        raise Refused(_("无法读取该 Excel 文件，文件可能已损坏")) from exc
    rows = [[cell_text(c) for c in row] for row in rows if any(cell_text(c) for c in row)]
    if len(rows) < 2:
        raise Refused(_("文件中没有数据"))
    if len(rows) > MAX_ROWS + 1:
        raise Refused(_("一次最多导入 %(n)s 家商户") % {"n": MAX_ROWS})
    return rows


def import_shops(*, upload, actor) -> tuple[int, list[tuple[int, str]]]:
    """(shops created, [(row number, Chinese reason)]); nothing is created while any row fails."""
    rows = _rows(upload)
    header = {title: i for i, title in reversed(list(enumerate(rows[0])))}
    where = {field: header[str(title)] for field, title in COLUMNS.items() if str(title) in header}
    missing = [str(COLUMNS[f]) for f in REQUIRED if f not in where]
    if missing:
        raise Refused(_("缺少必需的列：%(names)s") % {"names": "、".join(missing)})
    communities = _communities(actor)
    types = {str(label): value for value, label in BusinessType.choices}
    forms: list[ShopForm] = []
    errors: list[tuple[int, str]] = []
    for number, row in enumerate(rows[1:], start=2):
        data = {f: (row[i] if i < len(row) else "") for f, i in where.items()}
        data["community"] = communities.get(normalise(data["community"]), "")
        data["business_type"] = types.get(data.get("business_type", ""), BusinessType.OTHER)
        data["status"] = ShopStatus.OPEN
        form = ShopForm(data, user=actor)
        if form.is_valid():
            forms.append(form)
        else:
            field, messages = next(iter(form.errors.items()))
            label = form.fields[field].label if field in form.fields else ""
            errors.append((number, f"{label}：{messages[0]}" if label else str(messages[0])))
    if errors:
        return 0, errors
    seen = [f.cleaned_data["licence_no"] for f in forms]
    if len(set(seen)) < len(seen):
        return 0, [(0, str(_("文件中有重复的统一社会信用代码")))]
    with transaction.atomic():
        for form in forms:
            form.save()
    return len(forms), []


def _communities(actor) -> dict[str, int]:
    """Community name, normalised ("西津路居委会" = "西津路社区") -> pk, among those the actor
    manages."""
    found = Area.objects.filter(area_scope(actor, actions.SHOP_MANAGE), level=Level.COMMUNITY)
    return {normalise(area.name): area.pk for area in found}
