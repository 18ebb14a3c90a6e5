"""A need from a resident's submission to done, seen on the public page; scopes; bad input."""

import io
from datetime import timedelta

import pytest
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from civicgrid.cases.choices import Channel
from civicgrid.council import needs
from civicgrid.council.models import Need, NeedLog
from civicgrid.council.tests.helpers import new_need
from civicgrid.demo.photos import photo

pytestmark = pytest.mark.django_db
TOMORROW = timezone.localdate() + timedelta(days=1)


def test_a_need_goes_from_submission_to_done_and_shows_on_the_public_page(city, client):
    community = city.communities[0]
    resident = Client(REMOTE_ADDR="10.9.0.1")
    url = reverse("council:need-new", args=[community.code])
    sent = resident.post(
        url, {"category": "repair", "text": "小区东门路灯不亮", "phone": "13912345678"}
    )
    assert sent.status_code == 302
    need = Need.objects.get(text="小区东门路灯不亮")
    assert sent.url == reverse("council:track", args=[need.code])
    assert need.phone == "13912345678" and need.masked_phone != need.phone
    head = city.heads[community.pk]
    client.force_login(head)
    act = reverse("council:need-act", args=[need.pk])
    assert client.post(act, {"action": "accept"}).status_code == 302
    client.post(act, {"action": "assign", "assignee": "物业公司", "deadline": TOMORROW})
    client.post(act, {"action": "progress", "note": "已订购灯具"})
    client.post(act, {"action": "finish", "result": "已更换 LED 路灯"})
    need.refresh_from_db()
    assert need.status == "done" and need.assignee == "物业公司"
    assert [e.action for e in need.log.all()] == [
        "submit",
        "accept",
        "assign",
        "progress",
        "finish",
    ]
    page = resident.get(reverse("council:board", args=[community.code])).content.decode()
    assert "已更换 LED 路灯" in page and "已办结" in page and "物业公司" in page
    assert "13912345678" not in page and "5678" not in page
    tracked = resident.get(reverse("council:track", args=[need.code])).content.decode()
    assert "已更换 LED 路灯" in tracked


def test_a_need_turned_into_a_case_follows_the_case(city):
    community = city.communities[0]
    need = new_need(community)
    need = needs.act(need=need, actor=city.heads[community.pk], action="to_case")
    assert need.status == "case" and need.case.channel == Channel.STAFF
    assert need.case.area_path.startswith(community.path)
    assert need.case.get_status_display() in need.public_status
    assert NeedLog.objects.filter(need=need, action="to_case", note=need.case.code).exists()


def test_station_heads_change_only_needs_of_their_community(city, client):
    mine, theirs = city.communities[0], city.communities[1]
    need = new_need(theirs)
    head = city.heads[mine.pk]
    with pytest.raises(needs.NotAllowed):
        needs.act(need=need, actor=head, action="accept")
    client.force_login(head)
    assert (
        client.post(reverse("council:need-act", args=[need.pk]), {"action": "accept"}).status_code
        == 404
    )
    assert client.get(reverse("council:desk", args=[theirs.code])).status_code == 404
    assert client.get(reverse("council:desk", args=[mine.code])).status_code == 200
    need.refresh_from_db()
    assert need.status == "submitted"


def test_bad_input_is_refused_in_chinese(city, client):
    community = city.communities[0]
    with pytest.raises(needs.InvalidInput, match="请选择需求类别"):
        new_need(community, category="x")
    with pytest.raises(needs.InvalidInput, match="手机"):
        new_need(community, phone="123")
    need = new_need(community)
    head = city.heads[community.pk]
    with pytest.raises(needs.InvalidInput, match="原因"):
        needs.act(need=need, actor=head, action="decline")
    with pytest.raises(needs.InvalidInput, match="不能"):
        needs.act(need=need, actor=head, action="finish", result="好了")
    needs.act(need=need, actor=head, action="accept")
    with pytest.raises(needs.InvalidInput, match="时限"):
        needs.act(need=need, actor=head, action="assign", assignee="物业")
    client.force_login(head)
    bad = client.post(
        reverse("council:need-act", args=[need.pk]), {"action": "assign", "deadline": "x"}
    )
    assert bad.status_code == 302
    resident = Client(REMOTE_ADDR="10.9.0.2")
    page = resident.post(reverse("council:need-new", args=[community.code]), {"category": "repair"})
    assert page.status_code == 400 and "提交未成功" in page.content.decode()


def test_a_declined_need_shows_its_reason_and_a_photo_is_cleaned(city):
    community = city.communities[0]
    need = new_need(community, photo=photo())
    assert need.photo.name.startswith("needs/")
    needs.act(need=need, actor=city.heads[community.pk], action="decline", note="属于业主自治事项")
    assert Need.objects.get(pk=need.pk).reason == "属于业主自治事项"


def test_the_need_log_is_append_only(city):
    entry = new_need(city.communities[0]).log.get()
    with pytest.raises(DatabaseError), transaction.atomic():
        NeedLog.objects.filter(pk=entry.pk).update(note="改")


def test_submissions_are_rate_limited(city, settings):
    settings.CIVICGRID_RATE_REPORTS_PER_IP_HOUR = 1
    resident = Client(REMOTE_ADDR="10.9.0.3")
    url = reverse("council:need-new", args=[city.communities[0].code])
    data = {"category": "service", "text": "希望增设快递柜"}
    assert resident.post(url, data).status_code == 302
    assert resident.post(url, data).status_code == 429


def test_the_station_exports_needs_and_decisions(city, client):
    community = city.communities[0]
    need = new_need(community)
    client.force_login(city.heads[community.pk])
    got = client.get(reverse("council:export", args=[community.code]))
    assert got.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(got.streaming_content)))
    assert book.sheet_names == ["需求清单", "会议决议"]
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[1][0] == need.code and rows[1][4] == "待受理"
    assert not any("13800138000" in str(cell) for row in rows for cell in row)


def test_a_needs_photo_is_for_the_staff_who_handle_it(city, client, people):
    need = new_need(city.communities[0], photo=photo())
    url = need.photo.url
    assert Client().get(url).status_code == 404
    client.force_login(people.neighbour)
    assert client.get(url).status_code == 404
    client.force_login(people.station_head)
    assert client.get(url).status_code == 200


def test_the_board_form_finds_a_need_by_its_code_without_script(city, client):
    community = city.communities[0]
    resident = Client(REMOTE_ADDR="10.9.0.2")
    resident.post(
        reverse("council:need-new", args=[community.code]),
        {"category": "repair", "text": "楼道灯坏了", "phone": "13912345679"},
    )
    need = Need.objects.get(text="楼道灯坏了")
    board = client.get(reverse("council:board", args=[community.code])).content.decode()
    assert f'action="{reverse("council:track-lookup")}"' in board and "onsubmit" not in board
    typed = f" {need.code.lower()[:4]} {need.code.lower()[4:]} "  # as read over the phone
    found = client.get(reverse("council:track-lookup"), {"code": typed})
    assert found.status_code == 302 and found.url == reverse("council:track", args=[need.code])
    for bad in ("", "<script>", "%00"):
        assert client.get(reverse("council:track-lookup"), {"code": bad}).status_code == 404
