"""A dispatcher creates a personal API token in real Chromium, copies it, calls the API with it
and revokes it; on a 390 px phone nothing scrolls sideways, and the desk size works too."""

import os
import urllib.request

import pytest

from civicgrid.demo.city import DEMO_PASSWORD
from civicgrid.people.models import ApiToken

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("CIVICGRID_SHOTS", "")  # a folder: keep screenshots to look at


def sign_in(browser, live_server, user, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    return page


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


def call_api(live_server, raw) -> int:
    request = urllib.request.Request(
        f"{live_server.url}/api/v1/categories", headers={"Authorization": f"Bearer {raw}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.parametrize("size", [(390, 844), (1366, 800)])
def test_a_token_is_created_copied_used_and_revoked(browser, live_server, city, people, size):
    width, height = size
    page = sign_in(browser, live_server, people.dispatcher, {"width": width, "height": height})
    page.get_by_role("link", name=people.dispatcher.staff.name).click()
    assert page.inner_text("h1") == "我的 API 令牌"
    page.get_by_label("用途").fill("区平台对接")
    page.get_by_label("180 天").check()
    shot(page, f"tokens-list-{width}.png")
    page.get_by_role("button", name="创建令牌").click()
    assert "只显示这一次" in page.inner_text("main")
    raw = page.input_value("#raw-token")
    page.get_by_role("button", name="复制令牌").click()
    page.wait_for_selector(".copy-state:text('已复制')")
    assert page.evaluate("navigator.clipboard.readText()") == raw
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"tokens-created-{width}.png")
    assert call_api(live_server, raw) == 200

    page.get_by_role("link", name="我已保存，返回令牌列表").click()
    assert "区平台对接" in page.inner_text("main") and raw not in page.content()
    page.get_by_role("link", name="吊销").click()
    shot(page, f"tokens-revoke-{width}.png")
    page.get_by_role("button", name="确定吊销").click()
    assert "已吊销" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"tokens-revoked-{width}.png")
    assert ApiToken.objects.get().revoked_at is not None
    assert call_api(live_server, raw) == 401
