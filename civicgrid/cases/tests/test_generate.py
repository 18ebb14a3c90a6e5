"""The generator of a city's years of cases, behind the inbox and scale benches."""

from collections import defaultdict

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.models import Count
from PIL import Image

from civicgrid.cases import inbox
from civicgrid.cases.choices import Clock, Status
from civicgrid.cases.models import Attachment, Case, CaseEvent, WhistleSummons
from civicgrid.notify.models import Message, Notification, Outbox
from civicgrid.people.models import RoleAssignment

pytestmark = pytest.mark.django_db

# The actions a case in each status must have been through (either set, for two paths).
NEEDS = {
    Status.REPORTED: [set()],
    Status.ACCEPTED: [{"accept"}],
    Status.DISPATCHED: [{"accept", "dispatch"}],
    Status.IN_PROGRESS: [{"accept", "dispatch", "start"}],
    Status.HANDLED: [{"accept", "dispatch", "start", "finish"}, {"self_handle"}],
    Status.VERIFIED: [{"finish", "verify"}, {"self_handle", "verify"}],
    Status.CLOSED: [{"finish", "verify", "close"}, {"self_handle", "verify", "close"}],
    Status.REJECTED: [{"reject"}],
}
CLOCK_MARKS = {Clock.WARNED, Clock.OVERDUE}


@pytest.fixture
def generated(city, capsys):
    call_command("generate_cases", years=0.3, count=1200, seed=7, batch=400, photo_share=0.3)
    return capsys.readouterr().out


def test_it_makes_the_count_asked_for(generated):
    assert "完成：共 1,200 件" in generated and "件/秒" in generated
    assert Case.objects.count() == 1200


def test_it_makes_a_year_share_with_per_year(city):
    call_command("generate_cases", years=0.1, per_year=2000, seed=3)
    assert Case.objects.count() == 200


def test_its_events_pass_the_audit_check(generated, tmp_path, capsys):
    call_command("verify_audit", anchor=str(tmp_path / "anchor.json"))
    assert "未发现篡改" in capsys.readouterr().out


def test_every_case_has_the_events_its_status_needs(generated):
    history = defaultdict(list)
    for case_id, action, before, after in CaseEvent.objects.order_by("pk").values_list(
        "case_id", "action", "from_status", "to_status"
    ):
        history[case_id].append((action, before, after))
    for case in Case.objects.only("pk", "status"):
        events = history[case.pk]
        assert events[0] == ("report", "", Status.REPORTED)
        status = Status.REPORTED
        for action, before, after in events[1:]:
            assert before == status, (case.pk, events)  # each step starts where the last ended
            if action in CLOCK_MARKS:
                assert after == status
            status = after
        assert status == case.status
        done = {action for action, _b, _a in events}
        assert any(need <= done for need in NEEDS[case.status]), (case.status, done)


def test_it_spreads_cases_like_a_working_bureau(generated, city, people):
    statuses = dict(Case.objects.values_list("status").annotate(n=Count("pk")))
    assert statuses[Status.CLOSED] > 800  # most cases of months past are closed
    assert Case.objects.open().exists() and Case.objects.filter(clock=Clock.OVERDUE).exists()
    assert len(set(Case.objects.values_list("channel", flat=True))) >= 4
    grids = {g.pk: g.path for g in city.grids}
    for case in Case.objects.open():
        assert case.area_path == grids[case.grid_id]
        if case.due_at is not None:  # a verified case waits for closing with no clock running
            assert case.clock_at() == case.clock
    actions = set(CaseEvent.objects.values_list("action", flat=True))
    assert {"rate", "urge", "rework", "whistle", "overdue"} <= actions
    counts = inbox.counts(people.dispatcher)
    assert counts["open"] and counts["open"] < Case.objects.open().count()  # their street only


def test_it_stores_photos_as_real_uploads(generated):
    photos = Attachment.objects.all()
    assert 0 < photos.values("case").distinct().count() < Case.objects.count()
    photo = photos.first()
    assert photo.image.name.startswith("cases/") and default_storage.exists(photo.image.name)
    with default_storage.open(photo.image.name) as f, Image.open(f) as image:
        assert image.format == "JPEG"


def test_it_summons_departments_that_report_in(generated):
    summons = WhistleSummons.objects.all()
    assert summons.exists() and summons.filter(responded_at__isnull=False).exists()
    for s in summons.select_related("event"):
        assert s.event.action == "whistle" and s.event.case_id == s.case_id


def test_it_notifies_as_the_worker_would_have(generated, people):
    street = RoleAssignment.objects.filter(user=people.dispatcher).first().area
    report = CaseEvent.objects.filter(action="report", case__area_path__startswith=street.path)
    event = report.order_by("-pk").first()
    notice = Notification.objects.get(user=people.dispatcher, event=event)
    assert notice.created_at == event.at and str(event.case.code) in notice.text
    # Old ones have been read; the bell shows only recent ones.
    assert Notification.objects.filter(read_at__isnull=True).count() < Notification.objects.count()
    assert Outbox.objects.filter(done_at__isnull=True).count() == 0 and Outbox.objects.exists()
    closed = next(c for c in Case.objects.filter(status=Status.CLOSED) if c.reporter_phone)
    message = Message.objects.get(case=closed, event__action="close")
    assert closed.code in message.body and message.to == closed.reporter_phone
