import pytest

from civicgrid.field import ledger as field_ledger
from civicgrid.people.models import Workstation
from civicgrid.volunteers import demo, marks
from civicgrid.volunteers.choices import PersonKind, PersonStatus, TrainingKind
from civicgrid.volunteers.models import Attendance, PointEntry, Training, Volunteer

pytestmark = pytest.mark.django_db


def test_it_seeds_people_history_reports_and_trainings(city):
    made = demo.seed(city)
    assert len(made) == Volunteer.objects.count() == 6 * len(city.communities)
    kinds = set(Volunteer.objects.values_list("kind", "status"))
    assert (PersonKind.SUPERVISOR, PersonStatus.ACTIVE) in kinds
    assert (PersonKind.VOLUNTEER, PersonStatus.PENDING) in kinds
    assert PointEntry.objects.count() > len(made)
    assert Attendance.objects.filter(user__isnull=False).exists()
    from civicgrid.cases.models import Case

    reported = Case.objects.filter(reporter_phone_digest__in=marks.supervisor_digests())
    assert reported.count() == 2
    assert demo.seed(city) == []


def test_the_monthly_ledger_shows_training_hours(city):
    demo.seed(city)
    ws = Workstation.objects.get(community=city.communities[0])
    party = Training.objects.get(community=ws.community, kind=TrainingKind.PARTY)
    book = field_ledger.ledger(workstation=ws, year=party.day.year, month=party.day.month)
    titles = [s.title for s in book.sections]
    assert "培训与双报到" in titles and "培训学时" in titles
    tally = next(s for s in book.sections if s.title == "培训学时")
    assert tally.rows[1][0] == "双报到人次" and tally.rows[1][1] >= 1
