"""The station's desk: a station head authors for their own community only."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from civicgrid.community import signups
from civicgrid.community.models import Event, LawStory, Notice
from civicgrid.community.tests.helpers import life_event
from civicgrid.demo.photos import photo
from civicgrid.field.ledger import ledger
from civicgrid.people.models import Workstation

pytestmark = pytest.mark.django_db


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def event_data(community, **extra):
    starts = timezone.now() + timedelta(days=3)
    return {
        "community": community.pk,
        "kind": "law",
        "title": "宪法宣传周进社区",
        "starts_at": local(starts),
        "place": "社区广场",
        "capacity": "30",
        "description": "发放普法资料",
        "status": "published",
        **extra,
    }


def test_a_station_head_edits_only_their_community(city, people):
    own, other = city.communities[0], city.communities[3]
    head = client_of(people.station_head)
    assert head.post("/community/publish/events/new/", event_data(own)).status_code == 302
    made = Event.objects.get(title="宪法宣传周进社区")
    assert made.community == own and made.capacity == 30

    refused = head.post("/community/publish/events/new/", event_data(other, title="越权"))
    assert refused.status_code == 400 and "请选择您管辖范围内的社区" in refused.content.decode()
    theirs = life_event(other)
    for path in ("", "attendance/", "report/"):
        assert head.get(f"/community/publish/events/{theirs.pk}/{path}").status_code == 404
        assert head.post(f"/community/publish/events/{theirs.pk}/{path}").status_code == 404
    notice = Notice.objects.create(community=other, title="邻居公告", body="内容")
    assert head.post(f"/community/publish/notices/{notice.pk}/", {}).status_code == 404
    desk = head.get("/community/publish/").content.decode()
    assert "宪法宣传周进社区" in desk and theirs.title not in desk and "邻居公告" not in desk
    assert not Event.objects.filter(title="越权").exists()


def test_staff_without_the_action_are_refused(city, people):
    worker = client_of(people.grid_worker)
    assert worker.get("/community/publish/").status_code == 403
    assert (
        worker.post("/community/publish/events/new/", event_data(city.communities[0])).status_code
        == 403
    )
    event = life_event(city.communities[0])
    assert worker.get(f"/community/publish/events/{event.pk}/").status_code == 403
    assert Client().get("/community/publish/").status_code == 302  # to the login page


def test_drafts_are_previewed_by_publishers_only_and_withdrawn_leave_the_page(city, people):
    community = city.communities[0]
    head = client_of(people.station_head)
    data = event_data(community, status="draft")
    head.post("/community/publish/events/new/", data)
    event = Event.objects.get(title=data["title"])
    public = f"/c/{community.code}/events/{event.pk}/"
    assert Client().get(public).status_code == 404
    assert "预览" in head.get(public).content.decode()
    assert data["title"] not in Client().get(f"/c/{community.code}/").content.decode()
    head.post(f"/community/publish/events/{event.pk}/", {**data, "status": "published"})
    assert data["title"] in Client().get(f"/c/{community.code}/").content.decode()
    head.post(f"/community/publish/events/{event.pk}/", {**data, "status": "withdrawn"})
    assert Client().get(public).status_code == 404


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"starts_at": "明天"}, "请填写正确的日期和时间"),
        ({"ends_at": "2020-01-01T08:00"}, "结束时间应晚于开始时间"),
        ({"capacity": "-3"}, "名额"),
        ({"title": ""}, "这个字段是必填项"),
    ],
)
def test_bad_event_input_is_told_in_chinese(city, people, extra, message):
    response = client_of(people.station_head).post(
        "/community/publish/events/new/", event_data(city.communities[0], **extra)
    )
    assert response.status_code == 400 and message in response.content.decode()


def test_notices_publish_and_expire(city, people):
    community = city.communities[0]
    head = client_of(people.station_head)
    now = timezone.now()
    data = {
        "community": community.pk,
        "title": "12月垃圾分类宣传月",
        "body": "欢迎参加",
        "published_at": local(now - timedelta(minutes=5)),
        "status": "published",
    }
    assert head.post("/community/publish/notices/new/", data).status_code == 302
    assert "12月垃圾分类宣传月" in Client().get(f"/c/{community.code}/").content.decode()
    bad = head.post(
        "/community/publish/notices/new/", {**data, "expires_at": local(now - timedelta(days=1))}
    )
    assert "截止时间应晚于发布时间" in bad.content.decode()


def test_a_law_story_with_photos_is_public_once_published(city, people):
    community = city.communities[0]
    head = client_of(people.station_head)
    data = {
        "community": community.pk,
        "title": "占道经营劝导",
        "basis": "《城市市容和环境卫生管理条例》第十四条",
        "story": "店主把桌椅收回店内。",
        "status": "draft",
        "before": photo("before"),
        "after": photo("after"),
    }
    assert head.post("/community/publish/stories/new/", data).status_code == 302
    story = LawStory.objects.get()
    assert story.created_by == people.station_head and story.before.name.startswith("lawstories/")
    image = f"/media/{story.before.name}"
    assert Client().get(image).status_code == 404  # a draft's photo
    assert head.get(image).status_code == 200  # its preview
    story.status = "published"
    story.save()
    assert Client().get(image).status_code == 200
    page = Client().get(f"/c/{community.code}/stories/{story.pk}/").content.decode()
    assert "第十四条" in page and story.after.url in page
    assert "占道经营劝导" in Client().get(f"/c/{community.code}/").content.decode()


def test_a_story_upload_that_is_not_an_image_is_refused(city, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg")
    data = {
        "community": city.communities[0].pk,
        "title": "假图片",
        "basis": "依据",
        "story": "经过",
        "status": "draft",
        "before": fake,
    }
    response = client_of(people.station_head).post("/community/publish/stories/new/", data)
    assert response.status_code == 400 and not LawStory.objects.exists()


def test_attendance_on_a_phone_and_the_report_afterwards(city, people):
    community = city.communities[0]
    event = life_event(community, capacity=3)
    one = signups.sign_up(event=event, name="王秀英", phone="13900000001").signup
    two = signups.sign_up(event=event, name="李建国", phone="13900000002").signup
    head = client_of(people.station_head)
    base = f"/community/publish/events/{event.pk}/attendance/"
    page = head.get(base).content.decode()
    assert "王**" in page and "139****0001" in page and "13900000001" not in page
    head.post(base, {"op": "in", "code": one.code})
    head.post(base, {"op": "in", "signup": two.pk})
    head.post(base, {"op": "out", "signup": two.pk})
    head.post(base, {"op": "walkin", "name": "赵敏", "phone": ""})
    assert (
        "没有找到这个报名码"
        in head.post(base, {"op": "in", "code": "nope"}, follow=True).content.decode()
    )
    bad = head.post(base, {"op": "walkin", "name": "孙伟", "phone": "123"})
    assert "请填写正确的 11 位手机号码" in bad.content.decode()
    assert signups.attended_count(event) == 2

    report = f"/community/publish/events/{event.pk}/report/"
    data = {"volunteers": "4", "materials": "80", "summary": "讲解了占道经营的规定。"}
    done = head.post(report, {**data, "photos": [photo("after", seed=3)]})
    assert done.status_code == 302
    event.refresh_from_db()
    assert event.participants == 2 and event.reported_at and event.photos.count() == 1
    public = Client().get(f"/c/{community.code}/events/{event.pk}/").content.decode()
    assert (
        "活动回顾" in public
        and "讲解了占道经营的规定" in public
        and 'id="signup-form"' not in public
    )
    assert Client().get(event.photos.get().image.url).status_code == 200

    event.starts_at = timezone.now() - timedelta(days=1)
    event.save()
    book = ledger(
        workstation=Workstation.objects.get(community=community),
        year=timezone.localtime(event.starts_at).year,
        month=timezone.localtime(event.starts_at).month,
    )
    section = next(s for s in book.sections if s.title == "社区活动")
    # Other events of the month may be listed too (the order is by start time): find ours.
    (row,) = [r for r in section.rows if r[1] == event.title]
    assert [row[3], row[4]] == ["普法宣传" if event.kind == "law" else "其他活动", 2]


def test_a_bad_report_photo_is_refused(city, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    event = life_event(city.communities[0])
    fake = SimpleUploadedFile("x.jpg", b"nope", "image/jpeg")
    response = client_of(people.station_head).post(
        f"/community/publish/events/{event.pk}/report/", {"summary": "好", "photos": [fake]}
    )
    assert response.status_code == 400 and "保存未成功" in response.content.decode()
    event.refresh_from_db()
    assert event.reported_at is None and not event.photos.exists()
