"""Search: the Pagefind index the build writes, and the header search in a real browser."""

from __future__ import annotations

import gzip
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from support import ROOT, run_env
import jishi.search.index
from jishi.search.folder import build_search_index
from jishi.search.index import SearchIndexError
from jishi.search.text import SPACE_MARK, pair_text

# (query, a URL that must be among the first five results): names, enterprise
# short names, two-character words and words from the middle of a sentence.
QUERIES = [
    ("王跃初", "people/wang-yuechu/"),
    ("王跃初", "stories/wang-yuechu-photo/"),
    ("张淞", "stories/zhang-song-xinsheng/"),
    ("董永祥", "stories/dong-yongxiang-commentary/"),
    ("张琦", "stories/zhang-qi-photo/"),
    ("曹晶", "stories/cao-jing-xinsheng/"),
    ("中建幕墙", "enterprises/zhongjian-mumian/"),
    ("WIT", "enterprises/wit/"),
    ("wit", "stories/zhang-song-xinsheng/"),
    ("裕大华", "enterprises/yudahua/"),
    ("鼎龙", "enterprises/dinglong/"),
    ("劳模", "stories/dao-zhigong-zhong-qu/"),
    ("急救", "stories/zhang-song-xinsheng/"),
    ("集体协商", "stories/zhang-yong-xinsheng/"),
    ("聋哑员工", "stories/zhang-yong-xinsheng/"),
    ("民情笔记", "stories/shuzi/"),
    ("工人学校", "stories/yao-lijun-xinsheng/"),
    ("点菜式", "stories/zhang-song-xinsheng/"),
    ("满意率", "stories/dao-zhigong-zhong-qu/"),
    ("师家珍", "stories/wangyou-shengyin/"),
]


def test_missing_pagefind_is_reported_in_chinese(tmp_path, monkeypatch):
    (tmp_path / "index.html").write_text("<article data-pagefind-body>王跃初</article>", encoding="utf-8")
    monkeypatch.setattr(jishi.search.index, "get_executable", lambda: None)
    with pytest.raises(SearchIndexError, match="找不到 Pagefind 程序；请安装 pagefind\\[extended\\]"):
        build_search_index(tmp_path)


