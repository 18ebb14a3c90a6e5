"""A grid worker inspects a shop on a phone; the station head's list at the desk; the public
board on a phone. Screenshots go to /tmp/shots-shops."""

from pathlib import Path

import pytest

from civicgrid.demo import enforcement
from civicgrid.demo.photos import photo
from civicgrid.lib.tests.browser import DESK, PHONE, signed_in
from civicgrid.shops import demo
from civicgrid.shops.choices import Standing
from civicgrid.shops.models import Shop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots-shops")


def jpeg(seed):
    upload = photo("before", seed=seed)
    return {"name": upload.name, "mimeType": "image/jpeg", "buffer": upload.read()}


@pytest.fixture
def seeded(city):
    SHOTS.mkdir(exist_ok=True)
    enforcement.seed(city)
    return demo.seed(city)


def test_it_lets_a_grid_worker_inspect_a_shop_on_a_phone(
    browser, live_server, city, people, seeded
):  # noqa: F811
    shop = Shop.objects.get(name="张姐早餐店")
    worker = city.grid_workers[shop.community_id]
    where = {"longitude": shop.lng, "latitude": shop.lat}
    page = signed_in(
        browser,
        live_server,
        worker.username,
        PHONE,
        is_mobile=True,
        has_touch=True,
        geolocation=where,
        permissions=["geolocation"],
    )
    page.goto(f"{live_server.url}/shops/{shop.pk}/")
    assert page.locator("#shop-cases li a").count() >= 1  # the enforcement case at its door
    page.screenshot(path=str(SHOTS / "phone-shop.png"), full_page=True)
    before = shop.points
    page.click("#inspect-button")
    page.locator("#inspect-form input[name=failed]").first.check()
    page.locator("#inspect-form input[name=score][value='3']").check()
    page.fill("#id_note", "门前堆放纸箱，已要求当天清理")
    page.locator("#inspect-form input[type=file]").set_input_files([jpeg(5)])
    page.screenshot(path=str(SHOTS / "phone-inspect.png"), full_page=True)
    page.wait_for_function("document.querySelector('#inspect-form input[name=lng]').value")
    page.click("#inspect-submit")
    page.wait_for_url(f"**/shops/{shop.pk}/")
    assert abs(shop.inspections.first().lng - shop.lng) < 1e-5
    assert "项不合格" in page.locator("ul.messages").inner_text()
    shop.refresh_from_db()
    assert shop.points < before
    assert page.locator("#shop-inspections .photos img").count() >= 1
    page.goto(f"{live_server.url}/shops/")
    page.screenshot(path=str(SHOTS / "phone-list.png"), full_page=True)


def test_it_shows_the_list_at_the_desk_and_the_board_on_a_phone(
    browser, live_server, city, people, seeded
):  # noqa: F811
    head = people.station_head
    page = signed_in(browser, live_server, head.username, DESK)
    page.goto(f"{live_server.url}/shops/")
    assert page.locator("#shops tbody tr").count() >= 10
    page.screenshot(path=str(SHOTS / "desk-list.png"), full_page=True)
    page.select_option("#id_standing", "black")
    page.click("#shop-filter button[type=submit]")
    rows = page.locator("#shops tbody tr")
    assert rows.count() >= 1 and "黑榜" in rows.first.inner_text()
    page.goto(f"{live_server.url}/shops/{Shop.objects.filter(standing=Standing.RED).first().pk}/")
    page.screenshot(path=str(SHOTS / "desk-shop.png"), full_page=True)
    page.click("#shop-agreement a:has-text('查看')")
    assert "门前三包责任书" in page.locator("#agreement h1").inner_text()
    page.screenshot(path=str(SHOTS / "desk-agreement.png"), full_page=True)
    page.goto(f"{live_server.url}/shops/new/")
    page.click("#shop-form button[type=submit]")
    assert page.locator(".errorlist").count() >= 1
    page.screenshot(path=str(SHOTS / "desk-new-errors.png"), full_page=True)
    page.goto(f"{live_server.url}/shops/chiefs/")
    page.screenshot(path=str(SHOTS / "desk-chiefs.png"), full_page=True)
    page.click("#chief-new")
    page.fill("#id_street_name", "章江路（文清路至西津路段）")
    page.select_option("#id_area", index=1)
    page.fill("#id_holder_name", "梁丽")
    page.fill("#id_phone", "0797-8157000")
    page.click("#chief-form button[type=submit]")
    page.wait_for_url("**/shops/chiefs/")
    assert "章江路" in page.locator("main").inner_text()
    public = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN").new_page()
    public.goto(f"{live_server.url}/shops/board/{city.streets[0].code}/")
    assert public.locator("#red-list li").count() >= 1
    public.screenshot(path=str(SHOTS / "phone-board.png"), full_page=True)
    shop = Shop.objects.first()
    public.goto(f"{live_server.url}/shops/rate/{shop.rating_token}/")
    public.locator("#rate-form input[name=score][value='5']").check()
    public.click("#rate-submit")
    assert public.locator("#rate-done").is_visible()
    public.screenshot(path=str(SHOTS / "phone-rate.png"), full_page=True)
