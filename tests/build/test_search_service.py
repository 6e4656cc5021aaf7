"""The search index fed page by page while MkDocs renders (Pagefind's service mode), and its shards."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from support import ROOT, mkdocs_build, pagefind_records, wait_until
import jishi.search.index
from jishi.search.folder import build_search_index
from jishi.search.index import SearchIndexError, pagefind_executable
from jishi.search.runner import PAGE_TEXT, SHARD_TEXT, SiteIndexer, page_weights, shard_count, shard_cuts, shard_dirs
from jishi.search.service import PagefindService
from jishi.search.text import INDEX_LANGUAGE
from jishi.search.worker import IndexWorker


def entry(bundle: Path) -> dict:
    return json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))


def test_index_fed_while_rendering_holds_what_a_run_over_the_built_site_holds(built_site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy, ignore=shutil.ignore_patterns("pagefind"))
    build_search_index(copy)  # the same path, fed from the written files
    fed, walked = pagefind_records(built_site / "pagefind"), pagefind_records(copy / "pagefind")
    assert len(fed) > 40
    assert fed == walked
    assert entry(built_site / "pagefind")["languages"] == {
        INDEX_LANGUAGE: {**entry(built_site / "pagefind")["languages"][INDEX_LANGUAGE], "page_count": len(walked)}}
    assert list(entry(copy / "pagefind")["languages"]) == [INDEX_LANGUAGE]
    # One bundle, and the search box names no shards.
    assert not (built_site / "pagefind" / "shards").exists()
    assert "data-shards" not in (built_site / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory, monkeypatch_module):
    monkeypatch_module.setenv("JISHI_SEARCH_SHARD_PAGES", "20")
    out = tmp_path_factory.mktemp("sharded") / "site"
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_a_sharded_build_splits_the_pages_across_bundles_without_losing_one(sharded_site, built_site):
    bundle = sharded_site / "pagefind"
    whole = pagefind_records(built_site / "pagefind")
    count = shard_count(len(whole), 20)
    assert count >= 3
    folders = [bundle] + [bundle / d for d in shard_dirs(count)]
    parts = [pagefind_records(folder) for folder in folders]
    assert all(10 <= len(part) <= 20 for part in parts), [len(p) for p in parts]
    assert sorted((r for part in parts for r in part), key=lambda r: r["url"]) == whole
    assert not (bundle / "shards" / str(count + 1)).exists()
    for folder in folders:  # every shard is a whole bundle, without Pagefind's prebuilt UIs
        assert (folder / "pagefind-entry.json").is_file()
        assert not list(folder.glob("pagefind-ui.*"))
    home = (sharded_site / "index.html").read_text(encoding="utf-8")
    assert f'data-shards="{" ".join(shard_dirs(count))}"' in home


def test_shard_count_and_folders():
    assert shard_count(0) == shard_count(1) == shard_count(5000) == 1
    assert shard_count(5001) == 2
    assert shard_count(45, 20) == 3
    assert shard_dirs(1) == []
    assert shard_dirs(3) == ["shards/2/", "shards/3/"]


def test_records_in_a_language_with_capitals_join_the_pages_index(tmp_path):
    service = PagefindService("zh-CN")  # the site's language as MkDocs spells it
    service.add("a/index.html", '<html lang="zh"><body><article data-pagefind-body>'
                                "<h1>工会</h1><p>职工</p></article></body></html>")
    service.add_record("/people/wang/", "Wang Yuechu wangyuechu", "zh-CN", meta={"title": "王跃初"})
    assert service.write(tmp_path / "pagefind") == 1
    languages = entry(tmp_path / "pagefind")["languages"]
    assert list(languages) == ["zh-cn"] and languages["zh-cn"]["page_count"] == 2
    assert {r["url"] for r in pagefind_records(tmp_path / "pagefind")} == {"/a/", "/people/wang/"}


def test_pagefind_failing_midway_is_reported_in_chinese(tmp_path, monkeypatch):
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\nhead -c 10 >/dev/null\necho 'thread main panicked: out of memory' >&2\nexit 101\n")
    fake.chmod(0o755)
    monkeypatch.setattr(jishi.search.index, "get_executable", lambda: fake)
    indexer = SiteIndexer(tmp_path / "site", expected=3)
    for n in range(3):
        indexer.add(f"p{n}/index.html", "<article data-pagefind-body>工会</article>" * 2000)
    with pytest.raises(SearchIndexError, match="^建立搜索索引失败（Pagefind）：.*out of memory"):
        indexer.finish()


def test_missing_pagefind_stops_the_build_in_chinese(tmp_path, monkeypatch):
    monkeypatch.setattr(jishi.search.index, "get_executable", lambda: None)
    with pytest.raises(SearchIndexError, match="找不到 Pagefind 程序"):  # before any page renders
        SiteIndexer(tmp_path, expected=1)


def test_the_worker_covers_every_han_character_of_a_page_in_the_folding_map(tmp_path):
    indexer = SiteIndexer(tmp_path / "site", expected=1)
    indexer.add("a/index.html", '<html lang="zh"><body><nav>導航</nav><article data-pagefind-body>'
                                "<h1>工会</h1></article></body></html>")
    stats = indexer.finish()
    assert stats.pages == 1
    assert {"導", "航", "工", "会"} <= indexer.shards()[0].characters  # the nav's too: the browser folds every query
    fold = json.loads((tmp_path / "site" / "pagefind" / "jishi-fold.json").read_text(encoding="utf-8"))
    assert fold, "the folding map is written from the worker's characters"


def _children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(p) for p in text.split()]


def _gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except OSError:
        return True


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc")
def test_a_killed_worker_stops_its_pagefind_and_writes_nothing(tmp_path):
    worker = IndexWorker()
    worker.add("a/index.html", "<html><body><article data-pagefind-body>工会</article></body></html>")
    # the child starts its Pagefind once it has imported jishi
    pagefind = wait_until(lambda: _children(worker._proc.pid), "the worker's Pagefind")
    worker.kill()
    assert worker._proc.returncode == 0  # it stopped on its own, on the end of its input
    wait_until(lambda: all(_gone(pid) for pid in pagefind), "the worker's Pagefind to end")
    assert not (tmp_path / "pagefind").exists()


def test_the_worker_only_takes_a_transform_it_can_import():
    with pytest.raises(ValueError, match="module-level function"):
        IndexWorker(transform=lambda html: html)


def _page(site: Path, path: str, word: str) -> str:
    html = f'<html lang="zh"><body><article data-pagefind-body><h1>{word}</h1></article></body></html>'
    (site / path).parent.mkdir(parents=True, exist_ok=True)
    (site / path).write_text(html, encoding="utf-8")  # as MkDocs writes it after on_post_page
    return html


def test_pagefind_writes_once_the_last_expected_page_is_in_before_the_build_ends(tmp_path):
    site = tmp_path / "site"
    indexer = SiteIndexer(site, expected=2)
    for n, word in enumerate(["工会", "职工"]):
        indexer.add(f"p{n}/index.html", _page(site, f"p{n}/index.html", word))
    # finish() not called yet: the bundle comes while MkDocs would still be working
    wait_until((site / "pagefind" / "pagefind-entry.json").is_file, "the bundle before finish()")
    assert indexer.finish().pages == 2
    assert [r["url"] for r in pagefind_records(site / "pagefind")] == ["/p0/", "/p1/"]


def test_a_page_after_the_last_expected_one_is_indexed_too(tmp_path):
    site = tmp_path / "site"
    indexer = SiteIndexer(site, expected=2)
    for n, word in enumerate(["工会", "职工", "班组"]):
        indexer.add(f"p{n}/index.html", _page(site, f"p{n}/index.html", word))
    assert indexer.finish().pages == 3
    assert [r["url"] for r in pagefind_records(site / "pagefind")] == ["/p0/", "/p1/", "/p2/"]
    shards = indexer.shards()
    assert [s.pages for s in shards] == [("p0/index.html", "p1/index.html", "p2/index.html")]
    assert "班" in shards[0].characters


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc")
def test_the_first_worker_starts_before_the_first_page(tmp_path):
    indexer = SiteIndexer(tmp_path / "site", expected=1)

    def started():  # once the forked child has become the worker (exec); no page has been added
        commands = [Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0") for pid in _children(os.getpid())]
        return any(b"jishi.search.worker" in command for command in commands)

    wait_until(started, "the index worker, before any page")
    indexer.kill()
    assert not (tmp_path / "site" / "pagefind").exists()


def test_shards_are_cut_by_pages_and_by_text():
    assert shard_cuts([0] * 45, 20) == [15, 30]  # as few as the page limit allows, of equal page counts
    assert shard_cuts([10] * 6, 100, 25) == [2, 4]  # two pages of 10 fit in 25 characters, a third does not
    assert shard_cuts([30, 1, 1], 100, 25) == [1]  # a page heavier than a shard's text stands alone
    assert shard_cuts([1, 1, 1, 30, 1], 2, 25) == [2, 3, 4]  # equal counts would put 31 in one: by text
    assert shard_cuts([], 20) == [] and shard_count(0) == 1
    assert shard_count(45, 20) == 3 and shard_count(2, 20, [SHARD_TEXT, 1]) == 2  # the text alone makes two
    assert page_weights(["工会干部", None]) == [PAGE_TEXT + 4, PAGE_TEXT]


def test_fewer_pages_than_planned_still_give_every_shard_the_pages_name(tmp_path):
    site = tmp_path / "site"
    indexer = SiteIndexer(site, expected=4, limit=2)  # two shards planned, their names in every page
    indexer.add("p0/index.html", _page(site, "p0/index.html", "工会"))  # one page came
    assert indexer.finish().pages == 1
    assert [len(s.pages) for s in indexer.shards()] == [1, 0]
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    assert (site / "pagefind" / "shards" / "2" / "pagefind-entry.json").is_file()  # empty, but there to merge


def test_the_indexer_cuts_where_the_text_says(tmp_path):
    site = tmp_path / "site"
    indexer = SiteIndexer(site, expected=3, limit=100, weights=[SHARD_TEXT, PAGE_TEXT, PAGE_TEXT])
    assert indexer.count == 2
    for n, word in enumerate(["工会", "职工", "班组"]):
        indexer.add(f"p{n}/index.html", _page(site, f"p{n}/index.html", word))
    assert indexer.finish().pages == 3
    assert [s.pages for s in indexer.shards()] == [("p0/index.html",), ("p1/index.html", "p2/index.html")]
    assert [r["url"] for r in pagefind_records(site / "pagefind" / "shards" / "2")] == ["/p1/", "/p2/"]


def test_the_bundle_is_written_whole_from_the_files_pagefind_reports(tmp_path):
    # Pagefind's WriteFiles answered before its writes landed (a pagefind-worker.js cut at 40,960
    # bytes); the files now come in its GetFiles reply. They match what its own CLI writes and
    # waits for, and Pagefind's prebuilt UIs are not written at all.
    site = tmp_path / "site"
    html = _page(site, "a/index.html", "工会")
    service = PagefindService(INDEX_LANGUAGE)
    service.add("a/index.html", html)
    assert service.write(tmp_path / "ours") == 1
    cli = subprocess.run([str(pagefind_executable()), "--site", str(site), "--output-path", str(tmp_path / "cli"),
                          "--force-language", INDEX_LANGUAGE, "--silent"], capture_output=True)
    assert cli.returncode == 0, cli.stderr
    shipped = [p.name for p in (tmp_path / "cli").iterdir() if p.suffix in (".js", ".pagefind")]
    assert "pagefind-worker.js" in shipped and "pagefind-ui.js" in shipped
    for name in shipped:
        if not name.startswith(("pagefind-ui", "pagefind-component-ui", "pagefind-modular-ui", "pagefind-highlight")):
            assert (tmp_path / "ours" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    assert not list((tmp_path / "ours").glob("pagefind-*ui*")) and not (tmp_path / "ours" / "pagefind-highlight.js").exists()
    assert pagefind_records(tmp_path / "ours") == pagefind_records(tmp_path / "cli")
