"""A republish's delta bundle gives readers the same search results as a full build (jishi.search.delta).

The real site is built by `jishi build`, then republished three times (one story changed twice,
another once: in the delta, masked in the shards), then a story is retracted (its pages given to
``republish_index`` as a republish would); each is searched in Chromium through the site's own
search box beside a full build of the same sources, every result shown ("更多结果" until none).
"""

from __future__ import annotations

import pytest

from delta_sites import GONE_WORD, NEW_WORD, RETRACTED_WORD, SECOND_GONE, republished_site, retracted_site
from support import serve_directory
from test_search import QUERIES, _wait_for_results, open_search

# The functional tests' queries, the benchmarks' (bench/search_bench.py, shard_query.py), names, a
# frequent word answered from the lists, the words the edits added and removed, the retracted story's.
ASKED = sorted({q for q, _ in QUERIES} | {"集体协商", "民情笔记", "王", "职工", "工会", "张淞", "姚利军", "急救",
                                          NEW_WORD, GONE_WORD, SECOND_GONE, RETRACTED_WORD})


def _served(folder):
    url, server = serve_directory(folder)
    return url, server


@pytest.fixture(scope="module", params=["one bundle", "shards"])
def sites(request, tmp_path_factory):
    """(delta site, full build), republished; then the same after a retraction."""
    with pytest.MonkeyPatch.context() as patch:
        if request.param == "shards":
            patch.setenv("JISHI_SEARCH_SHARD_PAGES", "20")
        tmp = tmp_path_factory.mktemp("delta-search")
        root, full = republished_site(tmp, patch)
        assert (root / "site/pagefind/delta/pagefind-entry.json").is_file()
        assert (root / "site/pagefind/shards").is_dir() == (request.param == "shards")
        retracted, retracted_full = retracted_site(tmp, root, root / "site")
    servers = [_served(folder) for folder in (root / "site", full, retracted, retracted_full)]
    yield [url for url, _ in servers]
    for _, server in servers:
        server.shutdown()
        server.server_close()


def _everything(page, query: str) -> tuple[str, list[str]]:
    """The status line and every result's path for query, "更多结果" pressed until it is gone."""
    box = page.locator(".jishi-search__input")
    box.fill("")
    box.press_sequentially(query, delay=20)
    status = _wait_for_results(page, query)
    more = page.locator(".jishi-search__more")
    while more.is_visible():
        shown = page.locator(".jishi-search__result").count()
        more.click()
        page.wait_for_function(
            """(n) => document.querySelectorAll('.jishi-search__result').length > n
                 && document.querySelectorAll('.jishi-search__link').length
                    === document.querySelectorAll('.jishi-search__result').length""", arg=shown)
    links = page.locator(".jishi-search__link").evaluate_all("links => links.map(a => new URL(a.href).pathname)")
    return status, links


def _answers(browser, url: str) -> dict[str, tuple[str, list[str]]]:
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN", has_touch=True)
    page.goto(url + "stories/li-shuyong-commentary/")
    open_search(page)
    answers = {}
    for query in ASKED:
        status, links = _everything(page, query)
        answers[query] = (status, sorted(links), len(links))
    page.close()
    return answers


def test_a_delta_republish_finds_what_a_full_build_finds(browser, sites):
    delta, full = _answers(browser, sites[0]), _answers(browser, sites[1])
    assert delta == full
    assert delta[NEW_WORD][1] == ["/stories/zhang-song-xinsheng/"]
    # A word an edit removed finds, as in a full build, only what its loose tries find without it
    # (Pagefind leaves a word no page holds out of a query: the delta's "gone" words).
    assert delta[GONE_WORD] == full[GONE_WORD] and delta[SECOND_GONE] == full[SECOND_GONE]
    assert len(delta["职工"][1]) > 6  # past the list: Pagefind's pages too, the masked ones left out


def test_a_retracted_story_masked_by_the_delta_is_found_no_more(browser, sites):
    delta, full = _answers(browser, sites[2]), _answers(browser, sites[3])
    assert delta == full
    assert "/stories/yao-lijun-xinsheng/" not in delta[RETRACTED_WORD][1]  # its loose tries find other pages
