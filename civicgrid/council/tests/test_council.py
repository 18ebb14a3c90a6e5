"""Agenda items, support once, meetings and decisions that become a case or a task."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from civicgrid.cases import workflow as wf
from civicgrid.council import council, needs
from civicgrid.council.models import AgendaItem, Decision

pytestmark = pytest.mark.django_db


def _meeting(city, community, items=()):
    return council.hold(
        actor=city.heads[community.pk],
        community=community,
        kind="council",
        title="11月居民议事会",
        held_at=timezone.now() - timedelta(days=3),
        place="社区党群服务中心",
        attendees="张桂兰 居民代表\n李明 居委会\n王强 物业\n赵芳 业委会\n陈工 工作人员",
        minutes="讨论了非机动车停放问题。",
        items=items,
    )


def test_a_council_decision_becomes_a_case_and_its_progress_is_public(city, client):
    community = city.communities[0]
    item = council.propose(community=community, title="电动车乱停", text="楼道里停满电动车")
    meeting = _meeting(city, community, items=[item])
    item.refresh_from_db()
    assert item.status == "accepted" and item.meeting == meeting
    assert ["王强", "物业"] in meeting.attendees
    head = city.heads[community.pk]
    client.force_login(head)
    url = reverse("council:meeting", args=[meeting.pk])
    sent = client.post(url, {"text": "在3号楼南侧划设非机动车停放区", "becomes": "case"})
    assert sent.status_code == 302
    decision = Decision.objects.get(meeting=meeting)
    assert decision.case.channel == "staff" and decision.case.area_path.startswith(community.path)
    board = reverse("council:board", args=[community.code])
    assert "待受理" in Client().get(board).content.decode()
    wf.accept(case=decision.case, actor=city.dispatchers[community.parent_id])
    assert "已立案" in Client().get(board).content.decode()  # read from the case, not copied


def test_a_council_decision_becomes_a_task_with_an_owner_and_a_deadline(city):
    community = city.communities[0]
    meeting = _meeting(city, community)
    owner = city.grid_workers[community.pk]
    decision = council.decide(
        meeting=meeting,
        actor=city.heads[community.pk],
        text="每周三组织一次楼道清理",
        becomes="task",
        owner=owner,
        deadline=timezone.now() + timedelta(days=7),
    )
    assert decision.assignment.targets.get().assignee == owner
    assert council.progress(decision) == "任务 · 待接收"
    with pytest.raises(needs.InvalidInput, match="承办人"):
        council.decide(
            meeting=meeting, actor=city.heads[community.pk], text="再议一次", becomes="task"
        )


def test_residents_support_an_item_once_per_phone_or_browser(city):
    item = council.propose(community=city.communities[0], title="增设健身器材", text="广场缺少器材")
    assert council.support(item=item, browser="b1") is True
    assert council.support(item=item, browser="b1") is False
    assert council.support(item=item, phone="13800138000") is True
    assert council.support(item=item, phone="138 0013 8000", browser="b2") is False
    item.refresh_from_db()
    assert item.supporters == 2


def test_supporting_from_the_portal_uses_a_browser_cookie(city):
    item = council.propose(community=city.communities[0], title="增设健身器材", text="广场缺少器材")
    browser = Client(REMOTE_ADDR="10.9.1.1")
    url = reverse("council:support", args=[item.pk])
    browser.post(url)
    browser.post(url)
    assert AgendaItem.objects.get(pk=item.pk).supporters == 1
    assert browser.get(url).status_code == 405


def test_a_declined_item_shows_its_reason_publicly(city, client):
    community = city.communities[0]
    item = council.propose(community=community, title="拆除围墙", text="小区围墙影响通行")
    client.force_login(city.heads[community.pk])
    client.post(reverse("council:item-act", args=[item.pk]), {"reason": ""})
    assert AgendaItem.objects.get(pk=item.pk).status == "open"
    client.post(reverse("council:item-act", args=[item.pk]), {"reason": "涉及规划，已转街道"})
    page = Client().get(reverse("council:board", args=[community.code])).content.decode()
    assert "涉及规划，已转街道" in page


def test_outsiders_change_nothing(city, client, people):
    community = city.communities[1]
    item = council.propose(community=community, title="增设路灯", text="北门没有路灯")
    meeting = _meeting(city, community)
    client.force_login(people.station_head)  # head of community 0
    assert (
        client.post(reverse("council:item-act", args=[item.pk]), {"reason": "不行"}).status_code
        == 404
    )
    got = client.post(reverse("council:meeting", args=[meeting.pk]), {"text": "越权决议内容"})
    assert got.status_code == 404
    assert client.get(reverse("council:meeting-new", args=[community.code])).status_code == 404
    with pytest.raises(needs.NotAllowed):
        council.propose(community=community, title="x", text="越权添加", actor=people.station_head)
    client.force_login(people.outsider)
    assert client.get(reverse("council:desk", args=[community.code])).status_code == 404
    assert not Decision.objects.filter(meeting=meeting).exists()


def test_a_resident_proposes_and_follows_an_item_by_its_code(city):
    community = city.communities[0]
    resident = Client(REMOTE_ADDR="10.9.1.2")
    url = reverse("council:propose", args=[community.code])
    sent = resident.post(
        url, {"title": "增设充电桩", "text": "电动车充电难", "phone": "13700001111"}
    )
    item = AgendaItem.objects.get(title="增设充电桩")
    assert sent.url == reverse("council:track", args=[item.code])
    assert "征集附议中" in resident.get(sent.url).content.decode()
    assert resident.get(reverse("council:track", args=["NOPE"])).status_code == 404
    assert resident.post(url, {"title": "", "text": ""}).status_code == 400


def test_the_demo_seeds_meetings_items_and_needs_in_every_state(city):
    from civicgrid.council.demo import seed
    from civicgrid.council.models import Need

    made = seed(city)
    assert made and all(m.decisions.count() >= 2 for m in made)
    first = made[0]
    assert first.decisions.filter(case__isnull=False).exists()
    assert first.decisions.filter(assignment__isnull=False).exists()
    states = set(Need.objects.filter(community=first.community).values_list("status", flat=True))
    assert states == {"submitted", "accepted", "assigned", "done", "declined", "case"}
    assert AgendaItem.objects.filter(community=first.community, status="open", supporters__gt=0)
    assert seed(city) == []  # once


def test_staff_put_an_item_onto_a_meeting_of_its_community_only(city, client):
    community, other = city.communities[0], city.communities[1]
    item = council.propose(community=community, title="增设路灯", text="北门没有路灯")
    elsewhere = _meeting(city, other)
    client.force_login(city.heads[community.pk])
    url = reverse("council:item-act", args=[item.pk])
    client.post(url, {"meeting": elsewhere.pk})
    client.post(url, {"meeting": "x"})
    assert AgendaItem.objects.get(pk=item.pk).status == "open"
    meeting = _meeting(city, community)
    client.post(url, {"meeting": meeting.pk})
    assert AgendaItem.objects.get(pk=item.pk).meeting == meeting
