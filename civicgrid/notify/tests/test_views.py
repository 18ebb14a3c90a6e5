"""The bell: unread count in the header, the list, following a notice to its case."""

import pytest

from civicgrid.cases.tests.helpers import new_case
from civicgrid.notify.models import Notification
from civicgrid.notify.outbox import deliver_pending

pytestmark = pytest.mark.django_db


def test_bell_counts_unread_and_opening_marks_read(client, city, people):
    case = new_case(city)
    deliver_pending()
    client.force_login(people.station_head)
    page = client.get("/notifications/").content.decode()
    assert case.code in page and "新上报案件待受理" in page
    assert '<b class="badge">1</b>' in page

    notice = Notification.objects.get(user=people.station_head)
    response = client.get(f"/notifications/{notice.pk}/")
    assert response.url == f"/cases/{case.code}/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert 'class="badge"' not in client.get("/notifications/").content.decode()


def test_nobody_opens_another_users_notification(client, city, people):
    new_case(city)
    deliver_pending()
    notice = Notification.objects.get(user=people.station_head)
    client.force_login(people.neighbour)
    assert client.get(f"/notifications/{notice.pk}/").status_code == 404


def test_read_all(client, city, people):
    new_case(city)
    new_case(city)
    deliver_pending()
    client.force_login(people.dispatcher)
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(user=people.dispatcher, read_at=None).exists()
