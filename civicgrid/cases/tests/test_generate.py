"""The synthetic case generator behind the inbox bench."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from civicgrid.cases import inbox
from civicgrid.cases.choices import OPEN_STATUSES, Clock, Status
from civicgrid.cases.models import Case

pytestmark = pytest.mark.django_db


def test_it_generates_cases_spread_like_real_ones(city, people, capsys):
    call_command("generate_cases", count=3000, seed=7, batch=1000)
    out = capsys.readouterr().out
    assert "完成：共 3,000 件" in out and "件/秒" in out
    assert Case.objects.count() == 3000
    statuses = dict(Case.objects.values_list("status").annotate(n=Count("pk")))
    assert statuses[Status.CLOSED] > 1500  # most cases of a year are long closed
    assert all(statuses.get(s, 0) > 0 for s in OPEN_STATUSES)
    grids = {g.pk: g.path for g in city.grids}
    for case in Case.objects.select_related("category")[:300]:
        assert case.area_path == grids[case.grid_id]
        assert case.category.parent_id is not None
        assert case.is_open == (case.due_at is not None or case.status == Status.VERIFIED)
        if case.status in (Status.DISPATCHED, Status.IN_PROGRESS):
            assert case.department is not None and case.handle_due == case.due_at
        assert case.clock_at() == case.clock or not case.is_open
    assert Case.objects.filter(clock=Clock.OVERDUE).exists()
    assert len(set(Case.objects.values_list("channel", flat=True))) >= 5
    # The generated cases show up in the inboxes of the personas, within their scope.
    counts = inbox.counts(people.dispatcher)
    assert counts["to_accept"] > 0 and counts["open"] < Case.objects.open().count()
