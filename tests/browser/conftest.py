"""Browser-layer fixtures: a local static server, Chromium through Playwright, a phone page."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from support import serve_directory

CHROMIUM = os.environ.get("JISHI_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def site_url(built_site):
    url, server = serve_directory(built_site)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def serve():
    """serve(directory): serve it on 127.0.0.1 on a free port; returns (base_url, server)."""
    return serve_directory


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright; skipped only outside CI when absent."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run must install it")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A fresh phone-sized page (390 px wide, touch)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()
