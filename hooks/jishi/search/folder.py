"""Indexing the pages on disk: a built folder (tests, benchmarks) and the preview.

The same path as a build (jishi.search.runner.SiteIndexer, its workers,
shards and finishing), fed from the files instead of from the renderer. The
pages go in the order MkDocs rendered them, which its ``sitemap.xml`` lists
(Pagefind numbers pages in the order given, and the numbers are in its
files): so a built folder indexed here gives the bundle the build wrote,
byte for byte. Pages the sitemap does not list follow, by path.
"""

from __future__ import annotations

import html as _html
import re
from pathlib import Path
from urllib.parse import urlsplit

from jishi.search.index import BUNDLE_DIR, MARK, SearchIndexError, SearchIndexStats
from jishi.search.runner import SHARD_PAGES, Shard, SiteIndexer

__all__ = ["build_search_index", "index_folder", "indexed_pages", "render_order"]

_LOC = re.compile(r"<loc>\s*([^<]*?)\s*</loc>")


def build_search_index(site_dir: Path, limit: int = SHARD_PAGES) -> SearchIndexStats:
    """Index the built site in ``site_dir``, writing the bundle to ``site_dir/pagefind``."""
    return index_folder(site_dir, limit=limit)[0]


def index_folder(site_dir: Path, bundle: Path | None = None, limit: int = SHARD_PAGES, niceness: int = 0,
                 started=None, weights: list[int] | None = None,
                 copies: Path | None = None) -> tuple[SearchIndexStats, list[Shard]]:
    """Index the pages on disk under ``site_dir`` into ``bundle`` (``site_dir/pagefind``); the
    stats and the shards. ``started(indexer)`` is called before the first page (to stop it from
    elsewhere); ``niceness`` lowers the index's CPU priority; ``weights``: the pages' planned
    weights, to cut the shards as a build does (``runner.page_weights``); ``copies``: a folder
    keeping Pagefind's copies of the pages for the next run (the preview)."""
    site_dir = Path(site_dir).resolve()
    if not site_dir.is_dir():
        raise SearchIndexError(f"{site_dir}: 网站目录不存在，无法建立搜索索引")
    pages = indexed_pages(site_dir)
    indexer = SiteIndexer(site_dir, len(pages), limit, weights=weights, bundle=bundle, niceness=niceness,
                          copies=copies)
    if started is not None:
        started(indexer)
    try:
        for path in pages:
            indexer.add(path, (site_dir / path).read_text(encoding="utf-8", errors="replace"))
        stats = indexer.finish()
    except BaseException:
        indexer.kill()
        raise
    return stats, indexer.shards()


def indexed_pages(site_dir: Path) -> list[str]:
    """The pages under ``site_dir`` Pagefind indexes (relative paths), in the order MkDocs rendered them."""
    paths = []
    for path in site_dir.rglob("*.html"):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith((BUNDLE_DIR, ".")) or "/." in rel:  # bundles, hidden folders
            continue
        if MARK in path.read_text(encoding="utf-8", errors="replace"):
            paths.append(rel)
    return render_order(site_dir, paths)


def render_order(site_dir: Path, paths: list[str]) -> list[str]:
    """``paths`` in the order the site's sitemap.xml lists their pages, the others after by path."""
    try:
        sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    except OSError:
        sitemap = ""
    by_url = {_url_path(path): path for path in paths}
    listed: dict[str, int] = {}
    for number, loc in enumerate(_LOC.findall(sitemap)):
        parts = urlsplit(_html.unescape(loc)).path.lstrip("/").split("/")
        for k in range(len(parts)):  # the longest tail of the URL that is a page (the site may sit in a folder)
            page = by_url.get("/".join(parts[k:]))
            if page is not None:
                listed.setdefault(page, number)
                break
    return sorted(paths, key=lambda path: (listed.get(path, float("inf")), path))


def _url_path(path: str) -> str:
    """A page's URL relative to the site: ``stories/x/index.html`` → ``stories/x/``."""
    return path[:-len("index.html")] if path == "index.html" or path.endswith("/index.html") else path
