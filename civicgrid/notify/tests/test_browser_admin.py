"""Admin in real Chromium: editing a message template, and a webhook's dead letter."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from civicgrid.cases.tests.helpers import new_case
from civicgrid.demo.city import DEMO_PASSWORD
from civicgrid.notify.models import MessageTemplate, WebhookDelivery, WebhookSubscriber
from civicgrid.notify.outbox import deliver_pending
from civicgrid.notify.texts import load_message_templates

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"width": 1366, "height": 900}
SHOTS = Path("/tmp/shots")


def shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def admin_page(browser, live_server, city):
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", city.users["admin"].username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url("**/admin/")
    return page


def test_it_edits_a_template_refusing_an_unknown_placeholder(browser, live_server, city):
    load_message_templates()
    row = MessageTemplate.objects.get(action="close", channel="sms")
    page = admin_page(browser, live_server, city)
    page.goto(f"{live_server.url}/admin/notify/messagetemplate/{row.pk}/change/")
    page.fill("#id_text", "【城管进社区】{name}，您的问题 {code} 已办结")
    page.click("input[name=_save]")
    expect(page.locator(".errorlist")).to_contain_text("未知的占位符 {name}")
    shot(page, "notify-template-refused")

    page.fill("#id_text", "【城管进社区】您的问题 {code} 已办结，请评价：{link}")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/notify/messagetemplate/")
    expect(page.locator("#result_list")).to_contain_text("请评价")
    shot(page, "notify-template-list")
    row.refresh_from_db()
    assert row.text.endswith("请评价：{link}")


def test_it_lists_a_dead_letter_and_retries_it(browser, live_server, city, settings):
    settings.CIVICGRID_NOTIFY_TIMEOUT = 0.3
    WebhookSubscriber.objects.create(name="区指挥中心", url="http://127.0.0.1:9/", secret="x" * 32)
    new_case(city)
    deliver_pending()
    WebhookDelivery.objects.update(status="dead", attempts=6)
    page = admin_page(browser, live_server, city)
    page.goto(f"{live_server.url}/admin/notify/webhookdelivery/?status__exact=dead")
    expect(page.locator("#result_list")).to_contain_text("无法连接")
    shot(page, "notify-dead-letters")
    page.locator("#result_list input.action-select").first.check()
    page.select_option("select[name=action]", "retry_deliveries")
    page.click("button[name=index]")
    expect(page.locator(".messagelist")).to_contain_text("已安排 1 条重新投递")
    assert WebhookDelivery.objects.get().status == "pending"
