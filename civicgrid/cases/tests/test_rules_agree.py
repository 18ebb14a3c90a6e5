"""One rule, one answer: every surface that shows cases agrees with `can()` for every persona.

For each persona and each action, the cases `can()` allows, the cases `visible_to(user, action)`
returns and the cases whose notifications would reach the persona (`holders()`) are the same
set; for viewing, so are the HTML list, the map, the Excel export and the API list (with the
session and with a personal token); for field
work, so is the phone's task list.
"""

import pytest
from django.test import Client
from django.urls import reverse

from civicgrid.cases import workflow as wf
from civicgrid.cases.choices import HANDLING_STATUSES, Status
from civicgrid.cases.models import Case
from civicgrid.cases.tests.helpers import new_case
from civicgrid.cases.tests.test_export import sheet_text
from civicgrid.demo.photos import photo
from civicgrid.people import actions, tokens
from civicgrid.people.scopes import can, holders

pytestmark = pytest.mark.django_db

PERSONAS = [
    "grid_worker",
    "station_head",
    "dispatcher",
    "district_dispatcher",
    "handler",
    "other_handler",
    "officer",
    "leader",
    "neighbour",
    "outsider",
]


@pytest.fixture
def spread(city, people):
    """Cases in every community, in several states, one of them whistled to water."""
    district = city.users["dispatcher"]
    made = []
    for community in range(len(city.communities)):
        made.append(new_case(city, community=community))
        accepted = new_case(city, community=community)
        wf.accept(case=accepted, actor=district)
        made.append(accepted)
        made.append(handled(new_case(city, community=community), district, people.handler))
    whistled = made[1]
    wf.whistle(case=whistled, actor=district, departments=[city.departments["water"]])
    dispatched = made[4]
    wf.dispatch(case=dispatched, actor=district, department=city.departments["enforcement1"])
    return made


def handled(case, dispatcher, handler):
    wf.accept(case=case, actor=dispatcher)
    wf.dispatch(case=case, actor=dispatcher, department=handler.staff.department)
    wf.finish(case=case, actor=handler, note="已清理", photos=[photo()])
    return case


def persona(city, people, name):
    extra = {
        "district_dispatcher": city.users["dispatcher"],
        "officer": city.handlers["enforcement1"][0],
    }
    return extra[name] if name in extra else getattr(people, name)


def fresh(user):
    """The same user without the grants cached on the object, as a new request has."""
    return type(user).objects.get(pk=user.pk)


def codes_of(qs) -> set[str]:
    return set(qs.values_list("code", flat=True))


@pytest.mark.parametrize("name", PERSONAS)
def test_it_agrees_on_every_action_between_can_the_filter_and_the_audience(
    city, people, spread, name
):
    user = persona(city, people, name)
    cases = list(Case.objects.all())
    for action in actions.ACTIONS:
        allowed = {c.code for c in cases if can(fresh(user), action, c)}
        filtered = codes_of(Case.objects.visible_to(fresh(user), action))
        told = {c.code for c in cases if user.pk in holders(action, c)}
        assert filtered == allowed, action
        assert told == allowed, action


def sheet_codes(response) -> set[str]:
    text = sheet_text(response)
    return {c.code for c in Case.objects.all() if c.code in text}


@pytest.mark.parametrize("name", PERSONAS)
def test_it_shows_the_same_cases_in_list_map_export_api_and_field(
    client, city, people, spread, name
):
    user = persona(city, people, name)
    client.force_login(user)
    expected = codes_of(Case.objects.visible_to(fresh(user)))
    everything = {"status": ""}
    listed = {
        c.code
        for c in Case.objects.all()
        if c.code in client.get(reverse("cases:case-list"), everything).content.decode()
    }
    mapped = {
        f["properties"]["code"] for f in client.get(reverse("cases:map-cases")).json()["features"]
    }
    exported = sheet_codes(client.get(reverse("cases:case-export")))
    api = {row["code"] for row in client.get("/api/v1/cases").json()["items"]}
    raw = tokens.issue(user, name="一致性检查")[1]
    answer = Client().get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    by_token = {row["code"] for row in answer["items"]}
    assert listed == mapped == exported == api == by_token == expected

    field = {
        c.code
        for c in Case.objects.all()
        if c.code in client.get(reverse("field:task-list")).content.decode()
    }
    handle = codes_of(
        Case.objects.visible_to(fresh(user)).filter(
            pk__in=Case.objects.visible_to(fresh(user), actions.CASE_HANDLE).filter(
                status__in=HANDLING_STATUSES
            )
        )
    )
    verify = codes_of(
        Case.objects.visible_to(fresh(user)).filter(
            pk__in=Case.objects.visible_to(fresh(user), actions.CASE_VERIFY).filter(
                status=Status.HANDLED
            )
        )
    )
    assert field == handle | verify


def test_it_offers_no_area_to_a_user_without_grants(client, city, people):
    client.force_login(people.outsider)
    page = client.get(reverse("cases:case-list")).content.decode()
    assert city.communities[0].name not in page and city.streets[0].name not in page
