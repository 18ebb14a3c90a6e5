"""The demo city looks like a working bureau whenever it is built: what a visitor notices."""

from datetime import timedelta

import pytest
from django.utils import timezone

from civicgrid.cases.choices import Clock
from civicgrid.cases.models import Case, CaseEvent
from civicgrid.cases.sla import sweep
from civicgrid.catalog.timelimits import calendar
from civicgrid.demo.history import fresh_reports, generate
from civicgrid.notify.models import Notification, Outbox
from civicgrid.notify.outbox import deliver_pending

pytestmark = pytest.mark.django_db

SIZE = dict(count=900, days=60)  # the small city's share of a year, for speed


def open_clocks(cases, now=None) -> dict[str, int]:
    """How many open cases are on time, warned and overdue: what the lists show a visitor."""
    counts = dict.fromkeys(Clock.values, 0)
    for case in cases:
        if case.is_open:
            counts[case.clock_at(now)] += 1
    return counts


def _local(at):
    return timezone.localtime(at)


def _moments():
    """Now, and two awkward hours: a Monday before office hours and a Sunday night."""
    now = _local(timezone.now())
    monday = (now - timedelta(days=now.weekday() + 7)).replace(hour=8, minute=10)
    sunday = (monday + timedelta(days=6)).replace(hour=23, minute=40)
    return {"now": None, "monday 08:10": monday, "sunday 23:40": sunday}


@pytest.mark.parametrize("moment", _moments().keys())
def test_it_keeps_most_open_cases_on_time_and_a_few_warned_or_overdue(city, moment):
    now = _moments()[moment] or timezone.now()
    generate(city, **SIZE, now=now)
    counts = open_clocks(Case.objects.open(), now)
    total = sum(counts.values())
    assert total >= 20
    assert 0.75 <= counts["on_time"] / total <= 0.86
    assert 0.08 <= counts["warned"] / total <= 0.14
    assert 0.05 <= counts["overdue"] / total <= 0.10


def test_it_leaves_no_report_unaccepted_for_more_than_a_working_day(city):
    generate(city, **SIZE)
    cal = calendar.get()
    waiting = Case.objects.filter(status="reported")
    assert waiting.exists()
    for case in waiting:
        assert cal.add(_local(case.reported_at), cal.hours.minutes_per_day) > timezone.now()


def test_it_shows_closures_and_ratings_on_each_of_the_last_two_weeks_days(city):
    generate(city, **SIZE)
    today = _local(timezone.now()).date()
    days = [today - timedelta(days=n) for n in range(1, 15)]
    since = timezone.now() - timedelta(days=16)
    events = CaseEvent.objects.filter(at__gte=since).values_list("action", "at")
    by_action: dict = {}
    for action, at in events:
        by_action.setdefault(action, set()).add(_local(at).date())
    assert set(days) <= by_action["report"]
    # The small city gets about 15 reports a day, so a quiet weekend day may see no dispatch.
    for action in ("dispatch", "close"):
        assert len(by_action[action] & set(days)) >= 12, action
    assert len(by_action["rate"] & set(days)) >= 10


def test_it_spreads_the_history_over_the_year(city):
    generate(city, count=1200, days=365)
    now = timezone.now()
    months = {(now - c.reported_at).days // 30 for c in Case.objects.only("reported_at")}
    assert months >= set(range(12))


def test_it_notifies_nobody_of_history_and_a_few_people_of_fresh_reports(city, people):
    generate(city, **SIZE)
    sweep()
    assert Outbox.objects.count() <= 2  # at most a deadline passing while the history was built
    fresh_reports(city)
    while deliver_pending()["events"]:
        pass
    unread = Notification.objects.filter(read_at=None)
    assert 1 <= unread.filter(user=people.station_head).count() <= 30
    assert max(unread.filter(user=u).count() for u in city.users.values()) <= 30


def test_it_has_every_request_type_with_answered_consults_and_forwarded_praise(city):
    from civicgrid.cases.choices import Channel, RequestType, Status, Tier

    generate(city, **SIZE)
    kinds = {k: Case.objects.filter(request_type=k) for k in RequestType.values}
    assert all(qs.exists() for qs in kinds.values())
    assert kinds["complaint"].count() > Case.objects.count() / 2  # mostly complaints
    answered = CaseEvent.objects.filter(action="answer", case__request_type="consult")
    assert answered.exists()
    praised = kinds["praise"].filter(status=Status.CLOSED, department__isnull=False)
    assert praised.exists() and not kinds["praise"].filter(events__action="dispatch").exists()
    grid = Case.objects.filter(channel=Channel.GRID)
    assert grid.filter(tier=Tier.SELF).exists() and grid.exclude(tier=Tier.SELF).exists()
    assert Case.objects.filter(channel__in=[Channel.PHONE, Channel.VISIT]).exists()
