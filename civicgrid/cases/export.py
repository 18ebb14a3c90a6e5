"""Excel export of a filtered case list: streamed row by row, phones masked, capped.

Residents write the descriptions: every text is written as a string cell, never a formula or a
link (a description starting with "=" would otherwise run in the staff member's Excel).
"""

import itertools
import tempfile
from collections.abc import Iterable

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.cases.choices import Channel, Clock, RequestType, Status, Tier, clock_of
from civicgrid.catalog.choices import Measure
from civicgrid.lib.privacy import mask_phone

MAX_ROWS = 50_000

COLUMNS = [
    (_("查询码"), 18),
    (_("上报时间"), 17),
    (_("来源渠道"), 11),
    (_("诉求类型"), 9),
    (_("分类"), 22),
    (_("问题描述"), 50),
    (_("地址"), 30),
    (_("网格"), 18),
    (_("状态"), 9),
    (_("处置部门"), 18),
    (_("当前阶段时限"), 17),
    (_("时限状态"), 9),
    (_("督办次数"), 9),
    (_("反映人"), 10),
    (_("反映人电话"), 14),
    (_("处置层级"), 9),
    (_("违法行为"), 16),
    (_("处置措施"), 9),
]
FIELDS = (
    "code",
    "reported_at",
    "channel",
    "request_type",
    "category__name",
    "description",
    "address",
    "grid__name",
    "status",
    "department__name",
    "due_at",
    "warn_at",
    "urge_count",
    "reporter_name",
    "reporter_phone",
    "tier",
    "violation_type__name",
    "measure",
)
_STATUS = dict(Status.choices)
_CHANNEL = dict(Channel.choices)
_CLOCK = dict(Clock.choices)
_REQUEST_TYPE = dict(RequestType.choices)
_TIER = dict(Tier.choices)
_MEASURE = dict(Measure.choices)
SECRET = _("保密")  # a tip-off's reporter: never in a file that leaves the system


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _clock(status, due_at, warn_at, now) -> str:
    clock = clock_of(status, due_at, warn_at, now)
    return str(_CLOCK[clock]) if clock else ""


def write_cells(sheet, row: int, values: list) -> None:
    """Numbers as numbers, everything else as a string cell, whatever it starts with."""
    for col, value in enumerate(values):
        if isinstance(value, int):
            sheet.write_number(row, col, value)
        else:
            sheet.write_string(row, col, str(value))


def write_xlsx(qs, *, cap: int = MAX_ROWS):
    """Write the cases of qs to a temporary .xlsx file; (file opened for reading, rows written).

    qs may be a list of querysets written one after the other (the list order's parts, each
    served by its index). One SELECT of plain values per part streamed from the cursor;
    XlsxWriter keeps only one row in memory.
    """
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - returned open, closed by caller
    book = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            "tmpdir": tempfile.gettempdir(),
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    sheet = book.add_worksheet(str(_("案件")))
    bold = book.add_format({"bold": True, "bg_color": "#e5e7eb"})
    warn = book.add_format({"bold": True, "font_color": "#b91c1c"})
    for col, (_title, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)
    now = timezone.now()
    row = 0
    parts = qs if isinstance(qs, list) else [qs]
    rows = itertools.chain.from_iterable(
        p.values_list(*FIELDS)[: cap + 1].iterator(chunk_size=2000) for p in parts
    )
    sheet.write_row(row, 0, [str(title) for title, _width in COLUMNS], bold)
    row += 1
    written = 0
    capped = False
    for values in rows:
        if written == cap:
            capped = True
            break
        (code, reported, channel, kind, category, description, address, grid, status, dept, due,
         warn_at, urges, name, phone, tier, violation, measure) = values  # fmt: skip
        secret = kind == RequestType.TIP_OFF and bool(name or phone)
        write_cells(
            sheet,
            row,
            [
                code,
                _local(reported),
                str(_CHANNEL.get(channel, channel)),
                str(_REQUEST_TYPE.get(kind, kind)),
                category or "",
                description,
                address,
                grid or "",
                str(_STATUS.get(status, status)),
                dept or "",
                _local(due),
                _clock(status, due, warn_at, now),
                urges,
                str(SECRET) if secret else name,
                str(SECRET) if secret else mask_phone(phone),
                str(_TIER.get(tier, tier)),
                violation or "",
                str(_MEASURE.get(measure, measure)),
            ],
        )
        row += 1
        written += 1
    if capped:
        sheet.write(
            row + 1,
            0,
            _(
                "仅导出了前 %(count)s 件；符合条件的案件更多，"
                "请缩小筛选范围（如日期、区域）后分批导出。"
            )
            % {"count": f"{cap:,}"},
            warn,
        )
    book.close()
    out.seek(0)
    return out, written, capped


def write_table(title: str, columns: list[tuple[str, int]], rows):
    """A one-sheet .xlsx of plain rows under Chinese headers, text always as text; opened for
    reading (other exports: compliance tables)."""
    return write_tables([(title, columns, rows)])


def write_tables(sheets: list[tuple[str, list[tuple[str, int]], Iterable[list]]]):
    """An .xlsx of one sheet per (title, columns, rows), as write_table writes one (ledgers)."""
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - returned open, closed by caller
    book = xlsxwriter.Workbook(out, {"strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True, "bg_color": "#e5e7eb"})
    for title, columns, rows in sheets:
        sheet = book.add_worksheet(str(title)[:31])
        for col, (_title, width) in enumerate(columns):
            sheet.set_column(col, col, width)
        sheet.write_row(0, 0, [str(name) for name, _width in columns], bold)
        for row, values in enumerate(rows, start=1):
            write_cells(sheet, row, values)
    book.close()
    out.seek(0)
    return out
