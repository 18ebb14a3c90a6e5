"""The monthly ledger 台账 of a workstation: the month's records only, in scope, in Excel."""

import io
import zipfile
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from civicgrid.cases.tests.helpers import new_case
from civicgrid.community.models import Event
from civicgrid.field import ledger
from civicgrid.field.models import CheckIn, DutySlot, Patrol, PatrolFinding
from civicgrid.people.models import Workstation

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def at(d: date, hour=9) -> datetime:
    return datetime(d.year, d.month, d.day, hour, tzinfo=TZ)


def rows_of(book, title):
    return next(s for s in book.sections if s.title == title).rows


def test_it_lists_the_months_duty_visits_patrols_events_and_cases_and_nothing_else(city, people):
    community, other = city.communities[0], city.communities[-1]
    ws = Workstation.objects.get(community=community)
    worker = people.grid_worker
    # The last evening of October and the first morning of December: outside November.
    for d, hour in ((date(2026, 10, 31), 23), (date(2026, 11, 2), 9), (date(2026, 12, 1), 0)):
        DutySlot.objects.create(workstation=ws, date=d, half="am", user=worker)
        CheckIn.objects.create(user=worker, at=at(d, hour), area=community,
                               area_path=community.path, workstation=ws, lng=0, lat=0,
                               accuracy_m=5, distance_m=12, photo="checkins/x.jpg")  # fmt: skip
        Event.objects.create(community=community, title=f"活动{d}", starts_at=at(d, hour))
    patrol = Patrol.objects.create(user=worker, area=community, area_path=community.path,
                                   started_at=at(date(2026, 11, 5)),
                                   ended_at=at(date(2026, 11, 5), 11), distance_m=2300)  # fmt: skip
    found = new_case(city, at=at(date(2026, 11, 5), 10))
    PatrolFinding.objects.create(patrol=patrol, case=found)
    new_case(city, at=at(date(2026, 11, 20)))
    new_case(city, community=len(city.communities) - 1, at=at(date(2026, 11, 20)))  # elsewhere
    Patrol.objects.create(user=people.neighbour, area=other, area_path=other.path,
                          started_at=at(date(2026, 11, 6)))  # fmt: skip

    book = ledger.ledger(workstation=ws, year=2026, month=11)

    assert [r[0] for r in rows_of(book, "坐班")] == ["2026-11-02"]
    assert [r[0] for r in rows_of(book, "走访签到")] == ["2026-11-02 09:00"]
    assert rows_of(book, "巡查") == [
        ["2026-11-05 09:00", "2026-11-05 11:00", worker.staff.name, 2300, 1]
    ]
    assert [r[1] for r in rows_of(book, "社区活动")] == ["活动2026-11-02"]
    assert dict(rows_of(book, "案件"))["本月上报"] == 2  # not the other community's
    assert dict(rows_of(book, "执法处置"))["行政处罚"] == 0


def test_the_head_sees_and_exports_it_and_an_outsider_does_not(client, city, people):
    code = city.communities[0].code
    url = reverse("field:ledger", args=[code])
    client.force_login(people.station_head)
    page = client.get(url, {"month": "2026-11"})
    assert page.status_code == 200 and "2026年11月台账" in page.content.decode()
    answer = client.get(url, {"month": "2026-11", "format": "xlsx"})
    book = zipfile.ZipFile(io.BytesIO(b"".join(answer.streaming_content)))
    strings = book.read("xl/sharedStrings.xml").decode()
    assert "值班人员" in strings and "发现问题" in strings
    assert len([n for n in book.namelist() if n.startswith("xl/worksheets/sheet")]) == 9
    client.force_login(city.heads[city.communities[-1].pk])  # another community's head
    assert client.get(url).status_code == 404
    client.force_login(people.grid_worker)  # in the community, without the action
    assert client.get(url).status_code == 403
