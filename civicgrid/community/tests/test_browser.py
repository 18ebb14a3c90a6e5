"""The community page and the poster on a phone, and a batch page that refreshes by itself."""

import pytest

from civicgrid.community import batches
from civicgrid.community.demo import seed
from civicgrid.community.models import PosterBatch
from civicgrid.demo.city import DEMO_PASSWORD
from civicgrid.demo.photos import photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def login(browser, live_server, user, viewport=PHONE):
    page = browser.new_page(viewport=viewport)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def test_it_shows_the_community_page_and_poster_on_a_phone(browser, live_server, city, people):
    seed(city)
    community = city.communities[0]
    head = people.station_head.staff
    head.photo.save("head.jpg", photo("after", seed=7), save=True)
    resident = browser.new_page(viewport=PHONE, locale="zh-CN")
    resident.goto(f"{live_server.url}/c/{community.code}/")
    assert "我要反映问题" in resident.inner_text(".report-button")
    assert head.name in resident.inner_text("#roster")
    assert resident.locator("#roster img").count() == 1
    resident.screenshot(path="/tmp/civicgrid-community.png", full_page=True)
    resident.click(".report-button")
    resident.wait_for_url(f"**/c/{community.code}/report/")

    staff = login(browser, live_server, people.station_head)
    staff.goto(f"{live_server.url}/community/posters/{community.code}/")
    assert staff.locator(".qr svg").count() == 1
    assert head.name in staff.inner_text(".roster")
    staff.screenshot(path="/tmp/civicgrid-poster-phone.png", full_page=True)
    staff.set_viewport_size({"width": 820, "height": 1160})
    staff.screenshot(path="/tmp/civicgrid-poster.png", full_page=True)


def test_it_refreshes_the_batch_page_until_the_pdf_is_ready(browser, live_server, city, people):
    page = login(browser, live_server, people.dispatcher)
    page.goto(f"{live_server.url}/community/posters/street/{city.streets[0].code}/")
    page.click("button[type=submit]")
    page.wait_for_url("**/community/posters/batches/**")
    assert "已生成 0 / 2" in page.inner_text("#batch")
    # What the worker would do:
    batches.run_batch(batch_id=PosterBatch.objects.get().pk, base=live_server.url)
    page.wait_for_selector("#download", timeout=10_000)  # no reload from the test: meta refresh
    assert "已生成 2 / 2" in page.inner_text("#batch")
    page.screenshot(path="/tmp/civicgrid-batch.png", full_page=True)


def test_it_prints_a_qr_code_that_leads_to_the_address_serving_the_poster(
    browser, live_server, city, people, settings
):
    import io

    import zxingcpp
    from PIL import Image

    settings.CIVICGRID_PUBLIC_URL = ""  # as on a fresh machine
    assert not live_server.url.endswith(":8000")
    community = city.communities[0]
    page = login(browser, live_server, people.station_head, viewport={"width": 820, "height": 1160})
    page.goto(f"{live_server.url}/community/posters/{community.code}/")
    shot = page.locator(".qr svg").screenshot()
    [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    assert code.text == f"{live_server.url}/c/{community.code}/report/"
    page.goto(code.text)  # the phone that scanned it gets the report form
    assert page.locator("form textarea").count() == 1
