"""Shared steps of the stations tests: closed cases at a given moment, a scheme."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from civicgrid.cases import workflow as wf
from civicgrid.cases.tests.helpers import new_case
from civicgrid.demo.photos import photo
from civicgrid.stations.models import EvaluationScheme, SchemeWeight

TZ = ZoneInfo("Asia/Shanghai")


def at(d: date, hour=10) -> datetime:
    return datetime(d.year, d.month, d.day, hour, tzinfo=TZ)


def closed_case(city, people, when: datetime, *, community=0, rating=None, rework=False):
    """A resident's report walked to closed at `when` by its community's own staff (one rework
    on the way if asked)."""
    area = city.communities[community]
    dispatcher, verifier = city.dispatchers[area.parent_id], city.grid_workers[area.pk]
    with time_machine.travel(when, tick=False):
        case = new_case(city, community=community, photos=[photo()])
        wf.accept(case=case, actor=dispatcher)
        wf.dispatch(case=case, actor=dispatcher)
        for _ in range(2 if rework else 1):
            wf.start(case=case, actor=people.handler)
            wf.finish(case=case, actor=people.handler, note="已清理", photos=[photo()])
            if rework and case.rework_count == 0:
                wf.rework(case=case, actor=verifier, reason="没有清理干净")
        wf.verify(case=case, actor=verifier)
        wf.close(case=case, actor=dispatcher)
        if rating:
            wf.rate(case=case, actor=dispatcher, score=rating)
    case.refresh_from_db()
    return case


def scheme(valid_from: date, weights: dict, **grades) -> EvaluationScheme:
    made = EvaluationScheme.objects.create(name="测试方案", valid_from=valid_from, **grades)
    for indicator, (weight, target) in weights.items():
        SchemeWeight.objects.create(scheme=made, indicator=indicator, weight=weight, target=target)
    return made
