"""Typical cases 典型案例: chosen from closed cases in scope, anonymous on the portal, logged."""

import pytest
from django.test import Client
from django.urls import reverse

from civicgrid.audit.models import ImmutableError
from civicgrid.cases.choices import PhotoKind
from civicgrid.cases.tests.helpers import new_case
from civicgrid.stations import showcase
from civicgrid.stations.models import Showcase, ShowcaseLog
from civicgrid.stations.tests.helpers import closed_case

pytestmark = pytest.mark.django_db
STORY = {
    "title": "小区门口垃圾当天清运",
    "problem": "居民反映小区门口有垃圾堆放。",
    "solution": "工作站受理后派环卫所清运，网格员复查。",
    "result": "当天清理完毕，居民满意。",
}


@pytest.fixture
def closed(city, people):
    from django.utils import timezone

    return closed_case(city, people, timezone.now(), rating=5)


def photos_of(case):
    before = case.attachments.get(kind=PhotoKind.BEFORE)
    after = case.attachments.filter(kind=PhotoKind.AFTER).first()
    return before, after


def test_it_saves_publishes_and_withdraws_with_a_log(closed, people):
    before, after = photos_of(closed)
    made = showcase.save(case=closed, actor=people.station_head, before=before.pk,
                         after=after.pk, **STORY)  # fmt: skip
    assert made.published_at is None and made.area_path == closed.area_path
    made = showcase.save(case=closed, actor=people.station_head, before=before.pk,
                         after=after.pk, publish=True, **STORY)  # fmt: skip
    assert made.published_at is not None
    showcase.unpublish(showcase=made, actor=people.station_head)
    made.refresh_from_db()
    assert made.published_at is None
    assert list(made.log.values_list("action", flat=True)) == [
        "create",
        "edit",
        "publish",
        "unpublish",
    ]
    entry = made.log.first()
    entry.data = {}
    with pytest.raises(ImmutableError):
        entry.save()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"problem": "请联系 13812345678 了解"}, "电话号码"),
        ({"solution": "到 5 栋 2 单元 301 室 处理"}, "门牌号"),
        ({"title": ""}, "请填写"),
    ],
)
def test_it_refuses_a_story_that_points_at_a_resident(closed, people, change, message):
    with pytest.raises(showcase.InvalidInput, match=message):
        showcase.save(case=closed, actor=people.station_head, **{**STORY, **change})
    assert not Showcase.objects.exists()


def test_it_refuses_the_reporters_name_an_open_case_and_another_cases_photo(city, closed, people):
    closed.reporter_name = "王秀英"
    closed.save(update_fields=["reporter_name"])
    with pytest.raises(showcase.InvalidInput, match="姓名"):
        showcase.save(case=closed, actor=people.station_head,
                      **{**STORY, "result": "王秀英表示感谢"})  # fmt: skip
    open_case = new_case(city)
    with pytest.raises(showcase.InvalidInput, match="已结案"):
        showcase.save(case=open_case, actor=people.station_head, **STORY)
    other = closed_case(city, people, closed.closed_at)
    foreign = photos_of(other)[1]
    with pytest.raises(showcase.InvalidInput, match="自己的照片"):
        showcase.save(case=closed, actor=people.station_head, after=foreign.pk, **STORY)
    with pytest.raises(showcase.InvalidInput, match="处置后照片"):
        showcase.save(case=closed, actor=people.station_head, publish=True, **STORY)


def test_the_portal_shows_published_cases_anonymously_with_their_photos(city, closed, people):
    closed.reporter_name, closed.address = "王秀英", "锦绣花园东门"
    closed.save(update_fields=["reporter_name", "address"])
    before, after = photos_of(closed)
    showcase.save(case=closed, actor=people.station_head, before=before.pk, after=after.pk,
                  publish=True, **STORY)  # fmt: skip
    resident = Client()
    page = resident.get(reverse("stations:showcase-list")).content.decode()
    assert STORY["title"] in page and STORY["solution"] in page
    for secret in ("王秀英", "13812345678", "锦绣花园东门", closed.description, closed.code):
        assert secret not in page
    assert before.image.url in page and after.image.url in page
    assert resident.get(after.image.url).status_code == 200  # a published photo is public
    street = resident.get(reverse("stations:showcase-list"), {"street": city.streets[1].code})
    assert STORY["title"] not in street.content.decode()
    by_class = resident.get(
        reverse("stations:showcase-list"),
        {"street": city.streets[0].code, "category": closed.category_id},
    )
    assert STORY["title"] in by_class.content.decode()  # fmt: skip
    bad = resident.get(reverse("stations:showcase-list"), {"category": "x", "street": "999"})
    assert bad.status_code == 200
    community = reverse("community:community-detail", args=[city.communities[0].code])
    assert STORY["title"] in resident.get(community).content.decode()


