"""The station's Excel of its needs and its meetings' decisions (no residents' contacts)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.cases.export import write_tables
from civicgrid.council import council
from civicgrid.council.models import Decision, Need

NEED_COLUMNS = [
    (_("查询码"), 14),
    (_("提交时间"), 18),
    (_("类别"), 10),
    (_("需求内容"), 50),
    (_("状态"), 18),
    (_("承办人或单位"), 20),
    (_("办理时限"), 12),
    (_("办理结果"), 40),
    (_("关联案件"), 16),
]
DECISION_COLUMNS = [
    (_("会议"), 30),
    (_("会议时间"), 18),
    (_("决议内容"), 50),
    (_("进展"), 20),
    (_("关联案件"), 16),
]


def _time(at) -> str:
    return f"{timezone.localtime(at):%Y-%m-%d %H:%M}"


def write_xlsx(community):
    found = Need.objects.filter(community=community).select_related("case")
    need_rows = [
        [
            n.code,
            _time(n.created_at),
            n.get_category_display(),
            n.text,
            n.public_status,
            n.assignee,
            f"{n.deadline:%Y-%m-%d}" if n.deadline else "",
            n.result or n.reason,
            n.case.code if n.case_id else "",
        ]
        for n in found
    ]
    decisions = Decision.objects.filter(meeting__community=community).select_related(
        "meeting", "case", "assignment"
    )
    decision_rows = [
        [
            d.meeting.title,
            _time(d.meeting.held_at),
            d.text,
            council.progress(d),
            d.case.code if d.case_id else "",
        ]
        for d in decisions
    ]
    sheets = [
        (_("需求清单"), NEED_COLUMNS, need_rows),
        (_("会议决议"), DECISION_COLUMNS, decision_rows),
    ]
    return write_tables(sheets), len(need_rows) + len(decision_rows)
