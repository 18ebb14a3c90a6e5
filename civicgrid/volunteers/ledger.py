"""The monthly ledger's training section (field/ledger.py): sessions, then hours and 双报到."""

from datetime import datetime

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from civicgrid.volunteers.choices import TrainingKind
from civicgrid.volunteers.models import Training


def sections(section, community, start: datetime, end: datetime) -> list:
    """The community's trainings of the month, and their totals; `section` is Section."""
    held = Training.objects.filter(
        community=community, day__gte=start.date(), day__lt=end.date()
    ).annotate(n=Count("attendees"))
    records = section(
        _("培训与双报到"),
        [(_("日期"), 12), (_("主题"), 30), (_("类别"), 12), (_("学时"), 8), (_("参加人数"), 10)],
    )
    kinds = dict(TrainingKind.choices)
    for t in held.order_by("day", "pk"):
        records.rows.append([t.day.isoformat(), t.title, str(kinds[t.kind]), float(t.hours), t.n])
    totals = held.aggregate(
        hours=Sum("hours", filter=Q(attendees__isnull=False)),
        party=Count("attendees", filter=Q(kind=TrainingKind.PARTY)),
    )
    tally = section(_("培训学时"), [(_("项目"), 20), (_("合计"), 10)], tally=True)
    tally.rows = [
        [_("培训人·学时"), float(totals["hours"] or 0)],
        [_("双报到人次"), totals["party"]],
    ]
    return [records, tally]
