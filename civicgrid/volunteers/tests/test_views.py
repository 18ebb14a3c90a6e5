from datetime import date

import pytest

from civicgrid.audit.models import AuditEntry
from civicgrid.volunteers.choices import PersonStatus
from civicgrid.volunteers.models import Activity, Attendance, PointEntry, Training, Volunteer
from civicgrid.volunteers.tests.helpers import new_training, new_volunteer

pytestmark = pytest.mark.django_db


def test_the_head_sees_their_community_only(client, city, people):
    mine = new_volunteer(city, 0, name="本社区")
    other = new_volunteer(city, 3, name="外社区")
    client.force_login(people.station_head)
    page = client.get("/volunteers/").content.decode()
    assert mine.masked_name in page and mine.masked_phone in page and mine.phone not in page
    assert client.get(f"/volunteers/{mine.pk}/").status_code == 200
    assert client.get(f"/volunteers/{other.pk}/").status_code == 404
    assert client.post(f"/volunteers/{other.pk}/approve/").status_code == 404
    assert client.get(f"/volunteers/trainings/{new_training(city, 3).pk}/").status_code == 404


def test_outsiders_are_refused(client, city, people):
    person = new_volunteer(city)
    client.force_login(people.outsider)
    assert client.get("/volunteers/").status_code == 403
    assert client.get("/volunteers/trainings/").status_code == 403
    assert client.get(f"/volunteers/{person.pk}/").status_code == 404
    client.force_login(people.grid_worker)  # no volunteer.manage
    assert client.get("/volunteers/new/").status_code == 403


def test_the_head_registers_and_sees_the_phone_once(client, city, people):
    client.force_login(people.station_head)
    data = {
        "community": city.communities[0].pk,
        "name": "赵监督",
        "phone": "139 1234 5678",
        "kind": "supervisor",
        "joined_on": "2026-11-01",
        "status": "active",
        "badge_no": "",
    }
    refused = client.post("/volunteers/new/", data)
    assert refused.status_code == 400 and "监督员证号" in refused.content.decode()
    bad = client.post("/volunteers/new/", {**data, "phone": "12345", "badge_no": "JD1"})
    assert bad.status_code == 400 and not Volunteer.objects.exists()
    done = client.post("/volunteers/new/", {**data, "badge_no": "JD1"})
    person = Volunteer.objects.get()
    assert done.status_code == 302 and person.phone == "13912345678"
    again = client.post("/volunteers/new/", {**data, "badge_no": "JD2"})
    assert again.status_code == 400 and "已在本社区登记" in again.content.decode()
    shown = client.post(f"/volunteers/{person.pk}/phone/", follow=True)
    assert "13912345678" in shown.content.decode()
    assert AuditEntry.objects.filter(kind="pii.view", target=f"volunteer:{person.pk}").exists()


def test_the_head_records_an_activity_with_its_points(client, city, people):
    person = new_volunteer(city)
    client.force_login(people.station_head)
    url = f"/volunteers/{person.pk}/activity/"
    data = {"day": date.today().isoformat(), "title": "劝导", "kind": "service", "hours": "2"}
    assert client.post(url, {**data, "day": "昨天"}).status_code == 400
    assert client.post(url, {**data, "kind": "report"}).status_code == 400  # needs a case code
    assert client.post(url, {**data, "kind": "report", "case": "NOPE"}).status_code == 400
    assert client.post(url, data).status_code == 302
    assert PointEntry.objects.get().delta == 4 and Activity.objects.count() == 1


def test_approving_an_application(client, city, people):
    person = new_volunteer(city, status=PersonStatus.PENDING)
    client.force_login(people.station_head)
    client.post(f"/volunteers/{person.pk}/approve/")
    person.refresh_from_db()
    assert person.status == PersonStatus.ACTIVE


def test_the_portal_application(client, city):
    code = city.communities[0].code
    assert f"/volunteers/apply/{code}/" in client.get(f"/c/{code}/").content.decode()
    page = client.get(f"/volunteers/apply/{code}/")
    assert page.status_code == 200
    bad = client.post(f"/volunteers/apply/{code}/", {"name": "王", "phone": "1", "kind": "x"})
    assert bad.status_code == 400 and not Volunteer.objects.exists()
    data = {"name": "王大妈", "phone": "13800002222", "kind": "volunteer"}
    assert client.post(f"/volunteers/apply/{code}/", data).status_code == 200
    assert Volunteer.objects.get().status == PersonStatus.PENDING
    assert client.post(f"/volunteers/apply/{code}/", data).status_code == 400
    assert client.get("/volunteers/apply/000000000000/").status_code == 404


def test_trainings_with_attendees_and_totals(client, city, people):
    client.force_login(people.station_head)
    community = city.communities[0]
    data = {"community": community.pk, "title": "双报到", "kind": "party", "day": "2026-12-01"}
    assert client.post("/volunteers/trainings/new/", {**data, "hours": "0"}).status_code == 400
    client.post("/volunteers/trainings/new/", {**data, "hours": "3"})
    held = Training.objects.get()
    person = new_volunteer(city)
    url = f"/volunteers/trainings/{held.pk}/"
    assert client.post(url, {}).status_code == 400
    staff = people.station_head.staff.pk
    client.post(url, {"staff": [staff], "volunteers": [person.pk]})
    client.post(url, {"staff": [staff]})  # again: no second row
    assert Attendance.objects.count() == 2
    page = client.get("/volunteers/trainings/?year=2026").content.decode()
    assert "6.0" in page or "6" in page
    xlsx = client.get("/volunteers/trainings/export.xlsx?year=2026")
    assert xlsx.status_code == 200
    outsider = new_volunteer(city, 3)
    assert client.post(url, {"volunteers": [outsider.pk]}).status_code == 400


def test_exports(client, city, people):
    new_volunteer(city)
    client.force_login(people.station_head)
    for url in ("/volunteers/export.xlsx", "/volunteers/ranking/?format=xlsx"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxml")
    assert client.get("/volunteers/ranking/?year=abc").status_code == 200
