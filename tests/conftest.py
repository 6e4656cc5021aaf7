"""Shared fixtures: the repo, fixture sites, real builds, a local server, Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / "hooks"
sys.path.insert(0, str(HOOKS))  # the working tree's jishi, whatever is installed
CHROMIUM = os.environ.get("JISHI_CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(items):
    """Mark each test by its layer's folder, so `-m "not browser"` is the fast loop."""
    for item in items:
        layer = Path(item.fspath).parent.name
        if layer in ("build", "browser"):
            item.add_marker(getattr(pytest.mark, layer))


def run_env() -> dict:
    env = dict(os.environ, PYTHONPATH=str(HOOKS), NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8")
    return env


def mkdocs_build(site_root: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    """A real `mkdocs build --strict` of the site at site_root into out."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(site_root / "mkdocs.yml"),
         "-d", str(out), *extra],
        capture_output=True, text=True, env=run_env(), cwd=site_root, timeout=600,
    )


def jishi_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jishi", *args], capture_output=True, text=True,
                          env=run_env(), cwd=cwd, timeout=300)


def make_site(tmp: Path, stories: dict[str, str], with_base: bool = True) -> Path:
    """A small fixture site: the real mkdocs.yml and hooks, given story files.

    with_base copies the real entities (columns, teams, enterprises, people)
    so fixture stories can refer to them.
    """
    tmp.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("hooks/jishi_hook.py", str(HOOKS / "jishi_hook.py"))
    (tmp / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "docs", tmp / "docs", dirs_exist_ok=True)
    shutil.copy(ROOT / "jishi.yml", tmp / "jishi.yml")  # the real site's settings (share image, accent)
    (tmp / "docs").mkdir(exist_ok=True)
    if with_base:
        for group in ("columns", "teams", "enterprises", "people"):
            shutil.copytree(ROOT / "stories" / group, tmp / "stories" / group)
    for rel, text in stories.items():
        path = tmp / "stories" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        path.write_bytes(data)
    return tmp


ALIASED = """---
kind: commentary
slug: xin-pinglun
title: 新的点评
author: li-shuyong
author_role: 测试职务
column: hugen
date: "2018-03-05"
summary: 这是一篇用于测试的点评，有完整日期和旧网址。
aliases: [jiu-pinglun]
---
第一段。

第二段。
"""


def copy_real_site(dest: Path, site_url: str) -> Path:
    """The real site's sources with another site_url."""
    make_site(dest, {}, with_base=False)
    shutil.copytree(ROOT / "stories", dest / "stories", dirs_exist_ok=True)
    shutil.copy(ROOT / "urls.txt", dest / "urls.txt")
    config = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    (dest / "mkdocs.yml").write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {site_url}", config),
                                     encoding="utf-8")
    return dest


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real campaign site, built once per test session."""
    out = tmp_path_factory.mktemp("real") / "site"
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    """Serve directory on 127.0.0.1 on a free port; returns (base_url, server)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def site_url(built_site):
    url, server = serve(built_site)
    yield url
    server.shutdown()
    server.server_close()


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
