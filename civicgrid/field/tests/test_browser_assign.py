"""Tasks and campaigns in a real browser: feedback from a phone, the desk board, a campaign."""

from datetime import timedelta

import pytest
from django.utils import timezone

from civicgrid.cases.tests.helpers import category, new_case, walk_to
from civicgrid.field import campaigns
from civicgrid.field.choices import TargetStatus
from civicgrid.field.models import Assignment
from civicgrid.field.tests.assign_helpers import send, target_of
from civicgrid.field.tests.test_browser_phone import jpeg
from civicgrid.lib.tests.browser import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}
SHOTS = "/tmp/shots-assign"


def test_a_grid_worker_feeds_back_from_the_phone_and_the_head_accepts(
    browser,  # noqa: F811
    live_server,
    city,
    people,
):
    task = send(people, photos=[])
    grid = city.grids[0]
    grid.refresh_from_db()
    page = signed_in(
        browser,
        live_server,
        people.grid_worker.username,
        PHONE,
        is_mobile=True,
        has_touch=True,
        geolocation={"longitude": grid.centroid_lng, "latitude": grid.centroid_lat},
        permissions=["geolocation"],
    )
    page.goto(f"{live_server.url}/field/")
    card = page.locator("#my-assignments .task", has_text=task.title)
    assert "待接收" in card.inner_text()
    card.locator("a.task-link").click()
    page.wait_for_url(f"**/field/assignments/{task.pk}/**")
    page.locator("#step-accept button[type=submit]").click()
    page.wait_for_selector(".messages")
    assert "已接收任务" in page.inner_text(".messages")
    page.locator("#step-finish summary").click()  # 报告进展 is the one open
    form = page.locator("#step-finish form")
    form.locator("textarea").fill("沿街 28 户已全部检查，3 户店外经营已现场整改。")
    form.locator("input[type=file]").set_input_files([jpeg(3)])
    page.wait_for_function("document.querySelector('#step-finish input[name=lng]').value !== ''")
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".messages")
    assert "已反馈完成" in page.inner_text(".messages")
    assert "待验收" in page.inner_text("#my-status")
    assert page.locator("#task-log img").count() == 1
    page.screenshot(path=f"{SHOTS}/phone-task-feedback.png", full_page=True)
    entry = task.log.get(action="finish")
    assert entry.lng is not None and entry.photos.count() == 1

    desk = signed_in(browser, live_server, people.station_head.username, DESK)
    late = send(people, title="雨季前排水设施巡查", deadline=timezone.now() + timedelta(minutes=1))
    Assignment.objects.filter(pk=late.pk).update(deadline=timezone.now() - timedelta(hours=3))
    desk.goto(f"{live_server.url}/field/assignments/")
    assert "1 人超期" in desk.inner_text("#board")
    desk.screenshot(path=f"{SHOTS}/desk-board.png", full_page=True)
    desk.goto(f"{live_server.url}/field/assignments/{task.pk}/")
    desk.locator("#assignees summary", has_text="验收通过").click()
    desk.locator("#assignees button", has_text="确认验收通过").click()
    desk.wait_for_selector(".messages")
    desk.screenshot(path=f"{SHOTS}/desk-task-approved.png", full_page=True)
    assert target_of(task, people.grid_worker).status == TargetStatus.APPROVED


def test_a_planner_sees_the_table_and_the_campaigns_results(
    browser,  # noqa: F811
    live_server,
    city,
    people,
):
    week_ago = timezone.now() - timedelta(days=7)
    stalls = [new_case(city, category=category("09006"), at=week_ago) for _ in range(3)]
    for i in range(4):
        new_case(city, community=1, at=week_ago + timedelta(hours=i))
    closed = new_case(city, at=week_ago)
    walk_to(closed, people, "closed")
    today = timezone.localdate()
    campaign = campaigns.create(
        actor=people.dispatcher,
        name="解放街道市容专项整治",
        area=city.streets[0],
        areas=[city.communities[0], city.communities[1]],
        categories=[category(), category("09006")],
        starts_on=today - timedelta(days=14),
        ends_on=today + timedelta(days=14),
        target_closed=6,
        target_tasks=2,
        target_measures=3,
    )
    send(people, campaign=campaign, title="沿街店铺占道经营排查")
    assert campaigns.results(campaign=campaign).found == len(stalls) + 5
    page = signed_in(browser, live_server, people.dispatcher.username, DESK)
    page.goto(f"{live_server.url}/field/campaigns/plan/")
    assert "暴露垃圾" in page.inner_text("#plan")
    page.screenshot(path=f"{SHOTS}/desk-campaign-plan.png", full_page=True)
    page.click("#plan-create")
    page.wait_for_url("**/field/campaigns/new/**")
    assert "categories=" in page.url
    page.screenshot(path=f"{SHOTS}/desk-campaign-new.png", full_page=True)
    page.goto(f"{live_server.url}/field/campaigns/{campaign.pk}/")
    assert "1" in page.inner_text("#figure-closed")
    page.screenshot(path=f"{SHOTS}/desk-campaign.png", full_page=True)
