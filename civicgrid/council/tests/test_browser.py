"""A resident orders a need on a phone; the station head sends it on and closes it at the desk."""

from datetime import timedelta

import pytest
from django.utils import timezone

from civicgrid.council.demo import seed
from civicgrid.council.models import Need
from civicgrid.lib.tests.browser import DESK, PHONE, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_need_from_the_phone_to_done_at_the_desk(browser, live_server, city):
    meetings = seed(city)
    community = meetings[0].community
    phone = browser.new_page(viewport=PHONE, locale="zh-CN")
    phone.goto(f"{live_server.url}/c/{community.code}/")
    phone.locator("#council").screenshot(path="/tmp/civicgrid-council-card.png")
    phone.click("#council a:has-text('查看议事会与需求清单')")
    phone.screenshot(path="/tmp/civicgrid-council-board.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert "已转案件" in phone.inner_text("#meetings")
    phone.click("#need-new")
    phone.click("#need-submit")  # nothing filled: the server explains
    assert "提交未成功" in phone.inner_text("#error-summary")
    phone.click("label.cat:has-text('设施维修')")
    phone.fill("#id_text", "2号楼电梯按钮失灵")
    phone.fill("#id_phone", "13911112222")
    phone.screenshot(path="/tmp/civicgrid-council-need-form.png", full_page=True)
    phone.click("#need-submit")
    phone.wait_for_url("**/council/track/**")
    need = Need.objects.get(text="2号楼电梯按钮失灵")
    assert "待受理" in phone.inner_text("#need-status")

    desk = signed_in(browser, live_server, city.heads[community.pk].username, viewport=DESK)
    desk.goto(f"{live_server.url}/council/manage/{community.code}/")
    row = f"#need-{need.pk}"
    desk.click(f"{row} .step-accept button")
    desk.fill(f"{row} .step-assign input[name=assignee]", "物业公司")
    deadline = timezone.localdate() + timedelta(days=3)
    desk.fill(f"{row} .step-assign input[name=deadline]", f"{deadline:%Y-%m-%d}")
    desk.click(f"{row} .step-assign button")
    desk.fill(f"{row} .step-finish input[name=result]", "已维修电梯按钮")
    desk.click(f"{row} .step-finish button")
    assert "已办结" in desk.inner_text(row)
    assert "13911112222" not in desk.inner_text("main")
    desk.screenshot(path="/tmp/civicgrid-council-desk.png", full_page=True)
    desk.click(f"#meetings a:has-text('{meetings[0].title}')")
    desk.screenshot(path="/tmp/civicgrid-council-meeting.png", full_page=True)

    phone.reload()
    assert "已办结" in phone.inner_text("#need-status")
    phone.goto(f"{live_server.url}/council/c/{community.code}/")
    assert "已维修电梯按钮" in phone.inner_text("#needs")
