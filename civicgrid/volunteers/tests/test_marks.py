"""A case from a registered supervisor's phone shows the 监督员 mark in the dispatcher's inbox;
from another phone it does not; the inbox filters by it."""

import pytest

from civicgrid.cases.tests.helpers import new_case
from civicgrid.volunteers.choices import PersonStatus
from civicgrid.volunteers.tests.helpers import new_supervisor, new_volunteer

pytestmark = pytest.mark.django_db


def _rows(client, user, query="inbox=to_accept"):
    client.force_login(user)
    response = client.get(f"/cases/?{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_supervisor_report_is_marked_in_the_inbox(client, city, people):
    supervisor = new_supervisor(city, phone="13955550001")
    marked = new_case(city, reporter_phone=supervisor.phone)
    plain = new_case(city, reporter_phone="13955550002")
    new_volunteer(city, phone="13955550002")  # a volunteer, not a supervisor: no mark
    page = _rows(client, people.dispatcher)
    row_of = {
        code: page.split(code, 1)[1].split("</tr>", 1)[0] for code in (marked.code, plain.code)
    }
    assert (
        "badge supervisor"
        in page.split(marked.code, 1)[0].rsplit("<tr>", 1)[1] + row_of[marked.code]
    )
    assert (
        "badge supervisor"
        not in page.split(plain.code, 1)[0].rsplit("<tr>", 1)[1] + row_of[plain.code]
    )


def test_the_inbox_filters_supervisor_reports(client, city, people):
    supervisor = new_supervisor(city, phone="13955550003")
    marked = new_case(city, reporter_phone=supervisor.phone)
    plain = new_case(city, reporter_phone="13955550004")
    page = _rows(client, people.dispatcher, "inbox=to_accept&supervisor=on")
    assert marked.code in page and plain.code not in page


def test_a_supervisor_who_left_marks_nothing(client, city, people):
    supervisor = new_supervisor(city, phone="13955550005", status=PersonStatus.LEFT)
    case = new_case(city, reporter_phone=supervisor.phone)
    page = _rows(client, people.dispatcher, "inbox=to_accept&supervisor=on")
    assert case.code not in page


def test_the_mark_follows_the_registry(client, city, people):
    supervisor = new_supervisor(city, phone="13955550006")
    case = new_case(city, reporter_phone=supervisor.phone)
    assert case.code in _rows(client, people.dispatcher, "inbox=to_accept&supervisor=on")
    supervisor.status = PersonStatus.LEFT
    supervisor.save()
    assert case.code not in _rows(client, people.dispatcher, "inbox=to_accept&supervisor=on")