def test_a_draft_and_its_photos_stay_private(closed, people):
    before, after = photos_of(closed)
    showcase.save(case=closed, actor=people.station_head, before=before.pk, after=after.pk,
                  **STORY)  # fmt: skip
    resident = Client()
    assert STORY["title"] not in resident.get(reverse("stations:showcase-list")).content.decode()
    extra = closed.attachments.filter(kind=PhotoKind.AFTER).last()
    if extra.pk != after.pk:  # only the first pair of a closed case is public otherwise
        assert resident.get(extra.image.url).status_code == 404


def test_staff_write_and_publish_through_the_page(client, closed, people):
    client.force_login(people.station_head)
    assert closed.code in client.get(reverse("stations:showcase-manage")).content.decode()
    url = reverse("stations:showcase-edit", args=[closed.code])
    assert client.get(url).status_code == 200
    before, after = photos_of(closed)
    answer = client.post(url, {**STORY, "before": before.pk, "after": after.pk, "step": "publish"})
    assert answer.status_code == 302
    assert Showcase.objects.get(case=closed).published_at is not None
    refused = client.post(url, {**STORY, "problem": "电话 13812345678", "step": "save"})
    assert "电话号码" in refused.content.decode()
    client.post(url, {"step": "unpublish"})
    assert Showcase.objects.get(case=closed).published_at is None
    listed = client.get(reverse("stations:showcase-manage")).content.decode()
    assert STORY["title"] in listed and "草稿" in listed


def test_an_open_case_offers_no_form(client, city, people):
    case = new_case(city)
    client.force_login(people.station_head)
    url = reverse("stations:showcase-edit", args=[case.code])
    assert "只有已结案的案件" in client.get(url).content.decode()
    client.post(url, {**STORY, "step": "publish"})
    assert not Showcase.objects.exists()


def test_outsiders_are_refused(client, city, closed, people):
    url = reverse("stations:showcase-edit", args=[closed.code])
    client.force_login(city.heads[city.communities[-1].pk])  # another community's head
    assert client.get(url).status_code == 404
    assert client.post(url, {**STORY, "step": "publish"}).status_code == 404
    assert closed.code not in client.get(reverse("stations:showcase-manage")).content.decode()
    for persona in (people.grid_worker, people.leader, people.outsider, people.handler):
        client.force_login(persona)  # no showcase.manage
        assert client.get(url).status_code == 403
        assert client.get(reverse("stations:showcase-manage")).status_code == 403
    assert not Showcase.objects.exists() and not ShowcaseLog.objects.exists()


def test_the_log_is_sealed_and_append_only_in_the_database(closed, people):
    from django.db import IntegrityError, transaction

    made = showcase.save(case=closed, actor=people.station_head, **STORY)
    columns = {f.attname for f in ShowcaseLog._meta.concrete_fields} - {"id", "seq", "digest"}
    assert set(ShowcaseLog.chain_fields) == columns
    rows = ShowcaseLog.objects.filter(showcase=made)
    for statement in (lambda: rows.update(action="publish"), rows.delete):
        with pytest.raises(IntegrityError, match="只能追加"), transaction.atomic():
            statement()
    assert rows.count() == 1


def test_the_candidates_the_page_and_can_agree_for_every_persona(client, city, people):
    from django.utils import timezone

    from civicgrid.people import actions
    from civicgrid.people.scopes import can

    cases = [closed_case(city, people, timezone.now(), community=n) for n in (0, 1)]
    others = [city.heads[city.communities[3].pk], city.dispatchers[city.streets[1].pk]]
    for user in [people.station_head, people.dispatcher, people.leader, people.grid_worker,
                 people.outsider, city.users["admin"], *others]:  # fmt: skip
        allowed = {c.code for c in cases if can(user, actions.SHOWCASE_MANAGE, c)}
        listed = {c.code for c in showcase.candidates(user)} if allowed else set()
        client.force_login(user)
        opened = {
            c.code
            for c in cases
            if client.get(reverse("stations:showcase-edit", args=[c.code])).status_code == 200
        }
        assert allowed == listed == opened, user
    assert {c.code for c in showcase.candidates(city.users["admin"])} == {c.code for c in cases}
