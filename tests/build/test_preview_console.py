"""The preview's console and MkDocs' link checks, as an editor of a new site meets them.

jishi checks every link itself, so MkDocs' own link validation is off in
this site's mkdocs.yml and in the one `jishi init` writes: a link MkDocs
would have questioned in English passes in silence, a broken one is still
jishi's Chinese error. `mkdocs serve` of a fresh `jishi init` site prints
only Chinese lines, from its first build through an edit, a broken story
and its fix (the Material banner is off here, as run_env sets QUIET_ENV's
variable: only a command starting MkDocs itself can silence it).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from support import english_lines, jishi_cli, make_site, mkdocs_build, run_env

VALID = """---
kind: case
slug: a
date: "2024"
title: 一篇
team: yidui
author: li-ming
---
正文[工作队](/teams/yidui/)，[又一次](../../teams/yidui/)，[本段](#p1)。
"""
ENTITIES = {
    "stories/people/li-ming.md": "---\nkind: person\nslug: li-ming\nname: 李明\n---\n",
    "stories/teams/yidui.md": "---\nkind: team\nslug: yidui\nname: 一队\nenterprise: qiye\n---\n",
    "stories/enterprises/qiye.md": "---\nkind: enterprise\nslug: qiye\nname: 某企业\n---\n",
}


def _write(root, files: dict) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


@pytest.fixture
def new_site(tmp_path):
    done = jishi_cli("init", str(tmp_path / "site"), "--name", "预览站", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return tmp_path / "site"


@pytest.mark.parametrize("which", ["campaign", "jishi init"])
def test_mkdocs_says_nothing_of_links_jishi_checks(tmp_path, new_site, which):
    site = make_site(tmp_path / "fixture", {}, with_base=False) if which == "campaign" else new_site
    assert "validation:\n  links:\n    not_found: ignore" in (site / "mkdocs.yml").read_text(encoding="utf-8")
    _write(site, {**ENTITIES, "stories/case/a.md": VALID})
    built = mkdocs_build(site, tmp_path / "out")
    assert built.returncode == 0, built.stderr
    assert "Doc file" not in built.stderr and "Did you mean" not in built.stderr, built.stderr
    _write(site, {"stories/case/a.md": VALID.replace("(/teams/yidui/)", "(../no-such-story/)")})
    broken = mkdocs_build(site, tmp_path / "out")
    assert broken.returncode == 1
    assert "stories/case/a.md:9:9: 正文: 链接指向的页面不存在：'../no-such-story/'" in broken.stderr, broken.stderr
    assert "Doc file" not in broken.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(predicate, what: str, timeout: float = 90) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def test_the_preview_of_a_new_site_speaks_chinese(tmp_path, new_site):
    port = _free_port()
    log = tmp_path / "serve.log"
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                                cwd=new_site, env=run_env(), stdout=out, stderr=subprocess.STDOUT)
    text = lambda: log.read_text(encoding="utf-8")  # noqa: E731
    try:
        _wait(lambda: "预览地址：" in text(), "the preview's address")
        assert urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).status == 200
        _write(new_site, {**ENTITIES, "stories/case/a.md": VALID.replace("(#p1)", "(../no-such-story/)")})
        _wait(lambda: "链接指向的页面不存在" in text(), "jishi's message about the broken link")
        _write(new_site, {"stories/case/a.md": VALID})
        _wait(lambda: text().count("已重新生成") >= 2, "the rebuild after the fix")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    shown = text()
    assert f"预览地址：http://127.0.0.1:{port}/（保存稿件后，打开的页面会自动刷新；按 Ctrl+C 停止预览）" in shown
    assert "Traceback" not in shown and "Did you mean" not in shown
    assert english_lines(shown) == [], shown
