"""Texts to residents come from templates edited in admin; a bad template never stops one."""

import pytest
from django.utils.html import escape

from civicgrid.cases.tests.helpers import new_case
from civicgrid.notify import texts
from civicgrid.notify.models import Message, MessageTemplate
from civicgrid.notify.outbox import deliver_pending
from civicgrid.notify.texts import load_message_templates

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _templates(fake_sms):
    load_message_templates()
    return fake_sms


def test_the_shipped_texts_are_loaded_once_and_edits_are_kept():
    from civicgrid.notify.rules import RESIDENT

    assert MessageTemplate.objects.filter(channel="sms").count() == len(RESIDENT)
    MessageTemplate.objects.filter(action="report").update(text="已收到 {code}")
    assert load_message_templates() == 0
    assert MessageTemplate.objects.get(action="report").text == "已收到 {code}"


def test_editing_a_template_changes_the_next_text(city, fake_sms):
    row = MessageTemplate.objects.get(action="report", channel="sms")
    row.text = "【城管进社区】{category}问题已登记（{code}），处理进度：{link}"
    row.save()
    case = new_case(city)
    deliver_pending()
    [(_to, body)] = fake_sms.sent
    assert body.startswith(f"【城管进社区】{case.category}问题已登记（{case.code}）")
    assert f"/t/{case.code}/?k=" in body


def test_an_inactive_template_sends_the_shipped_text(city, fake_sms):
    MessageTemplate.objects.filter(action="report").update(text="停用的 {code}", active=False)
    texts.templates.invalidate()  # update() sends no signal
    new_case(city)
    deliver_pending()
    [(_to, body)] = fake_sms.sent
    assert body.startswith("【城管进社区】您反映的问题已收到")


def test_a_template_that_cannot_be_filled_falls_back_to_the_shipped_text(city, fake_sms):
    # Written past the admin's check (an old row, a bulk edit): delivery still goes on.
    MessageTemplate.objects.filter(action="report").update(text="{phone} 您好 {code.__class__}")
    texts.templates.invalidate()
    case = new_case(city)
    assert deliver_pending()["failed"] == 0
    [(_to, body)] = fake_sms.sent
    assert case.code in body and "您反映的问题已收到" in body
    assert Message.objects.get().status == "sent"


def test_braces_typed_by_residents_are_never_formatted(city, fake_sms):
    MessageTemplate.objects.filter(action="report").update(text="{{{code}}} 已收到：{area}")
    texts.templates.invalidate()
    case = new_case(city, address="{link} 楼下")
    deliver_pending()
    [(_to, body)] = fake_sms.sent
    assert body == f"{{{case.code}}} 已收到：{case.grid.name}"


@pytest.mark.parametrize(
    "text, message",
    [
        ("您的手机 {phone} 已登记", "未知的占位符 {phone}"),
        ("查询码 {code!r}", "未知的占位符 {code!r}"),
        ("查询码 {code:>20}", "未知的占位符 {code:>20}"),
        ("查询码 {0}", "未知的占位符 {0}"),
        ("查询码 {code", "花括号不配对"),
        ("查询码 code}", "花括号不配对"),
    ],
)
def test_admin_refuses_a_bad_template_in_chinese(client, city, text, message):
    client.force_login(city.users["admin"])
    row = MessageTemplate.objects.get(action="close")
    response = client.post(
        f"/admin/notify/messagetemplate/{row.pk}/change/",
        {"action": "close", "channel": "sms", "text": text, "active": "on"},
    )
    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    row.refresh_from_db()
    assert row.text.startswith("【城管进社区】")


def test_admin_saves_a_good_template_and_shows_its_length(client, city):
    client.force_login(city.users["admin"])
    row = MessageTemplate.objects.get(action="close")
    response = client.post(
        f"/admin/notify/messagetemplate/{row.pk}/change/",
        {
            "action": "close",
            "channel": "sms",
            "text": "【城管进社区】{code} 已办结",
            "active": "on",
        },
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.text == "【城管进社区】{code} 已办结"
    page = client.get("/admin/notify/messagetemplate/").content.decode()
    assert "27 字，1 条短信" in page  # filled with a 16-character code
    shipped = client.get(
        f"/admin/notify/messagetemplate/{MessageTemplate.objects.get(action='report').pk}/change/"
    )
    assert "2 条短信" in shipped.content.decode()  # the shipped text with its link is longer
    assert "{category}" in shipped.content.decode()  # the placeholders are listed


def test_segments_count_chinese_sms_parts():
    assert texts.segments("字" * 70) == 1
    assert texts.segments("字" * 71) == 2
    assert texts.segments("字" * 134) == 2
    assert texts.segments("字" * 135) == 3


def test_admin_refuses_a_second_template_for_the_same_event_and_channel(client, city):
    client.force_login(city.users["admin"])
    shipped = MessageTemplate.objects.count()
    response = client.post(
        "/admin/notify/messagetemplate/add/",
        {"action": "close", "channel": "sms", "text": "又一条 {code}", "active": "on"},
    )
    assert response.status_code == 200 and "该事件在此渠道已有模板" in response.content.decode()
    bogus = client.post(
        "/admin/notify/messagetemplate/add/",
        {"action": "drop_tables", "channel": "fax", "text": "x" * 400},
    )
    assert bogus.status_code == 200
    assert MessageTemplate.objects.count() == shipped
