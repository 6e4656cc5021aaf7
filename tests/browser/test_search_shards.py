"""A site whose index comes in shards is searched in the browser as one index."""

from __future__ import annotations

import pytest

from support import ROOT, mkdocs_build, pagefind_records, serve_directory
from test_search import QUERIES, open_search, search


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JISHI_SEARCH_SHARD_PAGES", "20")  # the real site's ~50 pages in three shards
        out = tmp_path_factory.mktemp("sharded") / "site"
        result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    assert (out / "pagefind/shards/3/pagefind-entry.json").is_file()
    url, server = serve_directory(out)
    yield url, out
    server.shutdown()
    server.server_close()


@pytest.fixture
def sharded_search(browser, sharded_site):
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN", has_touch=True)
    page.goto(sharded_site[0] + "stories/li-shuyong-commentary/")
    open_search(page)
    yield page
    page.close()


def test_every_query_finds_its_page_across_the_shards(sharded_search, sharded_site):
    sharded_url = sharded_site[0]
    fetched = []
    sharded_search.on("request", lambda r: fetched.append(r.url))
    for query, expected in QUERIES:
        links = search(sharded_search, query)
        assert sharded_url + expected in links[:5], (query, links)
    # The other shards' bundles were loaded, not only the first.
    assert any("/pagefind/shards/2/" in u for u in fetched) and any("/pagefind/shards/3/" in u for u in fetched)


def test_results_of_one_query_come_from_several_shards(sharded_search, sharded_site):
    url, out = sharded_site
    links = search(sharded_search, "王跃初")
    shard_of = {}
    for n, folder in enumerate([out / "pagefind"] + sorted((out / "pagefind/shards").iterdir())):
        for record in pagefind_records(folder):
            shard_of[url + record["url"].lstrip("/")] = n
    assert len(links) == len(set(links)) >= 2
    assert len({shard_of[link] for link in links}) >= 2, [(link, shard_of[link]) for link in links]
