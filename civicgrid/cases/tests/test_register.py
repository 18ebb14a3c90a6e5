"""The desk's registration form (登记): in scope, refused out of scope, accepted at once."""

import re
import uuid

import pytest
from django.urls import reverse

from civicgrid.cases import registration
from civicgrid.cases.choices import Channel, RequestType, Status
from civicgrid.cases.models import Case
from civicgrid.cases.tests.helpers import category
from civicgrid.cases.tests.test_pii_at_rest import raw

pytestmark = pytest.mark.django_db
URL = reverse("cases:case-new")
TEXT = "市民来电反映小区门口夜间施工噪音扰民"


def centre(city, community):
    grid = next(g for g in city.grids if g.parent_id == city.communities[community].pk)
    grid.refresh_from_db()
    return grid


def form(city, at=0, **extra):
    grid = centre(city, at)
    data = {
        "client_key": uuid.uuid4().hex,
        "channel": Channel.PHONE,
        "request_type": RequestType.COMPLAINT,
        "reporter_name": "张先生",
        "reporter_phone": "138 1234 5678",
        "description": TEXT,
        "lng": f"{grid.centroid_lng:.6f}",
        "lat": f"{grid.centroid_lat:.6f}",
        "address": "西津路 8 号",
        "category": category().pk,
        "urgency": "normal",
        "accept_now": "on",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def desk(client, people):
    client.force_login(people.dispatcher)
    return people.dispatcher


def test_it_offers_the_register_button_to_the_desk_only(client, people):
    client.force_login(people.dispatcher)
    assert 'id="register-link"' in client.get(reverse("cases:case-list")).content.decode()
    for persona in ("grid_worker", "handler", "leader"):
        client.force_login(getattr(people, persona))
        assert 'id="register-link"' not in client.get(reverse("cases:case-list")).content.decode()
        assert client.get(URL).status_code == 403
        assert client.post(URL, {}).status_code == 403


def test_it_shows_the_form_with_the_desks_own_communities(client, city, desk):
    page = client.get(URL).content.decode()
    assert 'name="request_type"' in page and "表扬" in page and "来访" in page
    assert 'id="pick-map"' in page and "立即受理" in page
    select = re.search(r'<select name="community".*?</select>', page, re.S).group(0)
    street = city.streets[0]
    for community in city.communities:
        shown = f'<option value="{community.pk}">' in select
        assert shown == (community.parent_id == street.pk)


def test_it_registers_and_accepts_at_once_with_the_callers_data_encrypted(client, city, desk):
    response = client.post(URL, form(city))
    case = Case.objects.get(description=TEXT)
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case-detail", args=[case.code])
    assert case.status == Status.ACCEPTED and case.channel == Channel.PHONE
    assert case.reporter_phone == "13812345678" and case.reporter_name == "张先生"
    assert list(case.events.values_list("action", flat=True)) == ["report", "accept"]
    name, phone = raw(Case, case.pk, "reporter_name", "reporter_phone")
    assert "13812345678" not in phone and "张先生" not in name  # encrypted at rest
    page = client.get(response["Location"]).content.decode()
    assert "已登记并受理" in page and "138****5678" in page


def test_it_registers_without_accepting_when_unticked(client, city, desk):
    client.post(URL, form(city, accept_now=None, request_type=RequestType.CONSULT))
    case = Case.objects.get(description=TEXT)
    assert case.status == Status.REPORTED and case.request_type == RequestType.CONSULT


def test_it_places_a_case_by_community_without_a_map_point(client, city, desk):
    community = city.communities[0]
    response = client.post(URL, form(city, lng=None, lat=None, community=community.pk))
    assert response.status_code == 302
    case = Case.objects.get(description=TEXT)
    assert case.area_path.startswith(community.path) and case.lng is None


def test_it_refuses_a_point_outside_the_desks_scope_and_keeps_nothing(client, city, desk):
    response = client.post(URL, form(city, at=-1))  # the other street
    assert response.status_code == 200
    assert "不在您的管辖范围内" in response.content.decode()
    assert not Case.objects.filter(description=TEXT).exists()


def test_it_refuses_a_community_outside_the_scope(client, city, desk):
    outside = city.communities[-1]
    response = client.post(URL, form(city, lng=None, lat=None, community=outside.pk))
    assert response.status_code == 200 and "登记未成功" in response.content.decode()
    assert not Case.objects.filter(description=TEXT).exists()


def test_it_keeps_nothing_when_accepting_fails(client, city, desk):
    # No class given and none suggested: accepting needs a class, so neither step is kept.
    data = form(city, category="", description="请帮忙看一下这个情况")
    response = client.post(URL, data)
    assert response.status_code == 200 and "立案前请先选择案件分类" in response.content.decode()
    assert not Case.objects.filter(description="请帮忙看一下这个情况").exists()


def test_it_makes_one_case_of_a_double_submit(client, city, desk):
    data = form(city)
    first, second = client.post(URL, data), client.post(URL, data)
    assert first["Location"] == second["Location"]
    assert Case.objects.filter(description=TEXT).count() == 1


def test_it_lets_a_station_head_register_in_the_own_community(client, city, people):
    client.force_login(people.station_head)
    assert client.post(URL, form(city)).status_code == 302
    assert client.post(URL, form(city, at=1, description="另一社区的诉求内容")).status_code == 200
    assert not Case.objects.filter(description="另一社区的诉求内容").exists()


@pytest.mark.parametrize(
    "extra",
    [
        {"lng": "nan", "lat": "2"},
        {"lng": "114.9", "lat": None},
        {"lng": "1e999", "lat": "1e999"},
        {"lng": None, "lat": None},
        {"community": "abc", "lng": None, "lat": None},
        {"request_type": "bogus"},
        {"channel": "qr"},
        {"reporter_phone": "12345"},
        {"category": "999999"},
        {"urgency": "\x00"},
        {"description": "  "},
        {"client_key": "x" * 300},
    ],
)
def test_it_never_fails_on_malformed_input(client, city, desk, extra):
    response = client.post(URL, form(city, **extra))
    assert response.status_code == 200
    assert "登记未成功" in response.content.decode()
    assert not Case.objects.filter(description=TEXT).exists()


def test_it_refuses_an_unknown_first_action(city, people):
    with pytest.raises(registration.workflow.UnknownAction):
        registration.register(actor=people.dispatcher, then="close", channel="phone")
