"""Nothing leaked, nothing injected, nothing lost: drafts, escaping, determinism, atomic publish."""

import gzip
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from support import ROOT, run_env
from jishi import load_site

DRAFT_MARK = "DRAFTLEAK7f3a"
EMBARGO_MARK = "EMBARGOLEAK91c2"
PERSON_MARK = "EMBARGOPERSON55"

DRAFT = f"""---
kind: testimonial
slug: draft-xinsheng
title: 草稿标题 {DRAFT_MARK}
summary: 草稿摘要 {DRAFT_MARK}
speaker: zhang-song
speaker_role: 操作部职工
column: nuanxin
date: "2017"
draft: true
---
草稿正文 {DRAFT_MARK}。
"""
EMBARGOED = f"""---
kind: testimonial
slug: embargoed-xinsheng
title: 定时发布 {EMBARGO_MARK}
speaker: new-person
speaker_role: 新人物
column: nuanxin
date: 2030-05-01
---
定时正文 {EMBARGO_MARK}。
"""
NEW_PERSON = f"""---
kind: person
slug: new-person
name: 新人{PERSON_MARK}
---
"""
PUBLISHED = """---
kind: testimonial
slug: published-xinsheng
title: 已发布
speaker: zhang-song
speaker_role: 操作部职工
column: nuanxin
date: 2030-04-30
---
已发布正文。
"""
STORIES = {"testimonial/draft.md": DRAFT, "testimonial/embargoed.md": EMBARGOED,
           "people/new-person.md": NEW_PERSON, "testimonial/published.md": PUBLISHED}


def every_byte(site: Path):
    """(path, bytes) of every file under site, gzip (sitemap, search index) decompressed."""
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        yield path, data


def build(site: Path, out: Path, today="2030-04-30") -> Path:
    env = run_env()
    env["JISHI_TODAY"] = today
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                             str(site / "mkdocs.yml"), "-d", str(out)],
                            capture_output=True, text=True, env=env, cwd=site, timeout=300)
    assert result.returncode == 0, result.stderr
    return out


def test_drafts_and_embargoed_stories_leave_no_byte_in_the_site(tmp_path, make_site):
    site = make_site(tmp_path / "s", STORIES)
    out = build(site, tmp_path / "out")
    assert (out / "stories/published-xinsheng/index.html").is_file()
    files = 0
    for path, data in every_byte(out):
        files += 1
        for mark in (DRAFT_MARK, EMBARGO_MARK, PERSON_MARK, "draft-xinsheng", "embargoed-xinsheng", "new-person"):
            assert mark.encode() not in data, (path, mark)
    assert files > 30  # the whole site was read (Material's search files are no longer deployed)
    # On its date the embargoed story, and its person, appear.
    out2 = build(site, tmp_path / "out2", today="2030-05-01")
    assert EMBARGO_MARK in (out2 / "stories/embargoed-xinsheng/index.html").read_text(encoding="utf-8")
    assert (out2 / "people/new-person/index.html").is_file()


def test_embargo_compares_full_dates_with_an_injected_today(tmp_path, make_site):
    site = make_site(tmp_path / "s", STORIES)
    for today, expected in (("2030-04-29", set()), ("2030-04-30", {"published-xinsheng"}),
                            ("2030-05-01", {"published-xinsheng", "embargoed-xinsheng"})):
        loaded, problems = load_site(site, today=today)
        assert not problems.errors
        mine = {s.slug for s in loaded.stories} & {"published-xinsheng", "embargoed-xinsheng", "draft-xinsheng"}
        assert mine == expected, today
        assert ("new-person" in loaded.people) == ("embargoed-xinsheng" in expected)
    loaded, _ = load_site(site, today="2030-04-30", show_drafts=True)
    status = {s.slug: s.status for s in loaded.stories}
    assert status["draft-xinsheng"] == "draft" and status["embargoed-xinsheng"] == "embargoed"


def test_bad_jishi_today_is_reported_not_ignored(tmp_path, make_site):
    site = make_site(tmp_path / "s", {})
    env = dict(run_env(), JISHI_TODAY="2030-02-30")
    result = subprocess.run([sys.executable, "-m", "jishi", "check", "--root", str(site)],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1
    assert "JISHI_TODAY: JISHI_TODAY 不是有效日期：'2030-02-30'（应写成 2017-06-01）" in result.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_with_jishi_drafts_shows_drafts_marked_as_such(tmp_path, make_site):
    site = make_site(tmp_path / "s", STORIES)
    port = free_port()
    env = dict(run_env(), JISHI_TODAY="2030-04-30", JISHI_DRAFTS="1")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}",
                             "-f", str(site / "mkdocs.yml")], cwd=site, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        page = None
        for _ in range(120):
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/stories/embargoed-xinsheng/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.25)
        assert page is not None, "mkdocs serve did not come up"
        text = page.decode("utf-8")
        assert "<strong>草稿</strong>：定于 2030-05-01 发布。这是本地预览，正式网站不会出现这篇稿件。" in text
        draft = urllib.request.urlopen(f"http://127.0.0.1:{port}/stories/draft-xinsheng/", timeout=5).read().decode()
        assert '<p class="jishi-draft-banner" role="status"><strong>草稿</strong>。' in draft
        column = urllib.request.urlopen(f"http://127.0.0.1:{port}/columns/nuanxin/", timeout=5).read().decode()
        assert '<span class="jishi-card__draft">草稿</span>' in column
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        proc.stderr.close()


def test_jishi_drafts_is_ignored_by_a_build(tmp_path, make_site):
    site = make_site(tmp_path / "s", STORIES)
    env = dict(run_env(), JISHI_TODAY="2030-04-30", JISHI_DRAFTS="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
                            cwd=site, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "out/stories/draft-xinsheng").exists()


