"""The demo's stations: a scheme, model stations and published typical cases with photos."""

import pytest

from civicgrid.demo.history import generate
from civicgrid.people.models import Workstation
from civicgrid.stations import coverage, evaluation, periods, showcase
from civicgrid.stations.demo import seed
from civicgrid.stations.models import EvaluationScheme, Showcase

pytestmark = pytest.mark.django_db


def test_it_seeds_a_scheme_model_stations_and_typical_cases(city, people):
    generate(city, count=600, days=60)
    made = seed(city)
    seed(city)  # again: nothing doubles
    assert EvaluationScheme.objects.count() == 1
    assert evaluation.rules_for(periods.parse("2026-11")).saved
    assert Workstation.objects.filter(is_model=True).exists()
    assert 4 <= len(made) == Showcase.objects.count() <= 8  # one per class and community
    shown = showcase.public_list()
    assert len(shown) == len(made)
    assert all(t.solved.before and t.solved.after for t in shown)
    # The small city's county: every real community counted, most without a station.
    assert coverage.coverage(people.leader).total.without == 225
