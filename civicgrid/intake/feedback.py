"""The hotline's feedback file: our result for each work order, in the 12345 upload format."""

import tempfile

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.cases.choices import Status
from civicgrid.cases.export import write_cells
from civicgrid.cases.models import CaseEvent

# The hotline platform's own column names: the upload format, never translated.
COLUMNS = [("工单编号", 20), ("办理情况", 10), ("办结时间", 17), ("回复内容", 60), ("承办单位", 24)]
# The public answers a caller may be given, the latest one wins.
ANSWERS = ("close", "finish", "self_handle", "reject", "comment")
CHUNK = 1000


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def write_feedback(orders) -> tuple[object, int]:
    """An .xlsx of the orders (a HotlineOrder queryset, scope already applied): one row per
    order, texts as string cells. (file opened for reading, rows written)."""
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - returned open
    book = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            "tmpdir": tempfile.gettempdir(),
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    sheet = book.add_worksheet(_("办理反馈"))
    bold = book.add_format({"bold": True, "bg_color": "#e5e7eb"})
    for col, (_title, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)
    sheet.write_row(0, 0, [t for t, _w in COLUMNS], bold)
    labels = dict(Status.choices)
    rows = orders.order_by("pk").values_list(
        "number", "unit", "case_id", "case__status", "case__closed_at", "case__department__name"
    )
    written = 0
    chunk: list[tuple] = []

    def flush():
        nonlocal written
        answers: dict[int, str] = {}
        events = (
            CaseEvent.objects.filter(
                case_id__in=[r[2] for r in chunk], public=True, action__in=ANSWERS
            )
            .exclude(note="")
            .order_by("case_id", "at", "pk")
            .values_list("case_id", "note")
        )
        for case_id, note in events:
            answers[case_id] = note  # the latest one stays
        for number, unit, case_id, status, closed_at, department in chunk:
            written += 1
            write_cells(
                sheet,
                written,
                [
                    number,
                    str(labels.get(status, status)),
                    _local(closed_at) if status == Status.CLOSED else "",
                    answers.get(case_id, ""),
                    department or unit,
                ],
            )
        chunk.clear()

    for row in rows.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            flush()
    if chunk:
        flush()
    book.close()
    out.seek(0)
    return out, written
