"""The search index under `mkdocs serve`: kept up to date behind the preview.

A full index costs seconds (about 4 s at 1,000 stories), longer than the
preview may take to show a saved story. So after a rebuild the pages are
served at once and the index follows in a background thread: results may lag
a few seconds behind the page, never the page behind the index.

Each run is the build's own path over the pages on disk
(jishi.search.folder.index_folder: the index workers, one bundle, the same
records a build writes). What Pagefind is given of each page is kept in a
hidden folder of the served folder, ``COPIES_DIR`` (MkDocs' clean builds keep
hidden entries, and MkDocs removes the whole served folder when serve stops),
and the pages as the last run found them in a ``KeptPages``: a page whose file
did not change since is not read again, and goes to the index worker as the
key of its copy, which the worker reads itself; only the pages a save changed
are read, sent and cut again. The run writes a new bundle beside the served
one, which then replaces it in two renames, so a reader never sees half a bundle. Saves that
arrive while an index is being built are folded into one more run, and the
background workers and their Pagefind run at a lower CPU priority than the
rebuilds.
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

from jishi.search.folder import KeptPages, index_folder
from jishi.search.index import BUNDLE_DIR, SearchIndexError, SearchIndexStats

__all__ = ["COPIES_DIR", "LiveIndex", "NICENESS", "PREVIEW_SHARD_PAGES"]

COPIES_DIR = ".jishi-search"  # in the served folder: Pagefind's copies of the pages, between runs

NICENESS = 10  # of the index in the background: a rebuild for the next save gets the CPU first
PREVIEW_SHARD_PAGES = 1 << 30  # the preview is one bundle: its pages name no shards


class LiveIndex:
    """The search index of one served site folder, rebuilt on request in the background."""

    def __init__(self, site_dir: Path, report=None):
        self.site_dir = Path(site_dir).resolve()
        self.report = report or (lambda stats, error: None)  # called after each background run
        self._wanted = threading.Event()
        self._closed = False
        self._indexer = None  # the run in progress, to stop it on close
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()  # one run at a time: they share the next bundle's folder
        self._kept = KeptPages(self.site_dir / COPIES_DIR)  # the pages as the last run found them

    def build(self) -> SearchIndexStats:
        """Index the pages on disk now, in this thread; the served bundle is replaced when done."""
        started = time.perf_counter()
        behind = threading.current_thread() is self._thread  # behind the preview: let rebuilds go first
        fresh, served, old = (self.site_dir / f"{BUNDLE_DIR}{suffix}" for suffix in (".next", "", ".old"))
        with self._lock:
            try:
                stats, _ = index_folder(self.site_dir, fresh, PREVIEW_SHARD_PAGES, NICENESS if behind else 0,
                                        started=self._started, kept=self._kept)
            except BaseException:
                shutil.rmtree(fresh, ignore_errors=True)
                raise
            finally:
                self._indexer = None
            shutil.rmtree(old, ignore_errors=True)
            if served.exists():
                served.rename(old)
            fresh.rename(served)
            shutil.rmtree(old, ignore_errors=True)
        return SearchIndexStats(pages=stats.pages, seconds=time.perf_counter() - started, bundle=served)

    def request(self) -> None:
        """Ask for a fresh index soon; returns at once."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="jishi-search", daemon=True)
            self._thread.start()
        self._wanted.set()

    def close(self) -> None:
        """Stop the background thread and its index workers; remove the copies."""
        self._closed = True
        self._wanted.set()
        indexer = self._indexer
        if indexer is not None:
            indexer.kill()
        if self._thread is not None:
            self._thread.join(timeout=10)
        shutil.rmtree(self.site_dir / COPIES_DIR, ignore_errors=True)

    def _started(self, indexer) -> None:
        self._indexer = indexer
        if self._closed:
            indexer.kill()

    def _loop(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            if self._closed:
                return
            try:
                stats, error = self.build(), None
            except SearchIndexError as exc:
                stats, error = None, exc
            except OSError as exc:  # e.g. a page removed by a rebuild while it was read
                stats, error = None, SearchIndexError(f"搜索索引暂未更新（{exc.strerror or exc}）；下次保存时重试")
            if not self._closed:
                self.report(stats, error)
