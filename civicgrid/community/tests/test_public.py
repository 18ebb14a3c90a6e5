"""The public page's figures and solved cases, counted from real cases."""

import pytest

from civicgrid.cases.tests.helpers import new_case
from civicgrid.community import public
from civicgrid.community.tests.helpers import closed_case

pytestmark = pytest.mark.django_db


def test_it_counts_figures_from_real_cases(city, people):
    community = city.communities[0]
    closed_case(city, people, rating=5)
    closed_case(city, people, rating=3)
    closed_case(city, people, late=True)
    new_case(city)  # still open: counts as a report, not as closed
    new_case(city, community=1)  # the neighbouring community: not counted here
    figures = public.figures(community=community)
    assert figures.reports_this_month == 4
    assert (figures.closed, figures.closed_on_time, figures.on_time_percent) == (3, 2, 67)
    assert (figures.rated, figures.average_rating) == (2, 4.0)


def test_it_lists_solved_cases_without_anything_personal(city, people):
    case = closed_case(city, people, rating=4)
    [solved] = public.solved_cases(community=city.communities[0])
    assert solved.category == case.category.name and solved.place == case.grid.name
    assert len(solved.before) == 0 and len(solved.after) == 1
    assert not hasattr(solved, "description") and not hasattr(solved, "reporter_phone")
