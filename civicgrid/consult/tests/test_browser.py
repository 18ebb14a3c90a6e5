"""A resident answers on a phone from the community page; a dispatcher reads the grouping."""

import pytest

from civicgrid.consult.demo import seed
from civicgrid.consult.models import Answer
from civicgrid.demo.city import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}


def test_a_resident_answers_on_a_phone_and_staff_read_the_grouping(browser, live_server, city):
    running, ended = seed(city)
    community = city.communities[0]
    before = running.answers.count()
    phone = browser.new_page(viewport=PHONE, locale="zh-CN")
    phone.goto(f"{live_server.url}/c/{community.code}/")
    phone.locator("#consultations").screenshot(path="/tmp/civicgrid-consult-card.png")
    phone.click(f"#consultations a:has-text('{running.title}')")
    assert phone.input_value("#id_community") == community.code
    phone.screenshot(path="/tmp/civicgrid-consult-topic.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    phone.click("#answer-submit")  # nothing chosen: the browser stays, the server explains
    assert "请选择一项" in phone.inner_text("#error-summary")
    phone.click("label.cat:has-text('文化广场东侧停车场')")
    phone.fill("#id_text", "停车场晚上空着，放这里不扰民。")
    phone.click("#answer-submit")
    phone.wait_for_url("**/thanks/")
    assert "感谢您的意见" in phone.inner_text("#thanks")
    phone.screenshot(path="/tmp/civicgrid-consult-thanks.png", full_page=True)
    assert running.answers.count() == before + 1
    assert Answer.objects.filter(text="停车场晚上空着，放这里不扰民。", choice=1).exists()
    phone.goto(f"{live_server.url}/consult/?c={community.code}")
    assert running.title in phone.inner_text("main") and ended.title in phone.inner_text("main")
    phone.screenshot(path="/tmp/civicgrid-consult-list.png", full_page=True)
    phone.goto(f"{live_server.url}/consult/{ended.pk}/")
    assert "已结束" in phone.inner_text("#closed")
    phone.screenshot(path="/tmp/civicgrid-consult-ended.png", full_page=True)

    desk = browser.new_page(viewport=DESK, locale="zh-CN")
    desk.goto(f"{live_server.url}/login/")
    desk.fill("#id_username", city.dispatchers[city.streets[0].pk].username)
    desk.fill("#id_password", DEMO_PASSWORD)
    desk.click("button[type=submit]")
    desk.wait_for_load_state()
    desk.goto(f"{live_server.url}/consult/manage/")
    desk.click(f"a:has-text('{running.title}')")
    assert desk.inner_text("#by-choice .total") == str(before + 1)
    assert "停车场晚上空着" in desk.inner_text("#answers")
    desk.screenshot(path="/tmp/civicgrid-consult-answers.png", full_page=True)
    desk.click("#topic-edit")
    assert desk.input_value("#id_title") == running.title
    desk.screenshot(path="/tmp/civicgrid-consult-edit.png", full_page=True)
    desk.go_back()
    desk.fill("input[name=q]", "扰民")
    desk.click("#answers button[type=submit]")
    desk.wait_for_load_state()
    assert desk.locator("#answers tbody tr").count() == 1
