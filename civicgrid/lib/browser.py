"""Real Chromium for browser tests: Debian's build driven by Playwright, no downloads."""

import os

import pytest

from civicgrid.lib.chromium import CHROMIUM_ARGS, chromium_path

__all__ = ["CHROMIUM_ARGS", "browser", "chromium_path"]


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
