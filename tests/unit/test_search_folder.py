"""Indexing the pages on disk (jishi.search.folder): MkDocs' render order from its sitemap; the preview's kept pages."""

from __future__ import annotations

import pytest
from support import pagefind_records

from jishi.search.folder import KeptPages, index_folder, indexed_pages, render_order
from jishi.search.index import SearchIndexError
from jishi.search.worker import IndexWorker


def test_pages_follow_the_sitemap_then_the_rest_by_path(tmp_path):
    (tmp_path / "sitemap.xml").write_text(
        "<urlset><url><loc>https://example.cn/campaign/</loc></url>"
        "<url><loc>https://example.cn/campaign/stories/b/</loc></url>"
        "<url><loc>https://example.cn/campaign/people/a/</loc></url>"
        "<url><loc>https://example.cn/campaign/notes.html</loc></url></urlset>", encoding="utf-8")
    paths = ["people/a/index.html", "z/index.html", "notes.html", "stories/b/index.html", "c/index.html"]
    assert render_order(tmp_path, paths) == ["stories/b/index.html", "people/a/index.html", "notes.html",
                                             "c/index.html", "z/index.html"]


def test_only_pages_with_an_indexed_part_outside_bundles_and_hidden_folders(tmp_path):
    body = '<article data-pagefind-body>工会</article>'
    for path, html in {"a/index.html": body, "b/index.html": "<p>列表</p>", "pagefind.next/x.html": body,
                       ".jishi-search/y.html": body, "c.html": body}.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(html, encoding="utf-8")
    assert indexed_pages(tmp_path) == ["a/index.html", "c.html"]  # no sitemap: by path


def _page(text: str) -> str:
    return f'<html lang="zh-cn"><body><article data-pagefind-body><h1>{text}</h1><p>{text}工会</p></article></body></html>'


def _words(bundle) -> list[str]:
    """The first word of each page's indexed text."""
    return sorted(record["content"].split(".")[0] for record in pagefind_records(bundle))


def test_an_unchanged_page_goes_to_the_worker_as_its_key_and_is_indexed_from_the_kept_copy(tmp_path):
    site = tmp_path / "site"
    for name, word in {"a": "alphaword", "b": "betaword"}.items():
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(_page(word), encoding="utf-8")
    (site / "list.html").write_text("<p>listword</p>", encoding="utf-8")
    kept = KeptPages(site / ".copies")
    stats, _ = index_folder(site, tmp_path / "one", kept=kept)
    assert stats.pages == 2 and len(list(kept.folder.iterdir())) == 2
    fresh = tmp_path / "fresh"
    assert index_folder(site, fresh)[0].pages == 2  # the same pages without kept copies
    assert pagefind_records(tmp_path / "one") == pagefind_records(fresh)

    # The copy of a, altered behind jishi's back: the next run indexes the copy, never reading a again.
    (copy,) = [p for p in kept.folder.iterdir() if "alphaword" in p.read_text(encoding="utf-8")]
    characters, _, text = copy.read_text(encoding="utf-8").partition("\n")
    assert set(characters) == set("工会")  # the whole page's Han characters, first
    copy.write_text(characters + "\n" + text.replace("alphaword", "zetaword"), encoding="utf-8")
    (site / "b" / "index.html").write_text(_page("gammaword"), encoding="utf-8")  # b changed: read and cut again
    index_folder(site, tmp_path / "two", kept=kept)
    assert _words(tmp_path / "two") == ["gammaword", "zetaword"]
    assert len(list(kept.folder.iterdir())) == 2  # b's old copy removed

    (site / "a" / "index.html").write_text(_page("alphaword2"), encoding="utf-8")  # a changed: its copy is new
    (site / "b" / "index.html").unlink()
    stats, _ = index_folder(site, tmp_path / "three", kept=kept)
    assert stats.pages == 1 and _words(tmp_path / "three") == ["alphaword2"]
    assert len(list(kept.folder.iterdir())) == 1


def test_a_kept_copy_gone_before_the_worker_read_it_fails_the_run_in_chinese(tmp_path):
    worker = IndexWorker(copies=tmp_path / "copies")
    worker.keep("a/index.html", "0" * 32)  # a key whose copy is not there
    with pytest.raises(SearchIndexError, match="^搜索索引暂未更新（.*）；下次保存时重试$"):
        worker.write(tmp_path / "bundle")
    assert not (tmp_path / "bundle").exists()
