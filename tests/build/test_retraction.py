"""撤稿: a published story withdrawn on purpose, and the URL guard's two real choices."""

from __future__ import annotations

import gzip
import re
import subprocess

import pytest

from support import copy_real_site, jishi_cli, mkdocs_build

STORY = "stories/commentary/li-yinan-commentary.md"
RETRACTION = 'retracted: {date: "2024-05-01", reason: "应当事人要求撤回 <核实中> & 待更正"}'
RETRACT_HINT = 'retracted: {date: "YYYY-MM-DD", reason: "撤稿原因"}'


def add_front_matter(path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4)
    path.write_text(text[:end] + "\n" + line + text[end:], encoding="utf-8")


@pytest.fixture(scope="module")
def retracted(tmp_path_factory):
    """The real site with one commentary retracted, checked and built."""
    tmp = tmp_path_factory.mktemp("retraction")
    site = copy_real_site(tmp / "src", "https://example.org/")
    add_front_matter(site / STORY, RETRACTION)
    check = jishi_cli("check", "--root", str(site))
    built = mkdocs_build(site, tmp / "out")
    assert built.returncode == 0, built.stderr
    return check, tmp / "out"


def test_the_promise_is_kept_and_check_passes(retracted):
    check, _ = retracted
    assert check.returncode == 0, check.stdout
    assert check.stdout.splitlines()[-1].startswith("检查通过：20 篇稿件")


def test_its_url_serves_a_withdrawn_page(retracted):
    _, out = retracted
    page = (out / "stories/li-yinan-commentary/index.html").read_text(encoding="utf-8")
    assert "<h1>本文已撤回</h1>" in page
    assert '<p>撤回日期：<time datetime="2024-05-01">2024-05-01</time></p>' in page
    assert "<p>撤回原因：应当事人要求撤回 &lt;核实中&gt; &amp; 待更正</p>" in page
    assert '<meta name="robots" content="noindex">' in page
    assert re.search(r'<a href="\.\./\.\.">返回首页</a>', page)
    assert "实践党的群众路线的好形式" not in page and "data-pagefind-body" not in page
    # The author named only in this story goes the same way: a withdrawn page, not a 404.
    person = (out / "people/li-yinan/index.html").read_text(encoding="utf-8")
    assert "<h1>本页已撤下</h1>" in person and '<meta name="robots" content="noindex">' in person


def test_it_leaves_lists_feed_sitemap_and_search(retracted):
    _, out = retracted
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "li-yinan" not in sitemap and "/stories/zhang-song-xinsheng/" in sitemap
    assert "li-yinan" not in (out / "feed.xml").read_text(encoding="utf-8")
    for page in out.rglob("index.html"):
        rel = page.relative_to(out).as_posix()
        if rel in ("stories/li-yinan-commentary/index.html", "people/li-yinan/index.html"):
            continue
        text = page.read_text(encoding="utf-8")
        assert "li-yinan" not in text and "实践党的群众路线的好形式" not in text, rel
    fragments = [gzip.decompress(p.read_bytes()) for p in (out / "pagefind/fragment").rglob("*.pf_fragment")]
    assert fragments and not any(b"li-yinan" in f for f in fragments)
    assert any(b"zhang-song-xinsheng" in f for f in fragments)


def test_the_guard_offers_an_alias_on_evidence_or_a_retraction(tmp_path):
    site = copy_real_site(tmp_path / "src", "https://example.org/")
    git = ["git", "-C", str(site), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "stories"], check=True)
    subprocess.run([*git, "commit", "-qm", "published"], check=True)
    # Renamed: git shows which file had the old slug, so that file is named.
    renamed = site / "stories/commentary/yang-dongmei-commentary.md"
    renamed.write_text(renamed.read_text(encoding="utf-8").replace(
        'slug: "yang-dongmei-commentary"', 'slug: "yang-dongmei-pinglun"'), encoding="utf-8")
    # Deleted, and set back to a draft: the way out is a retraction.
    (site / "stories/commentary/dong-yongxiang-commentary.md").unlink()
    add_front_matter(site / "stories/commentary/wu-qingjun-commentary.md", "draft: true")
    result = jishi_cli("check", "--root", str(site))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    urls = {re.search(r"已发布的网址 (\S+) ", l).group(1): l.split("不再有页面；", 1)[1] for l in lines if "已发布的网址" in l}
    assert urls["/stories/yang-dongmei-commentary/"] == (
        "stories/commentary/yang-dongmei-commentary.md 原来的网址名是 yang-dongmei-commentary（见 git 记录），"
        "现在是 yang-dongmei-pinglun：如果是改名，请在 stories/commentary/yang-dongmei-commentary.md 中加上 "
        "aliases: [yang-dongmei-commentary]，旧链接就会跳转到 /stories/yang-dongmei-pinglun/；"
        f"如果是有意撤稿，请把网址名改回 yang-dongmei-commentary 并写上 {RETRACT_HINT}")
    assert urls["/stories/dong-yongxiang-commentary/"] == (
        "如果改了网址名，请在改名后的文件中加上 aliases: [dong-yongxiang-commentary]；"
        "如果是有意撤稿，请恢复原文件（git 记录里它是 stories/commentary/dong-yongxiang-commentary.md）"
        f"并写上 {RETRACT_HINT}，不要删除文件")
    assert urls["/stories/wu-qingjun-commentary/"] == (
        "stories/commentary/wu-qingjun-commentary.md 已发布过，不能改回草稿；要撤下，请把 draft: true 换成 "
        f"{RETRACT_HINT}，网址会显示“本文已撤回”")
    # Never a look-alike slug: no other commentary is suggested for these URLs.
    assert not any("li-yinan-commentary" in hint or "li-shuyong-commentary" in hint for hint in urls.values())
    # The person page that went with the deleted story points at the retraction too.
    assert "请在那篇稿件里写 retracted:" in urls["/people/dong-yongxiang/"]
