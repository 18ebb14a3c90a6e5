"""Excel import of a list's rows, read with calamine as the hotline import reads its ledgers.

All or nothing: one bad row refuses the file, naming every bad row and why, so a list is
never published half-imported."""

from django.utils.translation import gettext as _

from civicgrid.duties.errors import DutyError
from civicgrid.duties.lists import MAX_ITEMS, clean_row
from civicgrid.intake.hotline import XLSX_MAGIC
from civicgrid.intake.hotline import _text as cell_text

MAX_BYTES = 2 * 1024 * 1024
ALIASES = {"content": ("事项内容", "职责内容", "内容", "事项"), "basis": ("依据", "法律依据")}
ALIASES["kind"] = ("类别", "类型")
SHOWN_ERRORS = 10


class Refused(DutyError):
    """The file cannot be imported; the message lists why."""


def _sheet(upload) -> list[list]:
    from python_calamine import CalamineWorkbook

    if upload.size > MAX_BYTES:
        raise Refused(_("文件过大，清单文件不能超过 2 MB"))
    head = upload.read(4)
    upload.seek(0)
    if head != XLSX_MAGIC:
        raise Refused(_("文件不是 Excel（.xlsx）格式"))
    try:
        book = CalamineWorkbook.from_filelike(upload)
        return book.get_sheet_by_index(0).to_python(skip_empty_area=True)
    except Exception as exc:  # noqa: BLE001 - calamine's errors vary by cause
        raise Refused(_("无法读取该 Excel 文件，文件可能已损坏")) from exc


def read_items(upload) -> list[dict]:
    """The rows of the first sheet under a 事项内容 header (依据, 类别 optional), cleaned."""
    rows = _sheet(upload)
    start = next((i for i, r in enumerate(rows) if any(cell_text(c) for c in r)), None)
    if start is None:
        raise Refused(_("文件中没有数据"))
    header = [cell_text(c) for c in rows[start]]
    where = {}
    for field, names in ALIASES.items():
        where[field] = next((header.index(n) for n in names if n in header), None)
    if where["content"] is None:
        raise Refused(_("缺少必需的列：事项内容"))
    items, errors = [], []
    for n, row in enumerate(rows[start + 1 :], start=start + 2):
        values = {
            f: cell_text(row[i]) if i is not None and i < len(row) else "" for f, i in where.items()
        }
        if not any(values.values()):
            continue
        try:
            items.append(clean_row(values["content"], values["basis"], values["kind"]))
        except DutyError as exc:
            errors.append(_("第 %(n)s 行：%(why)s") % {"n": n, "why": exc})
    if errors:
        more = len(errors) - SHOWN_ERRORS
        tail = [_("……另有 %(n)s 行有误") % {"n": more}] if more > 0 else []
        raise Refused(
            _("有 %(n)s 行无法导入，未导入任何事项：") % {"n": len(errors)}
            + "；".join(errors[:SHOWN_ERRORS] + tail)
        )
    if not items:
        raise Refused(_("文件中没有事项"))
    if len(items) > MAX_ITEMS:
        raise Refused(_("一份清单最多 %(n)s 项") % {"n": MAX_ITEMS})
    return items
