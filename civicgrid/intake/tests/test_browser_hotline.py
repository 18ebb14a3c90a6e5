"""The hotline upload on a desk screen: the progress bar follows the background import."""

import pytest

from civicgrid.intake import hotline
from civicgrid.intake.models import HotlineImport
from civicgrid.intake.tests.ledgers import order, write_ledger
from civicgrid.lib.tests.browser import DESK, PHONE, open_menu_link, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_uploads_a_ledger_and_follows_its_progress(browser, live_server, city, tmp_path):
    rows = [order(i) for i in range(1, 6)]
    rows += [order(6, 诉求内容="某小区门口垃圾很多，麻烦处理"), order(7, 派发时间="下午三点")]
    path = write_ledger(tmp_path / "台账.xlsx", rows)
    page = signed_in(browser, live_server, "dispatcher", DESK)
    open_menu_link(page, "12345 工单")  # in the 受理渠道 menu of the header
    page.wait_for_url("**/hotline/")
    page.screenshot(path="/tmp/civicgrid-hotline-list.png", full_page=True)
    page.set_input_files("#id_file", path)
    page.click("#upload button[type=submit]")
    page.wait_for_url("**/hotline/*/")
    assert "排队中" in page.inner_text("#status")
    hotline.run(HotlineImport.objects.get())  # what the worker does; the page polls meanwhile
    page.wait_for_selector("#errors", timeout=15_000)  # reloaded by hotline.js when finished
    assert page.inner_text("#created") == "6" and page.inner_text("#failed") == "1"
    assert page.inner_text("#unplaced") == "1"
    page.screenshot(path="/tmp/civicgrid-hotline-detail.png", full_page=True)
    page.goto(f"{live_server.url}/hotline/unplaced/")
    assert "某小区门口垃圾很多" in page.inner_text("main")
    page.screenshot(path="/tmp/civicgrid-hotline-unplaced.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path="/tmp/civicgrid-hotline-unplaced-phone.png", full_page=True)
    page.goto(f"{live_server.url}/hotline/")
    page.screenshot(path="/tmp/civicgrid-hotline-list-phone.png", full_page=True)
