"""Excel exports of the task board and of a campaign's results (text never runs as a formula)."""

import tempfile

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.cases.export import _write_cells as write_cells
from civicgrid.field.board import Row
from civicgrid.field.campaigns import Results
from civicgrid.field.models import Campaign


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _book():
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - returned open, closed by caller
    book = xlsxwriter.Workbook(
        out,
        {"strings_to_formulas": False, "strings_to_urls": False, "tmpdir": tempfile.gettempdir()},
    )
    return out, book, book.add_format({"bold": True, "bg_color": "#e5e7eb"})


def _finish(out, book):
    book.close()
    out.seek(0)
    return out


def _name(user) -> str:
    profile = getattr(user, "staff", None)
    return profile.name if profile else user.username


def write_board(rows: list[Row]):
    """One line per task and assignee: the board as a file."""
    out, book, bold = _book()
    sheet = book.add_worksheet(_("任务进度"))
    heads = [
        _("任务名称"),
        _("任务范围"),
        _("下派人"),
        _("下派时间"),
        _("完成时限"),
        _("承办人"),
        _("状态"),
        _("接收时间"),
        _("完成时间"),
        _("验收时间"),
        _("是否超期"),
    ]
    widths = [30, 16, 10, 17, 17, 10, 8, 17, 17, 17, 8]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.write_row(0, 0, heads, bold)
    n = 0
    for row in rows:
        task = row.task
        for t in row.targets:
            n += 1
            write_cells(
                sheet,
                n,
                [
                    task.title,
                    task.area.name,
                    _name(task.sender),
                    _local(task.created_at),
                    _local(task.deadline),
                    _name(t.assignee),
                    t.get_status_display(),
                    _local(t.accepted_at),
                    _local(t.done_at),
                    _local(t.approved_at),
                    _("超期") if t.late else "",
                ],
            )
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
    lines = [
        (_("关联案件"), results.found, "", ""),
        (_("办结案件"), results.closed, results.target_closed or "", results.closed_percent),
        (_("按时办结"), results.closed_on_time, "", results.on_time_rate),
        (_("在办超期"), results.open_overdue, "", ""),
        (_("完成巡查任务"), results.tasks_done, results.target_tasks or "", results.tasks_percent),
        (_("执法措施"), results.measures, results.target_measures or "", results.measures_percent),
    ]
    for i, (label, done, target, percent) in enumerate(lines, start=3):
        write_cells(sheet, i, [label, done, target, f"{percent}%" if percent is not None else ""])
    cases_sheet = book.add_worksheet(_("关联案件"))
    heads = [
        _("查询码"),
        _("分类"),
        _("来源渠道"),
        _("地址"),
        _("上报时间"),
        _("状态"),
        _("结案时间"),
    ]
    for col, width in enumerate([18, 20, 12, 30, 17, 8, 17]):
        cases_sheet.set_column(col, col, width)
    cases_sheet.write_row(0, 0, heads, bold)
    n = 0
    for case in cases.select_related("category").order_by("-reported_at")[:50000]:
        n += 1
        write_cells(
            cases_sheet,
            n,
            [
                case.code,
                case.category.name if case.category else "",
                case.get_channel_display(),
                case.address,
                _local(case.reported_at),
                case.get_status_display(),
                _local(case.closed_at),
            ],
        )
    return _finish(out, book), n
