"""Shared steps of the stations tests: closed cases at a given moment, a scheme."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from civicgrid.cases import workflow as wf
from civicgrid.cases.tests.helpers import new_case, walk_to
from civicgrid.demo.photos import photo
from civicgrid.stations.models import EvaluationScheme, SchemeWeight

TZ = ZoneInfo("Asia/Shanghai")


def at(d: date, hour=10) -> datetime:
    return datetime(d.year, d.month, d.day, hour, tzinfo=TZ)


def closed_case(city, people, when: datetime, *, community=0, rating=None, rework=False):
    """A resident's report walked to closed at `when` (one rework on the way if asked)."""
    with time_machine.travel(when, tick=False):
        case = new_case(city, community=community, photos=[photo()])
        walk_to(case, people, "handled")
        if rework:
            wf.rework(case=case, actor=people.grid_worker, reason="没有清理干净")
            wf.start(case=case, actor=people.handler)
            wf.finish(case=case, actor=people.handler, note="已重新清理", photos=[photo()])
        wf.verify(case=case, actor=people.grid_worker)
        wf.close(case=case, actor=people.dispatcher)
        if rating:
            wf.rate(case=case, actor=people.dispatcher, score=rating)
    case.refresh_from_db()
    return case


def scheme(valid_from: date, weights: dict, **grades) -> EvaluationScheme:
    made = EvaluationScheme.objects.create(name="测试方案", valid_from=valid_from, **grades)
    for indicator, (weight, target) in weights.items():
        SchemeWeight.objects.create(scheme=made, indicator=indicator, weight=weight, target=target)
    return made