def test_front_matter_strings_are_escaped_everywhere(tmp_path, make_site, mkdocs_build):
    story = """---
kind: testimonial
slug: xss-title
title: "</title><script>alert('t')</script>"
summary: '"><script>alert(1)</script>'
speaker: zhang-song
speaker_role: "<img src=x onerror=alert(2)>"
column: nuanxin
date: "2017"
---
正文。
"""
    site = make_site(tmp_path / "s", {"testimonial/x.md": story})
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out/stories/xss-title/index.html").read_text(encoding="utf-8")
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt; - " in page
    assert "<h1>&lt;/title&gt;&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;</h1>" in page
    assert '<meta name="description" content="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">' in page
    assert '<span class="jishi-byline__role">&lt;img src=x onerror=alert(2)&gt;</span>' in page
    for path, data in every_byte(tmp_path / "out"):
        assert b"<script>alert" not in data and b"<img src=x" not in data, path


def test_two_builds_are_byte_identical_and_dated_by_content(built_site, tmp_path, mkdocs_build):
    again = tmp_path / "again"
    result = mkdocs_build(ROOT, again)
    assert result.returncode == 0, result.stderr
    first = {p.relative_to(built_site): p.read_bytes() for p in built_site.rglob("*") if _stable(p)}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if _stable(p)}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    sitemap = (again / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<lastmod>2017-01-01</lastmod>") == sitemap.count("<lastmod>") > 20


def _stable(path: Path) -> bool:
    # Pagefind writes its filter chunks in hash-map order, so their names, and
    # the meta file and entry that list them, change from run to run; its index
    # chunks and fragments, like every other file, must be identical.
    volatile = path.parent.name == "filter" or path.suffix == ".pf_meta" or path.name == "pagefind-entry.json"
    return path.is_file() and not ("pagefind" in path.parts and volatile)


def snapshot(directory: Path) -> dict:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in directory.rglob("*") if p.is_file()}


def test_failed_build_leaves_the_previous_site_intact(tmp_path, jishi_cli, make_site):
    site = make_site(tmp_path / "s", {"testimonial/published.md": PUBLISHED.replace("2030-04-30", '"2017"')})
    first = jishi_cli("build", "--root", str(site))
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "网站已生成：site"
    # The fixture keeps the real mkdocs.yml's placeholder address: the editor is told.
    assert "警告：mkdocs.yml 的 site_url 仍是 https://example.org/，二维码、分享卡片和订阅里的链接都会指向它" in first.stderr
    before = snapshot(site / "site")
    assert "stories/published-xinsheng/index.html" in before
    (site / "stories/testimonial/broken.md").write_text(PUBLISHED.replace("published-xinsheng", "broken")
                                                         .replace("speaker: zhang-song", "speaker: zhang-sogn"),
                                                         encoding="utf-8")
    second = jishi_cli("build", "--root", str(site))
    assert second.returncode == 1
    assert "stories/testimonial/broken.md:5:1: speaker: 找不到人物 'zhang-sogn'" in second.stderr
    assert "生成失败，site 保持原样（仍是上一次成功生成的网站）。" in second.stderr
    assert "Traceback" not in second.stderr
    assert snapshot(site / "site") == before
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".site")) == []


def test_a_real_site_url_gets_no_placeholder_warning(tmp_path, jishi_cli, make_site):
    site = make_site(tmp_path / "s", {})
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("https://example.org/", "https://zhigong.test/"),
                      encoding="utf-8")
    result = jishi_cli("build", "--root", str(site))
    assert result.returncode == 0, result.stderr
    assert "警告：mkdocs.yml 的 site_url" not in result.stderr


DANGEROUS = """---
kind: testimonial
slug: wei-xian
title: 危险的正文
summary: 正文里有脚本和事件属性。
speaker: zhang-song
speaker_role: 操作部职工
column: nuanxin
date: "2017"
---
第一段。

[点我](javascript:alert(1))

<b onclick="alert(2)">粗体</b>
"""


def test_a_dangerous_body_is_refused_by_mkdocs_build_at_its_line(tmp_path, make_site, mkdocs_build):
    """The allowlist runs once per body, in the check the build starts with; the build still refuses."""
    site = make_site(tmp_path / "s", {"testimonial/wei-xian.md": DANGEROUS})
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode != 0
    assert ("stories/testimonial/wei-xian.md:13:6: 正文: 不允许的 javascript: 网址（<a href=…>）；"
            "链接只能是 https://、http://、mailto: 或站内相对路径") in result.stderr, result.stderr
    assert "stories/testimonial/wei-xian.md:15:4: 正文: 不允许事件属性 onclick=（会运行脚本）" in result.stderr
    assert not (tmp_path / "out/stories/wei-xian/index.html").exists()


INJECTING_HOOK = '''
def on_page_markdown(markdown, page, config, files):
    return markdown + '\\n\\n<b onclick="alert(3)">再点我</b>\\n' if page.file.src_uri.startswith("stories/") else markdown
'''


def test_markdown_changed_after_the_check_goes_through_the_whole_allowlist(tmp_path, make_site, mkdocs_build):
    """Another hook or plugin that rewrites a body after the check: MkDocs' HTML is held to the allowlist."""
    safe = DANGEROUS.split("[点我]")[0]
    site = make_site(tmp_path / "s", {"testimonial/wei-xian.md": safe})
    (site / "inject.py").write_text(INJECTING_HOOK, encoding="utf-8")
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    (site / "mkdocs.yml").write_text(config.replace("hooks:\n", "hooks:\n  - inject.py\n"), encoding="utf-8")
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode != 0
    assert "stories/testimonial/wei-xian.md: 正文: 不允许事件属性 onclick=（会运行脚本）；请删掉这个属性" in result.stderr, \
        result.stderr
