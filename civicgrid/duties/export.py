"""Excel exports: a list version, and the decomposition table with each task's latest progress."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicgrid.cases.export import _local as local
from civicgrid.cases.export import write_table
from civicgrid.duties.board import Row
from civicgrid.duties.models import ListVersion

LIST_COLUMNS = [
    (gettext_lazy("序号"), 6),
    (gettext_lazy("事项内容"), 60),
    (gettext_lazy("依据"), 40),
    (gettext_lazy("类别"), 12),
]
BOARD_COLUMNS = [
    (gettext_lazy("工作方案"), 24),
    (gettext_lazy("序号"), 6),
    (gettext_lazy("工作项目"), 24),
    (gettext_lazy("主要内容"), 50),
    (gettext_lazy("时间节点"), 11),
    (gettext_lazy("牵头单位"), 18),
    (gettext_lazy("配合单位"), 24),
    (gettext_lazy("状态"), 8),
    (gettext_lazy("完成进度"), 9),
    (gettext_lazy("逾期工作日"), 10),
    (gettext_lazy("最新进展"), 50),
    (gettext_lazy("填报单位"), 18),
    (gettext_lazy("填报时间"), 17),
]


def _headers(columns) -> list[tuple[str, int]]:
    """The headers in the language of the request, translated when written."""
    return [(str(head), width) for head, width in columns]


def write_version(version: ListVersion):
    """One list version as a sheet; the same columns the import reads."""
    rows = ([i.position, i.content, i.basis, i.kind] for i in version.items.all())
    title = f"{version.duty_list.get_kind_display()}v{version.number}"
    return write_table(title, _headers(LIST_COLUMNS), rows)


def write_board(found: list[Row]):
    """The decomposition table as filtered on the board, one line per task."""

    def line(r: Row) -> list:
        t, latest = r.task, r.latest
        return [
            t.plan.title,
            t.number,
            t.title,
            t.content,
            f"{t.deadline:%Y-%m-%d}",
            t.lead.name,
            "、".join(u.name for u in r.co_units),
            r.status_label,
            f"{t.percent}%",
            r.late_days or "",
            latest.text if latest else "",
            latest.unit.name if latest else "",
            local(latest.at) if latest else "",
        ]

    return write_table(_("任务分解表"), _headers(BOARD_COLUMNS), (line(r) for r in found))


def file_name(stem: str) -> str:
    return f"{stem}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
