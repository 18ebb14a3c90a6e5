"""Campaigns 专项执法行动: the planning table, linking cases, results counted by hand."""

from datetime import timedelta

import pytest
from django.utils import timezone

from civicgrid.cases import workflow as wf
from civicgrid.cases.models import Case
from civicgrid.cases.tests.helpers import category, new_case, walk_to
from civicgrid.catalog.choices import Measure
from civicgrid.field import assignments, campaigns
from civicgrid.field.tests.assign_helpers import send, target_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster(city, people):
    """Cases of the first community (and some that must not count), a week ago and earlier."""
    week_ago = timezone.now() - timedelta(days=7)
    garbage = [new_case(city, at=week_ago + timedelta(hours=i)) for i in range(3)]
    hotline = new_case(city, channel="hotline", at=week_ago)
    elsewhere = new_case(city, community=3, at=week_ago)
    stall = new_case(city, category=category("09006"), at=week_ago)
    old = new_case(city, at=timezone.now() - timedelta(days=60))
    return {
        "garbage": garbage,
        "hotline": hotline,
        "elsewhere": elsewhere,
        "stall": stall,
        "old": old,
    }


def make(city, people, **kwargs):
    today = timezone.localdate()
    fields = {
        "name": "西津路暴露垃圾专项整治",
        "area": city.streets[0],
        "areas": [city.communities[0]],
        "categories": [category()],
        "starts_on": today - timedelta(days=14),
        "ends_on": today + timedelta(days=14),
        "target_closed": 4,
        "target_tasks": 2,
        "target_measures": 2,
        **kwargs,
    }
    return campaigns.create(actor=people.dispatcher, **fields)


def test_a_campaigns_results_are_counted_from_its_cases(city, people, cluster):
    campaign = make(city, people)
    # Linked: the three QR cases and the hotline one; not the other community, class or period.
    linked = set(campaigns.linked_cases(campaign).values_list("pk", flat=True))
    assert linked == {c.pk for c in cluster["garbage"]} | {cluster["hotline"].pk}
    first, second, third = cluster["garbage"]
    walk_to(first, people, "closed")
    walk_to(second, people, "closed")
    Case.objects.filter(pk=second.pk).update(overdue_count=1)  # closed, but late once
    Case.objects.filter(pk=third.pk).update(measure=Measure.EDUCATE)  # a measure on the case
    task = send(people, assignees=[people.grid_worker, people.station_head], campaign=campaign)
    row = target_of(task, people.grid_worker)
    assignments.act(target=row, actor=people.grid_worker, action="accept")
    assignments.act(target=row, actor=people.grid_worker, action="finish", note="已检查")
    assignments.act(target=row, actor=people.station_head, action="approve")
    r = campaigns.results(campaign=campaign)
    assert (r.found, r.closed, r.closed_on_time) == (4, 2, 1)
    assert (r.tasks, r.tasks_done, r.measures) == (2, 1, 1)
    assert (r.closed_percent, r.tasks_percent, r.measures_percent, r.on_time_rate) == (
        50,
        50,
        50,
        50,
    )


def test_channels_narrow_the_cases_and_new_ones_link_on_the_sweep(city, people, cluster):
    campaign = make(city, people, channels=["hotline"])
    assert list(campaigns.linked_cases(campaign)) == [cluster["hotline"]]
    fresh = new_case(city, channel="hotline")
    assert campaigns.link_running() == 1
    assert campaigns.linked_cases(campaign).filter(pk=fresh.pk).exists()


def test_a_case_is_linked_by_hand_once(city, people, cluster):
    campaign = make(city, people)
    campaigns.link_case(actor=people.dispatcher, campaign=campaign, case=cluster["stall"])
    assert campaigns.results(campaign=campaign).found == 5
    with pytest.raises(campaigns.InvalidInput, match="已关联"):
        campaigns.link_case(actor=people.dispatcher, campaign=campaign, case=cluster["stall"])
    with pytest.raises(campaigns.NotAllowed):
        campaigns.link_case(actor=people.dispatcher, campaign=campaign, case=cluster["elsewhere"])


def test_the_planning_table_counts_class_by_channel_by_community_in_scope(city, people, cluster):
    today = timezone.localdate()
    cells = campaigns.plan_table(
        user=people.dispatcher, since=today - timedelta(days=30), until=today
    )
    got = [(c.category.code, c.channel, c.community.pk, c.count) for c in cells]
    first = city.communities[0].pk
    assert got[0] == ("06010", "qr", first, 3)  # the top cell first
    assert ("06010", "hotline", first, 1) in got and ("09006", "qr", first, 1) in got
    # The other street's community is outside the street dispatcher's scope; the old case too.
    assert all(c.community.pk != city.communities[3].pk for c in cells)
    assert sum(c.count for c in cells) == 5
    leader = campaigns.plan_table(user=people.leader, since=today - timedelta(days=30), until=today)
    assert sum(c.count for c in leader) == 6


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": " "}, "请填写行动名称"),
        ({"areas": []}, "请选择行动范围"),
        ({"categories": []}, "请选择至少一个整治类别"),
        ({"channels": ["fax"]}, "未知来源渠道"),
    ],
)
def test_bad_campaign_input_gets_a_chinese_message(city, people, fields, message):
    with pytest.raises(campaigns.InvalidInput, match=message):
        make(city, people, **fields)


def test_a_campaign_outside_the_planners_scope_is_refused(city, people):
    with pytest.raises(campaigns.NotAllowed, match="管辖范围"):
        make(city, people, area=city.streets[1], areas=[city.communities[3]])
    with pytest.raises(campaigns.InvalidInput, match="超出组织单位辖区"):
        make(city, people, areas=[city.communities[3]])


def test_a_period_out_of_order_is_refused(city, people):
    today = timezone.localdate()
    with pytest.raises(campaigns.InvalidInput, match="结束日期不能早于开始日期"):
        make(city, people, starts_on=today, ends_on=today - timedelta(days=1))
    with pytest.raises(campaigns.InvalidInput, match="结束日期不能早于开始日期"):
        campaigns.plan_table(user=people.dispatcher, since=today, until=today - timedelta(days=1))


def test_a_rejected_case_is_not_counted_as_found(city, people, cluster):
    campaign = make(city, people)
    wf.reject(case=cluster["hotline"], actor=people.dispatcher, reason="重复反映")
    assert campaigns.linked_cases(campaign).filter(pk=cluster["hotline"].pk).exists()
    assert campaigns.results(campaign=campaign).found == 3
