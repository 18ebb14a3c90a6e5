"""Real Chromium for browser tests: Debian's build driven by Playwright, no downloads."""

import os
import shutil

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


@pytest.fixture
def browser():
    """A headless Chromium; skipped on a developer machine without it, an error in CI."""
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI 环境缺少 chromium（.ci/run 应已安装 Debian 的 chromium 包）")
        pytest.skip("未安装 chromium：apt-get install chromium fonts-noto-cjk 后可运行浏览器测试")
    # Playwright's sync API runs an event loop in this thread; Django must still allow ORM calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
