"""Liaison log: meetings and actions in scope, overdue by working days, 物业履职, summary."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from civicgrid.demo.photos import photo
from civicgrid.liaison import services
from civicgrid.liaison.choices import ActionStatus, Party
from civicgrid.liaison.demo import seed
from civicgrid.liaison.models import ActionLog, Estate, PropertyCompany

pytestmark = pytest.mark.django_db


@pytest.fixture
def estate(city):
    company = PropertyCompany.objects.create(area=city.county, name="恒安物业", phone="13900001111")
    return Estate.objects.create(company=company, community=city.communities[0], name="锦江花园")


def meeting(city, estate, days=-10):
    head = city.heads[city.communities[0].pk]
    return services.create_meeting(
        actor=head,
        community=city.communities[0],
        estate=estate,
        held_on=timezone.localdate() + timedelta(days=days),
        parties=[Party.COMMITTEE, Party.PROPERTY],
        attendees="社区书记、物业经理",
        minutes="议定楼道杂物清理。",
    )


def test_head_records_meetings_and_actions_in_own_community_only(city, estate):
    head = city.heads[city.communities[0].pk]
    m = meeting(city, estate)
    action = services.add_action(
        actor=head, meeting=m, text="清理楼道", owner=Party.PROPERTY, deadline=m.held_on
    )
    assert action.company == estate.company  # the estate's company owns a 物业 action
    services.set_status(actor=head, action=action, status=ActionStatus.DONE, note="已清理")
    assert action.done_on == timezone.localdate()
    assert list(ActionLog.objects.filter(action=action).values_list("status", flat=True)) == [
        "open",
        "done",
    ]
    other = city.heads[city.communities[3].pk]
    with pytest.raises(services.NotAllowed):
        services.add_action(
            actor=other, meeting=m, text="x", owner=Party.OWNERS, deadline=m.held_on
        )
    with pytest.raises(services.NotAllowed):
        services.create_meeting(
            actor=other,
            community=city.communities[0],
            held_on=timezone.localdate(),
            parties=[Party.OWNERS],
            attendees="a",
            minutes="b",
        )
    assert not services.meetings_for(other).exists()
    with pytest.raises(services.InvalidInput, match="不能早于会议日期"):
        services.add_action(
            actor=head,
            meeting=m,
            text="x",
            owner=Party.OWNERS,
            deadline=m.held_on - timedelta(days=1),
        )


def test_overdue_counts_working_days_after_the_deadline(city, estate):
    head = city.heads[city.communities[0].pk]
    friday = date(2026, 11, 27)
    assert services.working_days_late(friday, date(2026, 11, 29)) == 0  # the weekend
    assert services.working_days_late(friday, date(2026, 12, 2)) == 3
    m = meeting(city, estate, days=-20)
    late = services.add_action(
        actor=head,
        meeting=m,
        text="修道闸",
        owner=Party.PROPERTY,
        deadline=timezone.localdate() - timedelta(days=10),
    )
    services.add_action(
        actor=head, meeting=m, text="未到期", owner=Party.PROPERTY, deadline=timezone.localdate()
    )
    client = Client()
    client.force_login(head)
    page = client.get(reverse("liaison:meeting-detail", args=[m.pk])).content.decode()
    assert "逾期" in page and 'class="overdue"' in page
    found = services.overdue(m.actions.all())
    assert [a for a, _n in found] == [late] and found[0][1] >= 5
    summary = services.company_summary(head)
    assert summary[0].actions == 2 and summary[0].overdue == 1


def test_duty_records_take_checked_photos(city, estate):
    head = city.heads[city.communities[0].pk]
    row = services.record_duty(
        actor=head,
        estate=estate,
        checked_on=timezone.localdate(),
        fulfilled=False,
        note="道闸未修",
        photos=[photo()],
    )
    assert row.photos.count() == 1 and row.company == estate.company
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(services.InvalidInput):
        services.record_duty(
            actor=head,
            estate=estate,
            checked_on=timezone.localdate(),
            fulfilled=True,
            note="x",
            photos=[SimpleUploadedFile("a.jpg", b"not an image", "image/jpeg")],
        )
    line = services.company_summary(head)[0]
    assert (line.checks, line.fulfilled, line.rate) == (1, 0, 0)


def test_pages_stay_in_scope(city, people, estate):
    m = meeting(city, estate)
    head = Client()
    head.force_login(city.heads[city.communities[0].pk])
    for name in ("meeting-list", "company-list", "meeting-create", "duty-create", "export"):
        assert head.get(reverse(f"liaison:{name}")).status_code == 200, name
    detail = reverse("liaison:meeting-detail", args=[m.pk])
    assert "议定楼道杂物清理" in head.get(detail).content.decode()
    bad = head.post(detail, {"text": "", "owner": "property", "deadline": "x"})
    assert bad.status_code == 400
    done = head.post(
        detail,
        {"text": "清理", "owner": "property", "deadline": timezone.localdate().isoformat()},
    )
    assert done.status_code == 302 and m.actions.count() == 1
    other = Client()
    other.force_login(city.heads[city.communities[3].pk])
    assert other.get(detail).status_code == 404
    assert "恒安物业" not in other.get(reverse("liaison:company-list")).content.decode()
    outsider = Client()
    outsider.force_login(people.outsider)
    assert outsider.get(reverse("liaison:meeting-list")).status_code == 403


def test_demo_seed_is_quick_and_has_overdue_items(city):
    made = seed(city)
    assert made and seed(city) == []
    head = city.heads[city.communities[0].pk]
    assert services.overdue(services.actions_for(head))
