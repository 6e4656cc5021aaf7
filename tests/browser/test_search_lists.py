"""Frequent words are answered from the lists the build ranked (jishi.search.frequent), in shards too.

The real site is small, so the thresholds are lowered: a word on 8 pages gets
a list of 6, a word on 8 pages of a shard a chunk of its own, 20 pages a shard.
"""

from __future__ import annotations

import gzip
import json
import re

import pytest

from jishi.search.bundle import page_list, read_pagefind_file
from jishi.search.frequent import bucket
from support import ROOT, mkdocs_build, pagefind_records, serve_directory
from test_search import QUERIES, open_search, search

MARK = "\u200c"


@pytest.fixture(scope="module")
def listed_site(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        for name, value in {"JISHI_SEARCH_LIST_PAGES": "8", "JISHI_SEARCH_LISTED": "6",
                            "JISHI_SEARCH_SPLIT_PAGES": "8", "JISHI_SEARCH_SHARD_PAGES": "20"}.items():
            patch.setenv(name, value)
        out = tmp_path_factory.mktemp("listed") / "site"
        result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    url, server = serve_directory(out)
    yield url, out
    server.shutdown()
    server.server_close()


def _bundles(out):
    return [out / "pagefind"] + sorted((out / "pagefind/shards").iterdir(), key=lambda p: int(p.name))


def _fragment(out, ref: str) -> dict:
    """The fragment of a listed page id (``2:<id>`` in the second shard)."""
    shard, _, page_id = ref.rpartition(":")
    data = gzip.decompress((_bundles(out)[int(shard or 1) - 1] / "fragment" / f"{page_id}.pf_fragment").read_bytes())
    return json.loads(data[len(b"pagefind_dcd"):])


def _lists(out) -> dict:
    lists = {}
    for path in (out / "pagefind/jishi-lists").glob("*/*.json"):
        lists.update(json.loads(path.read_text(encoding="utf-8")))
    return lists


def _holders(out) -> dict[str, set[str]]:
    """Word → URLs of the pages whose indexed text or meta holds it (as Pagefind's prefix match finds it)."""
    holders: dict[str, set[str]] = {}
    for bundle in _bundles(out):
        for record in pagefind_records(bundle):
            text = " ".join([record["content"], *record["meta"].values()])
            # As Pagefind indexes words: without punctuation (主席‌. is 主席), and a word
            # with a mark on its left is indexed as the word too.
            for word in set(text.split()):
                holders.setdefault(word.strip(".,;:!?()" + MARK), set()).add(record["url"])
    return holders


def test_each_list_counts_the_pages_holding_its_word_and_names_them(listed_site):
    _, out = listed_site
    lists, holders = _lists(out), _holders(out)
    assert "职工" in lists and len(lists) >= 20
    found = json.loads((out / "pagefind/jishi-fold.json").read_text(encoding="utf-8"))
    files, folder = found["lists"], out / "pagefind" / found["listsDir"]
    assert re.fullmatch(r"jishi-lists/[0-9a-f]{8}/", found["listsDir"])  # named by its content: never a stale list
    for word, (count, *ids) in lists.items():
        assert count == len(holders[word]) >= 8, word
        assert len(ids) == min(6, count) == len(set(ids))
        assert word in json.loads((folder / f"{bucket(word, files)}.json").read_text())
        for ref in ids:  # each id is a page of its shard holding the word
            assert _fragment(out, ref)["url"] in holders[word], (word, ref)
    # Pages whose title holds the word come first.
    count, *ids = lists["职工"]
    titles = [_fragment(out, ref)["meta"]["title"] for ref in ids]
    held = ["职工" in re.sub(r"[\s\u200c]", "", t).replace("职 职", "职") for t in titles]
    assert held == sorted(held, reverse=True), titles


def test_big_words_have_chunks_of_their_own_and_no_word_is_lost(listed_site):
    _, out = listed_site
    before = _holders(out)
    for bundle in _bundles(out):
        meta = page_list(bundle)
        seen = []
        for low, high, name in meta[2]:
            for word, pages, *_ in read_pagefind_file(bundle / "index" / f"{name}.pf_index")[0]:
                if high == low + MARK:  # a big word's chunk: only its forms count there
                    if word.rstrip(MARK) == low:
                        seen.append(word)
                elif low <= word and (word <= high or word.startswith(high)):
                    seen.append(word)
        assert len(seen) == len(set(seen))  # each word in exactly one chunk
    assert any(high == low + MARK for bundle in _bundles(out) for low, high, _ in page_list(bundle)[2])
    assert _holders(out) == before


def test_a_listed_word_is_shown_from_its_list_and_more_come_from_pagefind(browser, listed_site):
    url, out = listed_site
    lists, holders = _lists(out), _holders(out)
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN", has_touch=True)
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    try:
        page.goto(url + "stories/li-shuyong-commentary/")
        open_search(page)
        page.wait_for_timeout(500)
        before = len(fetched)
        links = search(page, "职工")
        asked = fetched[before:]
        assert any("/jishi-lists/" in u for u in asked)
        assert not any("/pagefind/index/" in u for u in asked), asked  # Pagefind's index not read for it
        assert f"找到 {lists['职工'][0]} 条" in page.locator(".jishi-search__status").inner_text()
        assert len(links) == 5
        shown = list(links)
        while page.locator(".jishi-search__more").is_visible():
            page.locator(".jishi-search__more").click()
            page.wait_for_function("(n) => document.querySelectorAll('.jishi-search__link').length > n",
                                   arg=len(shown))
            shown = page.locator(".jishi-search__link").evaluate_all("links => links.map(a => a.href)")
        assert len(shown) == len(set(shown)) == len(holders["职工"])  # all of them, each once
        assert {u[len(url) - 1:] for u in shown} == holders["职工"]
        # The filter opened: counts come from Pagefind, the same pages found.
        page.locator(".jishi-search__filter-name", has_text="类型").click()
        page.locator(".jishi-search__filter[open] input").first.wait_for()
        assert f"找到 {len(holders['职工'])} 条" in page.locator(".jishi-search__status").inner_text()
    finally:
        page.close()


def test_rare_queries_still_find_their_pages(browser, listed_site):
    url, _ = listed_site
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN", has_touch=True)
    try:
        page.goto(url + "stories/li-shuyong-commentary/")
        open_search(page)
        for query, expected in QUERIES:
            assert url + expected in search(page, query)[:5], query
    finally:
        page.close()


def test_a_list_naming_a_page_that_is_gone_gives_pagefind_s_answer(browser, listed_site):
    url, out = listed_site
    holders = _holders(out)
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN", has_touch=True)

    def stale(route):  # as a list cached from an earlier build would be: it names a page no longer there
        words = json.loads(route.fetch().text())
        for entry in words.values():
            entry[1] = "000000/0"
        route.fulfill(body=json.dumps(words, ensure_ascii=False), content_type="application/json")

    page.route("**/jishi-lists/**", stale)
    try:
        page.goto(url + "stories/li-shuyong-commentary/")
        open_search(page)
        links = search(page, "职工")
        assert len(links) == 5 and all(u[len(url) - 1:] in holders["职工"] for u in links)
        assert f"找到 {len(holders['职工'])} 条" in page.locator(".jishi-search__status").inner_text()
    finally:
        page.close()


def test_without_decompression_stream_pagefind_answers_a_listed_word(browser, listed_site):
    # iOS before 16.4 has no DecompressionStream: the lists' fragments cannot be read, Pagefind answers.
    url, out = listed_site
    holders = _holders(out)
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN", has_touch=True)
    page.add_init_script("delete window.DecompressionStream;")
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    try:
        page.goto(url + "stories/li-shuyong-commentary/")
        assert page.evaluate("typeof DecompressionStream") == "undefined"
        open_search(page)
        links = search(page, "职工")
        assert len(links) == 5 and all(u[len(url) - 1:] in holders["职工"] for u in links)
        assert f"找到 {len(holders['职工'])} 条" in page.locator(".jishi-search__status").inner_text()
        assert not any("/jishi-lists/" in u for u in fetched)
        assert any("/pagefind/index/" in u for u in fetched)
    finally:
        page.close()
