"""Stored photos: random names, and /media/ sends a photo only to whoever may see it."""

import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from civicgrid.cases import workflow as wf
from civicgrid.cases.models import Attachment, Case
from civicgrid.cases.tests.helpers import new_case, walk_to
from civicgrid.demo.photos import photo
from civicgrid.intake.tests.helpers import form_data, gps_jpeg, report_url, track_url
from civicgrid.lib.media import rename_stored
from civicgrid.people.models import StaffProfile

pytestmark = pytest.mark.django_db
RANDOM = re.compile(r"^cases/\d{4}/\d{2}/[0-9a-f]{32}\.jpg$")


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def reported_with_photos(client, city, count=1) -> Case:
    uploads = [
        SimpleUploadedFile(f"张三家门口-{i}.jpg", gps_jpeg(), content_type="image/jpeg")
        for i in range(count)
    ]
    client.post(report_url(city), form_data(city, photos=uploads))
    return Case.objects.get()


def urls(case, kind) -> list[str]:
    return [a.image.url for a in case.attachments.filter(kind=kind)]


def test_it_stores_photos_under_random_names_not_the_uploaders(client, city):
    case = reported_with_photos(client, city, count=2)
    names = [a.image.name for a in case.attachments.all()]
    assert len(set(names)) == 2 and all(RANDOM.match(n) for n in names), names
    assert all(default_storage.exists(n) for n in names)


def test_it_shows_the_reporter_their_own_photos_and_nobody_else(client, city, people):
    case = reported_with_photos(client, city)
    [url] = urls(case, "before")
    mine = client.get(url)
    assert mine.status_code == 200 and body(mine)[:3] == b"\xff\xd8\xff"
    assert mine["Cache-Control"].startswith("private")
    assert Client().get(url).status_code == 404
    assert as_user(people.outsider).get(url).status_code == 404
    assert as_user(people.neighbour).get(url).status_code == 404
    default_storage.delete(case.attachments.get().image.name)
    assert client.get(url).status_code == 404  # a lost file is not a 500


def test_it_shows_case_photos_to_staff_in_scope_and_a_summoned_department(client, city, people):
    case = reported_with_photos(client, city)
    [url] = urls(case, "before")
    assert as_user(people.dispatcher).get(url).status_code == 200
    summoned = people.other_handler
    assert as_user(summoned).get(url).status_code == 404
    wf.accept(case=case, actor=people.dispatcher)
    wf.whistle(case=case, actor=people.station_head, departments=[summoned.staff.department])
    assert as_user(summoned).get(url).status_code == 200


def test_it_shows_anyone_the_public_pair_of_a_closed_case_only(client, city, people):
    case = reported_with_photos(client, city, count=2)
    first_before, second_before = urls(case, "before")
    anonymous = Client()
    assert anonymous.get(first_before).status_code == 404  # open: the reporter's own
    walk_to(case, people, "closed")
    [after] = urls(case, "after")
    public = anonymous.get(after)
    assert public.status_code == 200 and public["Cache-Control"].startswith("public")
    assert anonymous.get(first_before).status_code == 200
    assert anonymous.get(second_before).status_code == 404  # not in the public pair
    assert client.get(second_before).status_code == 200  # the reporter still sees it


def test_the_tracking_page_shows_a_stranger_only_photos_they_may_fetch(client, city, people):
    case = reported_with_photos(client, city, count=2)
    stranger = Client()
    page = stranger.get(track_url(case)).content.decode()
    assert not any(url in page for url in urls(case, "before"))
    walk_to(case, people, "closed")
    page = stranger.get(track_url(case)).content.decode()
    shown = re.findall(r'src="(/media/[^"]+)"', page)
    assert len(shown) == 2 and all(stranger.get(url).status_code == 200 for url in shown)
    assert len(re.findall(r'src="/media/', client.get(track_url(case)).content.decode())) == 3


def test_it_hands_a_checked_photo_to_the_proxy_when_configured(client, city, settings):
    settings.CIVICGRID_MEDIA_ACCEL_REDIRECT = "/protected/"
    case = reported_with_photos(client, city)
    attachment = case.attachments.get()
    response = client.get(attachment.image.url)
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected/{attachment.image.name}"
    assert response["Content-Type"] == "image/jpeg"
    assert Client().get(attachment.image.url).status_code == 404


def test_it_serves_roster_photos_to_anyone_and_no_other_stored_file(client, city, people):
    head = people.station_head.staff
    head.photo.save("head.jpg", photo("after", seed=3), save=True)
    assert client.get(head.photo.url).status_code == 200
    StaffProfile.objects.filter(pk=head.pk).update(on_roster=False)
    assert client.get(head.photo.url).status_code == 404
    default_storage.save("posters/360702001-0123456789abcdef.pdf", photo())
    for path in ("posters/360702001-0123456789abcdef.pdf", "../settings.py", "a%00b", "x" * 300):
        assert client.get(f"/media/{path}").status_code == 404, path


def test_the_migration_moves_old_named_files_to_random_names(
    city, people, django_capture_on_commit_callbacks
):
    case = walk_to(new_case(city), people, "closed")
    old = default_storage.save("cases/2024/05/王五-门牌12号.jpg", photo())
    Attachment.objects.filter(case=case).update(image=old)
    with django_capture_on_commit_callbacks(execute=True):
        assert rename_stored(Attachment, "image") == 1
    new = Attachment.objects.get(case=case).image.name
    assert new.startswith("cases/2024/05/") and RANDOM.match(new)
    assert default_storage.exists(new) and not default_storage.exists(old)
    assert Client().get(f"/media/{new}").status_code == 200  # the closed case's public pair
