"""Excel exports of the task board and of a campaign's results (text never runs as a formula)."""

import tempfile

import xlsxwriter
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicgrid.cases.export import _local as local
from civicgrid.cases.export import write_cells
from civicgrid.field.assignments import display_name
from civicgrid.field.board import Row
from civicgrid.field.campaigns import Results
from civicgrid.field.models import Campaign

MAX_CASES = 50_000
BOARD = [
    (gettext_lazy("任务名称"), 30),
    (gettext_lazy("任务范围"), 16),
    (gettext_lazy("下派人"), 10),
    (gettext_lazy("下派时间"), 17),
    (gettext_lazy("完成时限"), 17),
    (gettext_lazy("承办人"), 10),
    (gettext_lazy("状态"), 8),
    (gettext_lazy("接收时间"), 17),
    (gettext_lazy("完成时间"), 17),
    (gettext_lazy("验收时间"), 17),
    (gettext_lazy("是否超期"), 8),
]
CASES = [
    (gettext_lazy("查询码"), 18),
    (gettext_lazy("分类"), 20),
    (gettext_lazy("来源渠道"), 12),
    (gettext_lazy("地址"), 30),
    (gettext_lazy("上报时间"), 17),
    (gettext_lazy("状态"), 8),
    (gettext_lazy("结案时间"), 17),
]


def _book():
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - returned open, closed by caller
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    book = xlsxwriter.Workbook(out, {**options, "tmpdir": tempfile.gettempdir()})
    return out, book, book.add_format({"bold": True, "bg_color": "#e5e7eb"})


def _sheet(book, title, columns, bold):
    """A sheet with its column widths and the bold heading row."""
    sheet = book.add_worksheet(str(title))
    for col, (_head, width) in enumerate(columns):
        sheet.set_column(col, col, width)
    sheet.write_row(0, 0, [str(head) for head, _width in columns], bold)
    return sheet


def _finish(out, book):
    book.close()
    out.seek(0)
    return out


def write_board(rows: list[Row]):
    """One line per task and assignee: the board as a file."""
    out, book, bold = _book()
    sheet = _sheet(book, _("任务进度"), BOARD, bold)
    n = 0
    for row in rows:
        task = row.task
        head = [task.title, task.area.name, display_name(task.sender)]
        head += [local(task.created_at), local(task.deadline)]
        for t in row.targets:
            n += 1
            stamps = [local(t.accepted_at), local(t.done_at), local(t.approved_at)]
            tail = [display_name(t.assignee), t.get_status_display(), *stamps]
            write_cells(sheet, n, [*head, *tail, _("超期") if t.late else ""])
    return _finish(out, book), n


def write_campaign(campaign: Campaign, results: Results, cases):
    """The results against the targets, then the linked cases."""
    out, book, bold = _book()
    sheet = book.add_worksheet(_("行动成效"))
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 3, 12)
    period = f"{campaign.starts_on:%Y-%m-%d} ~ {campaign.ends_on:%Y-%m-%d}"
    write_cells(sheet, 0, [campaign.name, period])
    sheet.write_row(2, 0, [_("指标"), _("完成"), _("目标"), _("完成率")], bold)
    r = results
    lines = [
        (_("关联案件"), r.found, "", None),
        (_("办结案件"), r.closed, r.target_closed or "", r.closed_percent),
        (_("按时办结"), r.closed_on_time, "", r.on_time_rate),
        (_("在办超期"), r.open_overdue, "", None),
        (_("完成巡查任务"), r.tasks_done, r.target_tasks or "", r.tasks_percent),
        (_("执法措施"), r.measures, r.target_measures or "", r.measures_percent),
    ]
    for i, (label, done, target, percent) in enumerate(lines, start=3):
        write_cells(sheet, i, [label, done, target, f"{percent}%" if percent is not None else ""])
    listed = _sheet(book, _("关联案件"), CASES, bold)
    n = 0
    for case in cases.select_related("category").order_by("-reported_at")[:MAX_CASES]:
        n += 1
        what = [case.code, case.category.name if case.category else "", case.get_channel_display()]
        when = [local(case.reported_at), case.get_status_display(), local(case.closed_at)]
        write_cells(listed, n, [*what, case.address, *when])
    return _finish(out, book), n
