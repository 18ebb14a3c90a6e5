"""The demo's field duty: a believable today, most people keeping the rules, a few not."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from civicgrid.field import compliance
from civicgrid.field.demo_duty import seed
from civicgrid.field.models import CheckIn, DutySlot, Patrol, Requirement

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime(2026, 12, 3, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_it_seeds_patrols_check_ins_a_roster_and_mostly_kept_rules(city, people):
    seed(city)
    seed(city)  # again: nothing doubles
    today = timezone.localdate()
    assert Requirement.objects.count() == 5
    assert Patrol.objects.filter(started_at__date=today).count() >= 3
    assert Patrol.objects.filter(started_at__date=today, ended_at__isnull=True).exists()
    assert Patrol.objects.filter(ended_at__isnull=False).count() > 20
    assert CheckIn.objects.exists() and DutySlot.objects.filter(date__gte=today).exists()
    rows = compliance.lines(viewer=people.leader, year=today.year, month=today.month)
    before = today.replace(day=1) - timedelta(days=1)
    rows += compliance.lines(viewer=people.leader, year=before.year, month=before.month)
    rated = [r for r in rows if r.required]
    met = sum(r.met for r in rated)
    assert rated and 0.6 <= met / len(rated) < 1  # most keep the rules, a few do not
