"""Workstation evaluation 工作站考评: an exact score from hand-computed inputs, grades, scope."""

import io
import zipfile
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from civicgrid.cases import workflow as wf
from civicgrid.cases.tests.helpers import new_case
from civicgrid.demo.photos import photo
from civicgrid.field.models import DutySlot, Patrol
from civicgrid.people.models import Workstation
from civicgrid.stations import evaluation, periods
from civicgrid.stations.evaluation import Raw, Rules
from civicgrid.stations.tests.helpers import at, closed_case, scheme

pytestmark = pytest.mark.django_db
OCTOBER = periods.parse("2026-10")
WEIGHTS = {
    "duty": (10, 8),  # half-days a month
    "patrols": (20, 20),  # patrols a month
    "tasks": (10, None),  # no task given: left out
    "on_time": (20, 100),
    "no_rework": (10, 100),
    "self_handled": (10, 50),  # percent
    "rating": (20, None),
}


def october_records(city, people):
    """Station 0's October: 6 duty half-days, 10 patrols, 4 reports (1 self-handled), 2 closed
    on time (one after a rework), rated 5 and 3."""
    community = city.communities[0]
    ws = Workstation.objects.get(community=community)
    for day in range(6):
        DutySlot.objects.create(workstation=ws, date=date(2026, 10, 8 + day), half="am",
                                user=people.grid_worker)  # fmt: skip
    for day in range(10):
        Patrol.objects.create(user=people.grid_worker, area=community, area_path=community.path,
                              started_at=at(date(2026, 10, 12 + day)),
                              ended_at=at(date(2026, 10, 12 + day), 11))  # fmt: skip
    closed_case(city, people, at(date(2026, 10, 12)), rating=5)
    closed_case(city, people, at(date(2026, 10, 13)), rating=3, rework=True)
    with time_machine.travel(at(date(2026, 10, 14)), tick=False):
        fixed = new_case(city)
        wf.self_handle(case=fixed, actor=people.grid_worker, note="已现场处理", photos=[photo()])
        new_case(city)  # still open
    # Elsewhere and at other times: not counted for station 0's October.
    DutySlot.objects.create(workstation=ws, date=date(2026, 11, 2), half="am",
                            user=people.grid_worker)  # fmt: skip
    new_case(city, community=1, at=at(date(2026, 10, 20)))
    return ws


def test_it_gives_the_exact_score_of_hand_computed_inputs(city, people):
    ws = october_records(city, people)
    scheme(date(2026, 10, 1), WEIGHTS, excellent_from=90, good_from=80, pass_from=60)

    raw = evaluation.gather([ws], OCTOBER)[ws.pk]

    assert (raw.duty, raw.patrols, raw.tasks_given) == (6, 10, 0)
    assert (raw.reported, raw.self_handled) == (4, 1)
    assert (raw.closed, raw.closed_on_time, raw.reworked) == (2, 2, 1)
    assert (raw.rated, raw.rating_total) == (2, 8)
    # duty 6/8 = .75 x10; patrols 10/20 = .5 x20; on time 2/2 = 1 x20; no rework 1/2 = .5 x10;
    # self-handled (1/4) / 50% = .5 x10; rating (4 - 1) / 4 = .75 x20; tasks: no data.
    # (7.5 + 10 + 20 + 5 + 5 + 15) / 90 = 62.5 / 90 -> 69.4, 合格 (60 <= 69.4 < 80).
    table = evaluation.ranking(city.users["leader"], OCTOBER)
    row = next(r for r in table.rows if r.workstation == ws)
    assert row.score == 69.4
    assert row.grade_label == "合格"
    # September: no record at all, so every count is 0 and nothing else has data.
    assert (row.rank, row.previous, row.trend) == (1, 0.0, 69.4)
    assert {c.indicator: c.text for c in row.cells}["self_handled"] == "25%"
    # A quarter: counts against three months' targets, November's half-day in. duty 7/24,
    # patrols 10/60: (2.917 + 3.333 + 20 + 5 + 5 + 15) / 90 = 51.25 / 90 -> 56.9.
    quarter = evaluation.ranking(city.users["leader"], periods.parse("2026-Q4"))
    assert next(r for r in quarter.rows if r.workstation == ws).score == 56.9


