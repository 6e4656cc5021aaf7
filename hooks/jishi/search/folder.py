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
from jishi.search.worker import page_key

__all__ = ["KeptPages", "build_search_index", "index_folder", "indexed_pages", "render_order"]

_LOC = re.compile(r"<loc>\s*([^<]*?)\s*</loc>")


def build_search_index(site_dir: Path, limit: int = SHARD_PAGES) -> SearchIndexStats:
    """Index the built site in ``site_dir``, writing the bundle to ``site_dir/pagefind``."""
    return index_folder(site_dir, limit=limit)[0]


class KeptPages:
    """The pages on disk as the last run found them, for the next (the preview's index).

    Each page's file stamp (inode, size, modification and change times) and
    the ``worker.page_key`` of the HTML it held, whose copy (what Pagefind is
    given, and the page's Han characters) the index worker keeps in
    ``folder``. A page whose stamp is the same is not read again, and goes to
    the worker as its key: the worker reads the copy itself.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._pages: dict[str, tuple[tuple, str | None]] = {}  # page → (stamp, key; None: not indexed)
        self._now: dict[str, tuple[tuple, str | None]] = {}  # the run in progress

    def indexed(self, path: Path, rel: str) -> bool:
        """Whether Pagefind indexes the page ``rel`` (read only if its file changed since the last run)."""
        stat = path.stat()  # before reading: a page written meanwhile is read again next run
        stamp = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
        known = self._pages.get(rel)
        if known is None or known[0] != stamp:
            html = path.read_text(encoding="utf-8", errors="replace")
            known = (stamp, page_key(html) if MARK in html else None)
        self._now[rel] = known
        return known[1] is not None

    def kept(self, rel: str) -> str | None:
        """The key of the page's kept copy, if the worker has it; None: the page must be sent."""
        key = self._now[rel][1]
        return key if key is not None and (self.folder / key).is_file() else None

    def done(self) -> None:
        """The run is over: what it found is what the next compares with (pages gone are forgotten)."""
        self._pages, self._now = self._now, {}


def index_folder(site_dir: Path, bundle: Path | None = None, limit: int = SHARD_PAGES, niceness: int = 0,
                 started=None, weights: list[int] | None = None,
                 kept: KeptPages | None = None) -> tuple[SearchIndexStats, list[Shard]]:
    """Index the pages on disk under ``site_dir`` into ``bundle`` (``site_dir/pagefind``); the
    stats and the shards. ``started(indexer)`` is called before the first page (to stop it from
    elsewhere); ``niceness`` lowers the index's CPU priority; ``weights``: the pages' planned
    weights, to cut the shards as a build does (``runner.page_weights``); ``kept``: the pages as
    the last run found them, their copies kept for the next run (the preview; one bundle)."""
    site_dir = Path(site_dir).resolve()
    if not site_dir.is_dir():
        raise SearchIndexError(f"{site_dir}: 网站目录不存在，无法建立搜索索引")
    pages = indexed_pages(site_dir, kept)
    indexer = SiteIndexer(site_dir, len(pages), limit, weights=weights, bundle=bundle, niceness=niceness,
                          copies=kept.folder if kept is not None else None)
    if started is not None:
        started(indexer)
    try:
        for path in pages:
            key = kept.kept(path) if kept is not None and indexer.copies is not None else None
            html = None if key else (site_dir / path).read_text(encoding="utf-8", errors="replace")
            indexer.add(path, html, key)
        stats = indexer.finish()
    except BaseException:
        indexer.kill()
        raise
    if kept is not None:
        kept.done()
    return stats, indexer.shards()


def indexed_pages(site_dir: Path, kept: KeptPages | None = None) -> list[str]:
    """The pages under ``site_dir`` Pagefind indexes (relative paths), in the order MkDocs rendered them;
    ``kept``: the pages the last run found, not read again if unchanged."""
    paths = []
    for path in site_dir.rglob("*.html"):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith((BUNDLE_DIR, ".")) or "/." in rel:  # bundles, hidden folders
            continue
        if kept.indexed(path, rel) if kept is not None else MARK in path.read_text(encoding="utf-8",
                                                                                      errors="replace"):
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
