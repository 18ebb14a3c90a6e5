"""坐班表: the head ticks half-days in a week grid; others cannot; 今日值班 on the public page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from civicgrid.field.duty import monday_of, slot_key
from civicgrid.field.models import DutyChange, DutySlot
from civicgrid.field.tests.helpers import staff_of

pytestmark = pytest.mark.django_db


def url(community):
    return reverse("field:roster", args=[community.code])


def test_it_saves_a_week_and_logs_the_change(client, city, people):
    community = city.communities[0]
    client.force_login(people.station_head)
    today = timezone.localdate()
    monday = monday_of(today)
    page = client.get(url(community)).content.decode()
    assert staff_of(people.grid_worker).name in page and "上午" in page
    assert url(community) in client.get(reverse("field:compliance")).content.decode()
    keys = [
        slot_key(today, "am", people.grid_worker.pk),
        slot_key(monday, "pm", people.station_head.pk),
    ]
    answer = client.post(url(community), {"week": monday.isoformat(), "slot": keys}, follow=True)
    assert "坐班表已保存" in answer.content.decode()
    assert DutySlot.objects.filter(workstation__community=community).count() == 2
    client.post(url(community), {"week": monday.isoformat(), "slot": keys[:1]})
    assert DutySlot.objects.filter(workstation__community=community).count() == 1
    change = DutyChange.objects.first()
    assert change.removed == [keys[1]] and change.actor == people.station_head


def test_it_refuses_slots_outside_the_week_or_the_station_in_chinese(client, city, people):
    community = city.communities[0]
    client.force_login(people.station_head)
    monday = monday_of(timezone.localdate())
    for key in (
        slot_key(monday + timedelta(days=9), "am", people.grid_worker.pk),
        slot_key(monday, "am", people.neighbour.pk),
        "garbage",
    ):
        answer = client.post(
            url(community), {"week": monday.isoformat(), "slot": [key]}, follow=True
        )
        assert "排班" in answer.content.decode()
    assert not DutySlot.objects.exists()


def test_it_hides_the_roster_from_another_head_and_forbids_the_grid_worker(client, city, people):
    community = city.communities[0]
    other_head = city.heads[city.communities[-1].pk]
    client.force_login(other_head)
    assert client.get(url(community)).status_code == 404
    assert client.post(url(community), {"slot": []}).status_code == 404
    client.force_login(people.outsider)
    assert client.get(url(community)).status_code == 404
    client.force_login(people.grid_worker)
    assert client.get(url(community)).status_code == 403


def test_it_shows_who_is_on_duty_today_on_the_public_page_with_masked_phones(client, city, people):
    community = city.communities[0]
    client.force_login(people.station_head)
    today = timezone.localdate()
    key = slot_key(today, "am", people.grid_worker.pk)
    client.post(url(community), {"week": monday_of(today).isoformat(), "slot": [key]})
    client.logout()
    page = client.get(reverse("community:community-detail", args=[community.code])).content.decode()
    phone = staff_of(people.grid_worker).phone
    assert "今日值班" in page and staff_of(people.grid_worker).name in page
    assert phone[:3] + "****" + phone[-4:] in page
