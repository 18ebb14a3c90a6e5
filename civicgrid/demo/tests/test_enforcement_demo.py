"""The demo's enforcement cases: varied measures, a re-check due this week, one penalty."""

import pytest
from django.utils import timezone

from civicgrid.cases.choices import Status, Tier
from civicgrid.cases.enforcement.services import measures_for
from civicgrid.cases.models import Case
from civicgrid.demo import enforcement

pytestmark = pytest.mark.django_db


def test_it_seeds_varied_measures_through_the_workflow(city):
    cases = enforcement.seed(city)
    assert len(cases) == len(enforcement.SCENES)
    qs = Case.objects.filter(tier=Tier.ENFORCEMENT)
    counts = measures_for(qs)
    assert counts["educate"] == 2 and counts["first_offence"] == 2 and counts["penalty"] == 1
    assert counts["order_correct"] == 1 and counts["public_service"] == 1
    pending = qs.get(enforcement__deadline__isnull=False, enforcement__rechecked_at=None)
    assert pending.status == Status.IN_PROGRESS
    assert 0 < (pending.enforcement.deadline - timezone.now()).days < 7
    assert qs.filter(status=Status.CLOSED).count() >= 3