def test_it_normalises_as_its_footnote_says():
    rules = Rules("t", {"duty": (1, 8), "on_time": (1, 80), "rating": (1, None)})
    raw = Raw(duty=20, closed=10, closed_on_time=4, rated=1, rating_total=1)
    assert evaluation.normalised("duty", raw, rules, 1) == 1.0  # capped
    assert evaluation.normalised("duty", raw, rules, 3) == 20 / 24
    assert evaluation.normalised("on_time", raw, rules, 1) == 0.5  # 40% of an 80% target
    assert evaluation.normalised("rating", raw, rules, 1) == 0.0  # all rated 1
    assert evaluation.normalised("tasks", raw, rules, 1) is None
    assert evaluation.score(Raw(), Rules("t", {"rating": (5, None)}), 1) is None
    assert [rules.grade(s) for s in (95, 85, 60, 59.9, None)] == [
        "excellent",
        "good",
        "pass",
        "fail",
        None,
    ]


def test_the_scheme_in_force_is_the_latest_begun_and_the_default_without_one(city):
    assert not evaluation.rules_for(OCTOBER).saved
    scheme(date(2026, 1, 1), {"duty": (1, 4)})
    scheme(date(2026, 11, 1), {"rating": (1, None)})
    assert set(evaluation.rules_for(OCTOBER).weights) == {"duty"}
    assert set(evaluation.rules_for(periods.parse("2026-11")).weights) == {"rating"}


def test_the_trend_compares_with_the_previous_period(city, people):
    ws = Workstation.objects.get(community=city.communities[0])
    scheme(date(2026, 1, 1), {"duty": (1, 4)})
    for day, month in ((1, 9), (2, 9), (1, 10)):
        DutySlot.objects.create(workstation=ws, date=date(2026, month, day), half="am",
                                user=people.grid_worker)  # fmt: skip
    row = next(r for r in evaluation.ranking(city.users["leader"], OCTOBER).rows
               if r.workstation == ws)  # fmt: skip
    assert (row.previous, row.score, row.trend) == (50.0, 25.0, -25.0)


def test_it_reads_a_fixed_number_of_queries_however_many_stations(
    city, django_assert_max_num_queries
):
    stations = evaluation.stations_for(city.users["leader"])
    assert len(stations) == 4
    with django_assert_max_num_queries(8):
        evaluation.gather(stations, OCTOBER)


def test_the_page_ranks_marks_model_stations_links_and_exports(client, city, people):
    ws = october_records(city, people)
    Workstation.objects.filter(pk=ws.pk).update(is_model=True)
    scheme(date(2026, 10, 1), WEIGHTS)
    client.force_login(city.users["leader"])
    url = reverse("stations:evaluation")
    page = client.get(url, {"period": "2026-10"}).content.decode()
    assert "2026年10月" in page and "69.4" in page and "合格" in page and "示范点" in page
    ledger = reverse("field:ledger", args=[city.communities[0].code])
    assert f"{ledger}?month=2026-10" in page
    assert f"area={city.communities[0].code}&amp;reported_from=2026-10-01" in page
    assert "计分方法" in page
    answer = client.get(url, {"period": "2026-10", "format": "xlsx"})
    book = zipfile.ZipFile(io.BytesIO(b"".join(answer.streaming_content)))
    strings = book.read("xl/sharedStrings.xml").decode()
    assert "按期结案率" in strings and ws.name in strings and "合格" in strings


def test_a_street_dispatcher_sees_only_their_street_and_others_are_refused(client, city, people):
    client.force_login(people.dispatcher)
    page = client.get(reverse("stations:evaluation"), {"period": "2026-10"}).content.decode()
    first = Workstation.objects.get(community=city.communities[0])
    last = Workstation.objects.get(community=city.communities[-1])
    assert first.name in page and last.name not in page
    assert reverse("field:ledger", args=[city.communities[0].code]) not in page  # no ledger right
    for persona in (people.station_head, people.grid_worker, people.outsider, people.handler):
        client.force_login(persona)
        assert client.get(reverse("stations:evaluation")).status_code == 403


@pytest.mark.parametrize("text", ["", "2026-13", "0000-Q1", "x", "2026-Q5", "9999999-01"])
def test_a_bad_period_shows_the_last_complete_month(client, city, text):
    client.force_login(city.users["leader"])
    answer = client.get(reverse("stations:evaluation"), {"period": text})
    assert answer.status_code == 200
    expected = periods.last_complete_month()
    assert expected.label in answer.content.decode()


def test_periods_step_back_and_forth():
    q4 = periods.parse("2026-Q4")
    assert (q4.start, q4.end, q4.months) == (date(2026, 10, 1), date(2027, 1, 1), 3)
    assert q4.previous().key == "2026-Q3" and q4.following().key == "2027-Q1"
    jan = periods.parse("2027-01")
    assert jan.previous().key == "2026-12" and periods.as_quarter(jan).key == "2027-Q1"
    assert periods.last_complete_month(date(2027, 1, 5)).key == "2026-12"
    assert jan.end - timedelta(days=1) == jan.last_day
