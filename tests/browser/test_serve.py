"""Live preview: a real `mkdocs serve` on 127.0.0.1, watched in Chromium."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from support import ROOT, run_env

STORY = "stories/testimonial/zhang-song-xinsheng.md"
OLD = "形式新颖，参与性强"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout: float, what: str) -> float:
    """Seconds until predicate() is true; fail after timeout."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if predicate():
            return time.monotonic() - start
        time.sleep(0.05)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


@pytest.fixture
def served(tmp_path, make_site):
    """The real content in a fixture site, served by `mkdocs serve`; yields (url, site, log)."""
    site = make_site(tmp_path / "site", {})
    shutil.copytree(ROOT / "stories", site / "stories", dirs_exist_ok=True)
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                                cwd=site, env=run_env(), stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"

    def up():
        try:
            return urllib.request.urlopen(url, timeout=1).status == 200
        except OSError:
            return False

    try:
        wait_for(up, 60, "mkdocs serve to start")
        yield url, site, log
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_edit_break_and_fix_a_story_while_serving(served, browser):
    url, site, log = served
    page = browser.new_page()
    page.goto(url + "stories/zhang-song-xinsheng/")
    # The editor's guide is built and linked in the preview (a published build leaves it out).
    assert page.locator('.md-tabs a[href$="guide/"]', has_text="编辑指南").count() == 1
    body = page.locator(".jishi-body")
    assert OLD in body.inner_text()
    path = site / STORY
    good = path.read_text(encoding="utf-8")

    # Edit: the open page reloads with the new text.
    path.write_text(good.replace(OLD, "形式新颖，参与性很强"), encoding="utf-8")
    # How fast is bench/preview.py's business; here only that it comes.
    wait_for(lambda: "参与性很强" in body.inner_text(), 30, "the edited text in the browser")

    # Break: the error is printed, the server stays up with the last good page and a banner.
    path.write_text(good.replace("speaker_role:", "speaker_role：").replace(OLD, "坏掉的版本"), encoding="utf-8")
    banner = page.locator(".jishi-preview-problems")
    wait_for(lambda: banner.count() == 1, 15, "the problem banner")
    expected = f"{STORY}:5:13: speaker_role: 字段名后面用了中文冒号“："
    assert expected in banner.inner_text()
    assert "参与性很强" in body.inner_text() and "坏掉的版本" not in body.inner_text()
    wait_for(lambda: expected in log.read_text(encoding="utf-8"), 5, "the error in the terminal")
    assert "Traceback" not in log.read_text(encoding="utf-8")
    assert urllib.request.urlopen(url + "guide/").status == 200  # every other page is still served

    # Fix: the banner goes and the page shows the fixed text.
    path.write_text(good.replace(OLD, "形式新颖，修好了"), encoding="utf-8")
    wait_for(lambda: "修好了" in body.inner_text(), 15, "the fixed text")
    assert banner.count() == 0
    page.close()