def test_build_writes_the_bundle_and_indexes_only_articles(built_site):
    bundle = built_site / "pagefind"
    for name in ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json"):
        assert (bundle / name).is_file(), name
    # The header search is jishi's own UI: Pagefind's prebuilt ones are not deployed.
    assert not [p.name for p in bundle.glob("*") if "ui" in p.name or "highlight" in p.name]
    story = (built_site / "stories/zhang-song-xinsheng/index.html").read_text(encoding="utf-8")
    assert '<article class="jishi-story jishi-story--testimonial" data-pagefind-body>' in story
    assert 'data-pagefind-filter="企业:WIT"' in story
    assert 'data-pagefind-meta="类型:心声"' in story
    # List pages are navigation, not content: not indexed.
    assert "data-pagefind-body" not in (built_site / "kinds/testimonial/index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in (built_site / "index.html").read_text(encoding="utf-8")
    fragments = _texts(bundle / "fragment")
    assert len(fragments) == sum(1 for p in built_site.rglob("*.html") if "data-pagefind-body" in p.read_text(encoding="utf-8"))
    # The served page keeps its text as written; only the indexed copy is in pairs.
    assert SPACE_MARK not in story and "张淞 ：" not in story


def _texts(folder: Path) -> list[str]:
    """Every file under folder as text, gunzipped when gzipped."""
    texts = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            texts.append(data.decode("utf-8", errors="ignore"))
    return texts


CASE = """---
kind: "case"
slug: "{slug}"
title: "{title}"
team: "wit-team"
author_team: "wit-team"
date: "2017"
{extra}---
{word}出现在这段正文的中间，别处没有。
"""


def test_a_draft_is_in_no_file_of_the_built_site(tmp_path, make_site, mkdocs_build):
    site = make_site(tmp_path / "src", {
        "case/draft.md": CASE.format(slug="cao-gao", title="未发表的草稿", word="鹦鹉螺号潜艇", extra="draft: true\n"),
        "case/published.md": CASE.format(slug="fa-biao", title="已发表的稿件", word="麒麟座星云", extra=""),
    })
    out = tmp_path / "site"
    result = mkdocs_build(site, out)
    assert result.returncode == 0, result.stderr
    texts = _texts(out)
    assert any(_paired("麒麟座星云") in t for t in _texts(out / "pagefind" / "fragment")), "the check must see published words"
    assert not [t[:80] for t in texts if any(w in t for w in ("鹦鹉螺号潜艇", "未发表的草稿", _paired("鹦鹉螺号潜艇"), _paired("未发表的草稿")))]
    assert not (out / "stories/cao-gao").exists()


def _paired(word: str) -> str:
    """A word as the index holds it (see jishi.search.text)."""
    return pair_text(word).strip(SPACE_MARK)


# --- in the browser -----------------------------------------------------------
def open_search(page):
    page.locator(".jishi-search-button").tap()
    box = page.locator(".jishi-search__input")
    assert box.is_visible()
    return box


def search(page, query: str) -> list[str]:
    """Type query into the header search box; the result links, as shown."""
    box = page.locator(".jishi-search__input")
    box.fill("")
    box.press_sequentially(query, delay=30)
    if "无结果" in _wait_for_results(page, query):
        return []
    return page.locator(".jishi-search__link").evaluate_all("links => links.map(a => a.href)")


def _wait_for_results(page, query: str) -> str:
    """Wait until the results of query are on screen (titles loaded); the message above them."""
    page.wait_for_function(
        """(q) => { const m = document.querySelector('.jishi-search__status');
             const links = (d) => d.querySelectorAll('.jishi-search__link').length;
             return m && m.textContent.includes(q) && !m.textContent.includes('正在搜索')
               && (m.textContent.includes('无结果') || (links(document) > 0 && links(document) ===
                   document.querySelectorAll('.jishi-search__result').length)); }""",
        arg=query)
    return page.locator(".jishi-search__status").inner_text()


@pytest.fixture
def phone_search(phone, site_url):
    phone.goto(site_url + "stories/li-shuyong-commentary/")
    open_search(phone)
    return phone


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_query_finds_the_page_in_the_top_five(phone_search, site_url, query, expected):
    links = search(phone_search, query)
    assert site_url + expected in links[:5], links


def _article_text(built_site: Path, url: str, site_url: str, between: str = "") -> str:
    """The text of the article of a result's page, as served; between joins its elements."""
    from bs4 import BeautifulSoup

    html = (built_site / url.removeprefix(site_url) / "index.html").read_text(encoding="utf-8")
    article = BeautifulSoup(html, "html.parser").select_one("article[data-pagefind-body]")
    return article.get_text(between) if article else ""


# A phrase readers type, then what the first result must hold (traditional
# characters are read as simplified ones).
PHRASES = [("心声", "心声"), ("六有", "六有"), ("一企一策", "一企一策"), ("同吃同住", "同吃同住"),
           ("产业工人", "产业工人"), ("職工", "职工"), ("無聲課堂", "无声课堂"), ("工人学校", "工人学校"),
           ("劳动竞赛", "劳动竞赛"), ("娘家人", "娘家人")]


@pytest.mark.parametrize(("query", "phrase"), PHRASES)
def test_pages_holding_the_phrase_come_first_and_only_they(phone_search, built_site, site_url, query, phrase):
    links = search(phone_search, query)
    assert links, query
    texts = [_article_text(built_site, link, site_url) for link in links]
    # Every result shown holds the phrase as written, not only its characters apart.
    assert [phrase in text for text in texts] == [True] * len(texts), list(zip(links, [phrase in t for t in texts]))
    excerpt = phone_search.locator(".jishi-search__excerpt").first.inner_text()
    title = phone_search.locator(".jishi-search__title").first.inner_text()
    assert phrase in excerpt + title


def test_characters_apart_are_found_only_when_the_phrase_is_nowhere(phone_search, built_site, site_url):
    # 工会 and 职工 are both everywhere, 工会职工 nowhere: pages holding both words are shown.
    links = search(phone_search, "工会职工")
    assert links
    texts = [_article_text(built_site, link, site_url) for link in links]
    assert not [t for t in texts if "工会职工" in t]
    assert all("工会" in t and "职工" in t for t in texts)


@pytest.mark.parametrize(("query", "expected"), [("yaolijun", "people/yao-lijun/"), ("ylj", "people/yao-lijun/"),
                                                 ("yao", "people/yao-lijun/"), ("zhangsong", "people/zhang-song/"),
                                                 ("zjmq", "enterprises/zhongjian-mumian/")])
def test_names_are_found_by_pinyin_and_initials(phone_search, site_url, query, expected):
    links = search(phone_search, query)
    assert links[:1] == [site_url + expected], links
    # Only names are indexed in pinyin, and the pinyin is never shown.
    assert "yao" not in phone_search.locator(".jishi-search__results").inner_text()


BOUNDARY = set(" \n\t。！？；，、：:;,.!?“”‘’「」『』（）()《》—…")
OPENING = set("“‘「『（(《")  # an excerpt may start with one


@pytest.mark.parametrize("query", ["服务工人", "职工", "工会", "活动", "队伍建设"])
def test_excerpts_start_at_a_boundary_or_with_an_ellipsis(phone_search, built_site, site_url, query):
    links = search(phone_search, query)
    excerpts = phone_search.locator(".jishi-search__excerpt").all_inner_texts()
    assert excerpts and len(excerpts) == len(links)
    for link, excerpt in zip(links, excerpts):
        text = " ".join(_article_text(built_site, link, site_url, " ").split())
        cut = excerpt.removeprefix("…")
        at = text.find(cut.split()[0][:12])
        assert at >= 0, (link, excerpt)
        # Cut after punctuation or at the word itself, never inside a word; "…" where text was left out.
        at_boundary = at == 0 or text[at - 1] in BOUNDARY or cut[0] in OPENING
        assert at_boundary or cut.startswith(query), (link, excerpt, text[at - 5:at + 5])
        assert excerpt.startswith("…") or at_boundary, (link, excerpt)


def test_result_shows_title_kind_and_highlighted_excerpt(phone_search):
    search(phone_search, "聋哑员工")
    result = phone_search.locator(".jishi-search__result").first
    assert result.locator(".jishi-search__title").inner_text() == "张涌：心声"
    assert result.locator(".jishi-search__kind").inner_text() == "心声"
    assert result.locator(".jishi-search__excerpt mark").inner_text() == "聋哑员工"
    assert SPACE_MARK not in result.inner_text() and "聋哑 哑员" not in result.inner_text()
    assert phone_search.evaluate("document.documentElement.scrollWidth") <= 390


def test_excerpts_show_no_stray_half_width_full_stops(phone_search):
    # Pagefind joins a photo's caption and its placeholder with ". "; the
    # caption is the title, and the excerpt does not repeat it.
    search(phone_search, "王跃初")
    excerpts = phone_search.locator(".jishi-search__excerpt").all_inner_texts()
    assert "图片待补充" in excerpts
    assert not [e for e in excerpts if "." in e]


def test_no_match_says_so_in_chinese(phone_search):
    assert search(phone_search, "鲸鱼饲养") == []
    assert phone_search.locator(".jishi-search__status").inner_text() == "无结果：没有找到与“鲸鱼饲养”相关的内容，请换个词试试"


def test_filter_by_kind_from_the_results(phone_search):
    assert len(search(phone_search, "工会")) >= 5
    phone_search.locator(".jishi-search__filter-name", has_text="类型").click()
    phone_search.get_by_label("心声 (", exact=False).check()
    phone_search.wait_for_function(
        """() => { const tags = [...document.querySelectorAll('.jishi-search__kind')];
                   return tags.length > 0 && tags.length === document.querySelectorAll('.jishi-search__result').length
                     && tags.every(t => t.textContent.includes('心声')); }""")
    tags = phone_search.locator(".jishi-search__kind").all_inner_texts()
    assert tags and set(tags) == {"心声"}


def test_search_files_load_only_when_needed(phone, site_url):
    """Nothing of Pagefind on a page view; the first query without the filters; they load when opened."""
    fetched = []
    phone.on("requestfinished", lambda request: fetched.append(request.url.removeprefix(site_url)))
    phone.goto(site_url + "stories/li-shuyong-commentary/", wait_until="load")
    assert not [url for url in fetched if url.startswith("pagefind/")]
    open_search(phone)
    search(phone, "集体协商")
    first = [url for url in fetched if url.startswith("pagefind/")]
    assert "pagefind/pagefind.js" in first and any(url.startswith("pagefind/index/") for url in first)
    assert not [url for url in first if url.startswith("pagefind/filter/") or "ui" in url], first
    phone.locator(".jishi-search__filter-name", has_text="类型").click()
    phone.get_by_label("心声 (", exact=False).wait_for()
    assert [url for url in fetched if url.startswith("pagefind/filter/")]


def test_touch_a_result_opens_its_page(phone_search, site_url):
    search(phone_search, "张淞")
    phone_search.locator(".jishi-search__link", has_text="张淞：心声").tap()
    phone_search.wait_for_url(site_url + "stories/zhang-song-xinsheng/")
    assert phone_search.locator("article h1").inner_text() == "张淞：心声"


def test_keyboard_open_choose_and_close(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    try:
        page.goto(site_url + "stories/li-shuyong-commentary/")
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.classList.contains('jishi-search__input')")
        page.keyboard.type("裕大华")
        _wait_for_results(page, "裕大华")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        second = page.locator(".jishi-search__link").nth(1)
        assert page.evaluate("document.activeElement.href") == second.evaluate("a => a.href")
        page.keyboard.press("ArrowUp")
        page.keyboard.press("ArrowUp")
        assert page.evaluate("document.activeElement.classList.contains('jishi-search__input')")
        page.keyboard.press("Escape")
        assert not page.locator("#__search").is_checked()
        assert not page.locator(".jishi-search__drawer").is_visible()
        page.keyboard.press("/")
        page.keyboard.type("董永祥")
        _wait_for_results(page, "董永祥")
        page.keyboard.press("Enter")
        page.wait_for_url(site_url + "people/dong-yongxiang/")
    finally:
        page.close()


def test_results_work_when_the_site_is_served_from_a_sub_path(browser, built_site, serve):
    base, server = serve(built_site.parent)
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN", has_touch=True)
    try:
        sub = base + built_site.name + "/"
        page.goto(sub + "teams/")
        open_search(page)
        links = search(page, "集体协商")
        assert links[0] == sub + "stories/zhang-yong-xinsheng/"
        page.locator(".jishi-search__link").first.tap()
        page.wait_for_url(links[0])
        assert page.locator("article h1").inner_text() == "张涌：心声"
    finally:
        page.close()
        server.shutdown()
        server.server_close()


def test_mkdocs_serve_has_a_search_index(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
                            cwd=ROOT, env=run_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        entry = _get_when_up(f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json", proc)
        assert b'"und"' in entry
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stderr.close()


def _get_when_up(url: str, proc, timeout: float = 120) -> bytes:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode()
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {timeout} s")
