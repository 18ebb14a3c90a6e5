"""Excel export of a topic's answers: the answers streamed row by row, then the grouping.

Residents write the answers: every text goes through cases/export's string cells, never a
formula or a link (an answer starting with "=" would otherwise run in the staff member's Excel).
"""

import tempfile

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.cases.export import MAX_ROWS, write_cells
from civicgrid.consult.models import Topic
from civicgrid.consult.services import Summary
from civicgrid.lib.privacy import mask_phone

COLUMNS = [
    (_("提交时间"), 17),
    (_("所在社区"), 22),
    (_("选择"), 24),
    (_("意见建议"), 60),
    (_("称呼"), 10),
    (_("手机号"), 14),
]
FIELDS = ("created_at", "community__name", "choice", "text", "name", "phone")


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def write_xlsx(*, topic: Topic, answers, summary: Summary, cap: int = MAX_ROWS):
    """Write the answers (a queryset) and their grouping to a temporary .xlsx file;
    (file opened for reading, rows written, capped). XlsxWriter keeps one row in memory."""
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
    bold = book.add_format({"bold": True, "bg_color": "#e5e7eb"})
    warn = book.add_format({"bold": True, "font_color": "#b91c1c"})
    sheet = book.add_worksheet(str(_("意见")))
    for col, (_title, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)
    sheet.write_row(0, 0, [str(title) for title, _width in COLUMNS], bold)
    rows = answers.order_by("-created_at", "-pk").values_list(*FIELDS)[: cap + 1]
    written, capped = 0, False
    for created, community, choice, text, name, phone in rows.iterator(chunk_size=2000):
        if written == cap:
            capped = True
            break
        values = [_local(created), community, topic.option_label(choice), text, name]
        write_cells(sheet, written + 1, [*values, mask_phone(phone) if phone else ""])
        written += 1
    if capped:
        message = _("仅导出了前 %(count)s 条意见。") % {"count": f"{cap:,}"}
        sheet.write_string(written + 2, 0, str(message), warn)
    _write_summary(book.add_worksheet(str(_("汇总"))), topic, summary, bold)
    book.close()
    out.seek(0)
    return out, written, capped


def _write_summary(sheet, topic: Topic, summary: Summary, bold) -> None:
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 2, 12)
    lines: list[list] = [[topic.title], [str(_("意见总数")), summary.total], []]
    heads = {3}
    if topic.options:
        lines.append([topic.question, str(_("人数")), str(_("占比"))])
        lines += [[option, n, f"{percent}%"] for option, n, percent in summary.by_choice]
        lines.append([])
    heads.add(len(lines))
    lines.append([str(_("社区")), str(_("意见数"))])
    lines += [[name, n] for name, n in summary.by_community]
    for row, values in enumerate(lines):
        if row in heads:
            sheet.write_row(row, 0, values, bold)  # strings_to_formulas is off: text stays text
        else:
            write_cells(sheet, row, values)
