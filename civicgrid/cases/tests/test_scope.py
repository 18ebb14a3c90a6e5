"""Who sees which case: `Case.objects.visible_to(user)` per persona, and `can()` agreeing with it.

The small city has two streets of two communities each. The first street holds communities 0
and 1 (the grid worker, station head and street dispatcher work there); the neighbour is the
grid worker of community 3, in the second street.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from civicgrid.cases import workflow as wf
from civicgrid.cases.models import Case
from civicgrid.cases.tests.helpers import new_case
from civicgrid.people import actions
from civicgrid.people.scopes import can

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(city):
    """Five cases placed so that each persona sees a different set."""
    district = city.users["dispatcher"]
    dept = city.departments

    def accepted(community):
        case = new_case(city, community=community)
        wf.accept(case=case, actor=district)
        return case

    def dispatched(community, department):
        case = accepted(community)
        wf.dispatch(case=case, actor=district, department=department)
        return case

    whistled = accepted(1)
    wf.whistle(case=whistled, actor=district, departments=[dept["water"]])
    return SimpleNamespace(
        home=accepted(0),  # community 0, not dispatched yet
        home_sanitation=dispatched(0, dept["sanitation"]),  # community 0, to sanitation
        street_municipal=dispatched(1, dept["municipal"]),  # community 1, to municipal
        street_whistled=whistled,  # community 1, water summoned by a whistle
        far_sanitation=dispatched(3, dept["sanitation"]),  # second street, to sanitation
    )


ALL = {"home", "home_sanitation", "street_municipal", "street_whistled", "far_sanitation"}
FIRST_STREET = ALL - {"far_sanitation"}
EXPECTED = {
    "grid_worker": {"home", "home_sanitation"},
    "station_head": {"home", "home_sanitation"},
    "dispatcher": FIRST_STREET,
    "leader": ALL,
    "handler": {"home_sanitation", "far_sanitation"},  # sanitation, wherever it is
    "other_handler": {"street_whistled"},  # water, only through the whistle
    "neighbour": {"far_sanitation"},
    "outsider": set(),
}


def seen(user, cases) -> set[str]:
    pks = set(Case.objects.visible_to(user).values_list("pk", flat=True))
    return {name for name, case in vars(cases).items() if case.pk in pks}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_it_shows_each_persona_exactly_the_cases_of_its_scope(city, people, cases, persona):
    assert seen(getattr(people, persona), cases) == EXPECTED[persona]


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_it_answers_can_view_exactly_as_the_list_shows(city, people, cases, persona):
    user = getattr(people, persona)
    allowed = {name for name, case in vars(cases).items() if can(user, actions.CASE_VIEW, case)}
    assert allowed == seen(user, cases)


def test_it_hides_the_whole_first_street_from_outsiders_and_neighbours(city, people, cases):
    for user in (people.outsider, people.neighbour, AnonymousUser(), None):
        assert not seen(user, cases) & FIRST_STREET
        assert not any(can(user, actions.CASE_VIEW, getattr(cases, name)) for name in FIRST_STREET)


def test_it_shows_an_inactive_user_nothing(city, people, cases):
    user = get_user_model().objects.get(pk=people.station_head.pk)
    assert seen(user, cases) == EXPECTED["station_head"]  # grants loaded while active
    user.is_active = False
    user.save()
    assert seen(user, cases) == set()
    assert not can(user, actions.CASE_VIEW, cases.home)
    assert seen(get_user_model().objects.get(pk=user.pk), cases) == set()


def test_it_shows_a_superuser_everything(city, cases):
    admin = city.users["admin"]
    assert admin.is_superuser
    assert seen(admin, cases) == ALL
    assert all(can(admin, actions.CASE_VIEW, case) for case in vars(cases).values())


def test_it_takes_a_case_away_from_the_department_that_sends_it_back(city, people, cases):
    case = cases.home_sanitation
    wf.send_back(case=case, actor=people.handler, reason="不属于环卫职责")
    assert "home_sanitation" not in seen(people.handler, cases)
    assert not can(people.handler, actions.CASE_VIEW, case)
    assert "home_sanitation" in seen(people.station_head, cases)


def test_it_keeps_a_whistled_case_visible_after_the_department_reports_in(city, people, cases):
    case = cases.street_whistled
    wf.report_in(case=case, actor=people.other_handler, note="已到场")
    assert seen(people.other_handler, cases) == {"street_whistled"}
    assert can(people.other_handler, actions.CASE_VIEW, case)


def test_it_shows_a_summoned_department_the_case_from_the_moment_of_the_whistle(city, people):
    case = new_case(city)
    wf.accept(case=case, actor=people.dispatcher)
    water = people.other_handler.staff.department
    assert not can(people.other_handler, actions.CASE_VIEW, case)
    wf.whistle(case=case, actor=people.station_head, departments=[water])
    # The same case object: its cached scope must not hide the new summons.
    assert can(people.other_handler, actions.CASE_VIEW, case)
    assert case in Case.objects.visible_to(people.other_handler)
