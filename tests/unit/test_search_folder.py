"""Indexing the pages on disk (jishi.search.folder): MkDocs' render order from its sitemap (the preview's
kept pages: tests/build/test_search_kept_pages.py)."""

from __future__ import annotations

from jishi.search.folder import indexed_pages, render_order


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
