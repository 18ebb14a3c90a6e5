"""Shared steps of the browser tests (Playwright on Chromium)."""

from civicgrid.demo.city import DEMO_PASSWORD

DESK = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def signed_in(browser, live_server, username: str, viewport=DESK, **options):
    """A new page of `username` signed in through the login form, in Chinese; `options` go to
    the browser context (is_mobile, geolocation, permissions ...)."""
    context = browser.new_context(viewport=viewport, locale="zh-CN", **options)
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/cases/**")
    return page


def open_menu_link(page, text: str) -> None:
    """Click a header link, opening its menu first when the header groups links in menus."""
    link = page.locator(f"header.top a:has-text('{text}')").first
    if not link.is_visible():
        menu = page.locator("header.top details.menu", has=page.locator(f"a:has-text('{text}')"))
        menu.locator("summary").click()
    link.click()
