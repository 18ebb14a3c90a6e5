"""Two dispatchers acting on the same case at the same moment: one wins, the other is told.

Needs real row locks (SELECT ... FOR UPDATE) and concurrent connections, so PostgreSQL only:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/civicgrid .venv/bin/pytest -q \
        civicgrid/cases/tests/test_concurrency.py
"""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from civicgrid.cases import workflow as wf
from civicgrid.cases.choices import Status
from civicgrid.cases.models import Case
from civicgrid.cases.tests.helpers import new_case

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: concurrent connections and SELECT ... FOR UPDATE row locks "
        "(run with DATABASE_URL=postgres://...)",
    ),
    pytest.mark.django_db(transaction=True),
]

ROUNDS = 3


def race(case_pk, actor_pk, departments):
    """Each thread loads the case, waits for the other, then dispatches to its department."""
    barrier = threading.Barrier(len(departments), timeout=30)
    outcomes = {}

    def attempt(department):
        try:
            case = Case.objects.get(pk=case_pk)
            actor = get_user_model().objects.get(pk=actor_pk)
            barrier.wait()  # both hold the same version of the case now
            try:
                wf.dispatch(case=case, actor=actor, department=department)
                outcomes[department.code] = "won"
            except wf.CaseChanged as exc:
                outcomes[department.code] = str(exc)
        except Exception as exc:  # anything else fails the test below, with its repr
            outcomes[department.code] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(d,)) for d in departments]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a dispatch hung on the row lock"
    return outcomes


def test_it_lets_exactly_one_of_two_simultaneous_dispatches_win(city, people):
    sanitation, landscaping = city.departments["sanitation"], city.departments["landscaping"]
    for _ in range(ROUNDS):
        case = new_case(city)
        wf.accept(case=case, actor=people.dispatcher)
        version = case.version

        outcomes = race(case.pk, people.dispatcher.pk, [sanitation, landscaping])

        assert sorted(outcomes) == ["landscaping", "sanitation"]
        winners = [code for code, result in outcomes.items() if result == "won"]
        losers = [result for result in outcomes.values() if result != "won"]
        assert len(winners) == 1, outcomes
        assert losers == ["案件已被他人更新，请刷新页面后重试。"], outcomes
        case.refresh_from_db()
        assert case.status == Status.DISPATCHED
        assert case.department.code == winners[0]
        assert case.version == version + 1
        dispatches = case.events.filter(action="dispatch")
        assert dispatches.count() == 1
        assert dispatches.get().data == {"department": case.department_id}
