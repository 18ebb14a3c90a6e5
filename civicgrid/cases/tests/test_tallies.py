"""The stored per-community daily counts: kept by every event, equal to a recount."""

from datetime import timedelta

import pytest

from civicgrid.cases import tallies
from civicgrid.cases import workflow as wf
from civicgrid.cases.models import CaseTally
from civicgrid.cases.tests.helpers import new_case
from civicgrid.community import public
from civicgrid.community.tests.helpers import closed_case

pytestmark = pytest.mark.django_db


def stored():
    fields = ("community_path", "day", *tallies.COLUMNS)
    return {r[:2]: r[2:] for r in CaseTally.objects.values_list(*fields) if any(r[2:])}


def test_it_keeps_the_counts_equal_to_a_recount_through_close_rate_and_reopen(city, people):
    closed_case(city, people, rating=4)
    late = closed_case(city, people, late=True)
    reopened = closed_case(city, people, rating=2)
    wf.reopen(case=reopened, actor=None, reason="垃圾又堆起来了")
    rejected = new_case(city, community=1)
    wf.reject(case=rejected, actor=people.dispatcher, reason="不属于城管职责")
    into = new_case(city)
    wf.merge(case=new_case(city), actor=people.dispatcher, into=into)
    kept = stored()
    tallies.rebuild()
    assert stored() == kept
    figures = public.figures(community=city.communities[0])
    # Five reports here this month; two cases closed, one of them late and one rated 4.
    assert figures.reports_this_month == 5
    assert (figures.closed, figures.closed_on_time, figures.rated) == (2, 1, 1)
    assert figures.average_rating == 4.0
    assert late.overdue_count == 1


def test_it_takes_a_reopened_case_off_the_closed_figures(city, people):
    case = closed_case(city, people, rating=5)
    community = city.communities[0]
    assert public.figures(community=community).closed == 1
    wf.reopen(case=case, actor=None, reason="没有处理干净")
    figures = public.figures(community=community)
    assert (figures.closed, figures.rated, figures.average_rating) == (0, 0, None)
    assert figures.reports_this_month == 1


def test_it_counts_closings_within_the_window_only(city, people):
    community = city.communities[0]
    case = closed_case(city, people, rating=3)
    later = case.closed_at + timedelta(days=public.FIGURE_WINDOW_DAYS + 2)
    assert public.figures(community=community, now=later).closed == 0
    assert public.figures(community=community, now=case.closed_at).closed == 1
