"""A resident answers a survey on a phone, once; a station head reads the bars."""

import pytest

from civicgrid.consult.survey_demo import seed
from civicgrid.liaison.demo import seed as seed_liaison
from civicgrid.lib.tests.browser import DESK, PHONE, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_answers_a_survey_once_on_a_phone(browser, live_server, city):
    follow, local = seed(city)
    before = local.responses.count()
    phone = browser.new_page(viewport=PHONE, locale="zh-CN")
    phone.goto(f"{live_server.url}/c/{city.communities[0].code}/")
    phone.click(f"#surveys a:has-text('{local.title}')")
    phone.screenshot(path="/tmp/civicgrid-survey-phone.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.click("#survey-submit")  # nothing answered: the server explains in Chinese
    assert "请回答这道题" in phone.inner_text("#error-summary")
    phone.select_option("#id_community", city.communities[0].code)
    phone.click("label.cat:has-text('乱停乱放')")
    phone.click("label.cat:has-text('愿意')")
    phone.fill("textarea", "小区门口晚上停满了车。")
    phone.click("#survey-submit")
    phone.wait_for_url("**/thanks/")
    assert "感谢您的参与" in phone.inner_text("#thanks")
    phone.goto(f"{live_server.url}/consult/surveys/{local.pk}/")
    assert "您已提交过这份问卷" in phone.inner_text("#answered")
    phone.screenshot(path="/tmp/civicgrid-survey-answered.png", full_page=True)
    assert local.responses.count() == before + 1

    desk = signed_in(browser, live_server, city.heads[city.communities[0].pk].username, DESK)
    desk.goto(f"{live_server.url}/consult/surveys/manage/")
    desk.click(f"a:has-text('{local.title}')")
    assert desk.inner_text("#total .total") == str(before + 1)
    assert "小区门口晚上停满了车" in desk.inner_text("#results")
    desk.screenshot(path="/tmp/civicgrid-survey-results.png", full_page=True)
    seed_liaison(city)
    desk.goto(f"{live_server.url}/liaison/")
    assert "逾期" in desk.inner_text("#overdue")
    desk.screenshot(path="/tmp/civicgrid-liaison-desk.png", full_page=True)
    desk.click("#meetings tbody a >> nth=0")
    desk.screenshot(path="/tmp/civicgrid-liaison-meeting.png", full_page=True)
    desk.goto(f"{live_server.url}/liaison/companies/")
    desk.screenshot(path="/tmp/civicgrid-liaison-companies.png", full_page=True)
