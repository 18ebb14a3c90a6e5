"""The staff desk: only amenity.manage within one's communities; every change logged."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from civicgrid.amenities import services
from civicgrid.amenities.choices import Kind
from civicgrid.amenities.models import Amenity, AmenityLog
from civicgrid.amenities.tests.helpers import centre, place
from civicgrid.areas import geo
from civicgrid.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
LIST = reverse("amenities:manage-list")
NEW = reverse("amenities:amenity-create")


def form_data(community, **extra):
    lng, lat = centre(community)
    return {
        "kind": "toilet",
        "name": "新建公厕",
        "community": community.pk,
        "address": "西津路 8 号",
        "lng": f"{lng:.6f}",
        "lat": f"{lat:.6f}",
        "coord_system": "wgs84",
        "hours": "6:00-22:00",
        "notes": "无障碍厕位",
        **extra,
    }


def test_a_station_head_sees_and_edits_only_their_community(client, city, people):
    mine = place(city.communities[0], name="本社区公厕")
    theirs = place(city.communities[-1], name="别的社区公厕")
    client.force_login(people.station_head)
    text = client.get(LIST).content.decode()
    assert "本社区公厕" in text and "别的社区公厕" not in text
    assert client.get(reverse("amenities:amenity-edit", args=[mine.pk])).status_code == 200
    assert client.get(reverse("amenities:amenity-edit", args=[theirs.pk])).status_code == 404


def test_people_without_the_action_are_refused(client, city, people):
    mine = place(city.communities[0])
    for user in (people.grid_worker, people.handler, people.outsider, people.leader):
        client.force_login(user)
        assert client.get(LIST).status_code == 403, user
        assert client.post(NEW, form_data(city.communities[0])).status_code == 403
        edit = client.post(reverse("amenities:amenity-edit", args=[mine.pk]), {"name": "x"})
        assert edit.status_code in (403, 404)
    client.force_login(people.grid_worker)  # sees the community, may not change it: 403
    assert client.get(reverse("amenities:amenity-edit", args=[mine.pk])).status_code == 403
    assert Amenity.objects.get(pk=mine.pk).name == mine.name


def test_anonymous_visitors_go_to_login(client, city):
    assert client.get(LIST)["Location"].startswith("/login/")


def test_it_creates_a_place_and_logs_it(client, city, people):
    client.force_login(people.station_head)
    response = client.post(NEW, form_data(city.communities[0]))
    assert response.status_code == 302
    made = Amenity.objects.get(name="新建公厕")
    assert made.community == city.communities[0] and made.hours == "6:00-22:00"
    entry = AmenityLog.objects.get(amenity=made)
    assert entry.action == "create" and entry.actor == people.station_head
    assert entry.changes["community"] == city.communities[0].code


def test_a_gcj02_point_is_stored_in_wgs84(client, city, people):
    community = city.communities[0]
    lng, lat = centre(community)
    g_lng, g_lat = geo.wgs84_to_gcj02(lng, lat)
    client.force_login(people.station_head)
    data = form_data(community, lng=f"{g_lng:.7f}", lat=f"{g_lat:.7f}", coord_system="gcj02")
    assert client.post(NEW, data).status_code == 302
    made = Amenity.objects.get(name="新建公厕")
    assert abs(made.lng - lng) < 1e-5 and abs(made.lat - lat) < 1e-5


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"hours": "看心情"}, "开放时间无法识别"),
        ({"lng": "114.0"}, "坐标不在"),
        ({"lng": "abc"}, "输入一个数字"),
        ({"lat": "95"}, "坐标超出范围"),
        ({"name": ""}, "这个字段是必填项"),
        ({"kind": "bank"}, "选择一个有效的选项"),
    ],
)
def test_bad_input_is_explained_in_chinese(client, city, people, extra, message):
    client.force_login(people.station_head)
    response = client.post(NEW, form_data(city.communities[0], **extra))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Amenity.objects.filter(name="新建公厕").exists()


def test_a_community_outside_ones_scope_cannot_be_chosen(client, city, people):
    client.force_login(people.station_head)
    response = client.post(NEW, form_data(city.communities[-1]))
    assert response.status_code == 400
    assert not Amenity.objects.exists()


def test_the_same_name_twice_in_a_community_is_refused(client, city, people):
    place(city.communities[0], name="新建公厕")
    client.force_login(people.station_head)
    response = client.post(NEW, form_data(city.communities[0]))
    assert response.status_code == 400 and "同名称" in response.content.decode()


def test_it_edits_and_logs_only_what_changed(client, city, people):
    made = place(city.communities[0], name="旧名公厕")
    client.force_login(people.dispatcher)
    url = reverse("amenities:amenity-edit", args=[made.pk])
    data = form_data(city.communities[0], name="新名公厕", lng=made.lng, lat=made.lat)
    data["hours"] = made.hours
    assert client.post(url, data).status_code == 302
    entry = AmenityLog.objects.get(amenity=made)
    assert entry.action == "update" and entry.changes["name"] == ["旧名公厕", "新名公厕"]
    assert "lng" not in entry.changes
    assert "新名公厕" in client.get(url).content.decode()  # the log shows on the page


def test_deactivating_takes_it_off_the_public_map(client, city, people):
    made = place(city.communities[0], name="将停用公厕")
    client.force_login(people.station_head)
    url = reverse("amenities:amenity-active", args=[made.pk])
    assert client.get(url).status_code == 405
    assert client.post(url, {"active": "0"}).status_code == 302
    assert not Amenity.objects.get(pk=made.pk).active
    client.get(url.replace("active/", ""))  # the message shown once, on the desk
    assert "将停用公厕" not in client.get(reverse("amenities:amenity-map")).content.decode()
    assert AmenityLog.objects.filter(amenity=made, action="deactivate").exists()
    client.post(url, {"active": "1"})
    assert Amenity.objects.get(pk=made.pk).active


def test_the_log_is_append_only(city, people):
    made = services.save(
        actor=people.station_head,
        kind=Kind.TOILET,
        name="记录公厕",
        community=city.communities[0],
        lng=centre(city.communities[0])[0],
        lat=centre(city.communities[0])[1],
    )
    entry = made.log.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        AmenityLog.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        AmenityLog.objects.filter(pk=entry.pk).delete()


def test_the_service_refuses_an_actor_outside_the_scope(city, people):
    with pytest.raises(services.PermissionDenied):
        services.save(
            actor=people.neighbour,
            kind=Kind.TOILET,
            name="越权公厕",
            community=city.communities[0],
            lng=1.0,
            lat=1.0,
        )


def test_the_export_has_the_users_places_and_is_audited(client, city, people):
    from python_calamine import CalamineWorkbook

    place(city.communities[0], name="导出公厕")
    place(city.communities[-1], name="别处公厕")
    client.force_login(people.station_head)
    response = client.get(reverse("amenities:amenity-export"))
    assert response.status_code == 200
    rows = (
        CalamineWorkbook.from_filelike(
            __import__("io").BytesIO(b"".join(response.streaming_content))
        )
        .get_sheet_by_index(0)
        .to_python()
    )
    assert rows[0][:3] == ["类型", "名称", "所属社区"]
    assert [r[1] for r in rows[1:]] == ["导出公厕"]
    assert AuditEntry.objects.filter(kind="export", target="amenities").exists()


def test_the_list_takes_few_queries(client, city, people, django_assert_max_num_queries):
    for i in range(30):
        place(city.communities[0], name=f"公厕{i}", dx=i * 0.00001)
    client.force_login(people.dispatcher)
    with django_assert_max_num_queries(12):
        assert client.get(LIST).status_code == 200


def test_the_list_and_can_agree_for_every_persona(city, people):
    from civicgrid.people import actions
    from civicgrid.people.scopes import can

    made = [place(c, name=f"一致性公厕{i}") for i, c in enumerate(city.communities)]
    for name in vars(people):
        user = getattr(people, name)
        if user is None:
            continue
        listed = set(services.managed_by(user))
        allowed = {a for a in made if can(user, actions.AMENITY_MANAGE, a)}
        assert listed == allowed, name
