"""The search index under `mkdocs serve`: kept up to date behind the preview.

A full Pagefind run costs seconds (about 4 s at 1,000 stories), longer than
the preview may take to show a saved story. So after a rebuild the pages are
served at once and the index follows in a background thread: results may lag
a few seconds behind the page, never the page behind the index.

The copy Pagefind reads (see jishi.search.index) is kept between runs in
a hidden folder of the served folder (MkDocs' clean builds keep hidden
entries, and MkDocs removes the whole served folder when serve stops), and
only pages whose file changed (modification time or size) are copied again. Pagefind writes a new bundle beside the served one,
which then replaces it in two renames, so a reader never sees half a bundle.
Saves that arrive while an index is being built are folded into one more run,
and the background Pagefind runs at a lower CPU priority than the rebuilds.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from pathlib import Path

from jishi.search.finish import finish_bundle
from jishi.search.index import BUNDLE_DIR, SearchIndexError, SearchIndexStats, home_alone, run_pagefind, scratch_page
from jishi.search.text import INDEX_LANGUAGE, han_characters

__all__ = ["LiveIndex", "NICENESS", "SCRATCH_DIR"]

SCRATCH_DIR = ".jishi-search"  # in the served folder: the pages as Pagefind reads them

NICENESS = 10  # of Pagefind in the background: a rebuild for the next save gets the CPU first


class LiveIndex:
    """The search index of one served site folder, rebuilt on request in the background."""

    def __init__(self, site_dir: Path, language: str = INDEX_LANGUAGE, report=None):
        self.site_dir = Path(site_dir).resolve()
        self.language = language
        self.report = report or (lambda stats, error: None)  # called after each background run
        self._scratch = self.site_dir / SCRATCH_DIR
        self._stamps: dict[str, tuple[int, int]] = {}  # page → (mtime_ns, size) when last copied
        self._characters: dict[str, set[str]] = {}  # page → the Han characters of its copy
        self._wanted = threading.Event()
        self._closed = False
        self._proc: subprocess.Popen | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()  # one run at a time: they share the scratch copy

    def build(self) -> SearchIndexStats:
        """Copy changed pages and run Pagefind now, in this thread."""
        started = time.perf_counter()
        with self._lock:
            pages = self._sync()
            self._index()
        return SearchIndexStats(pages=pages, seconds=time.perf_counter() - started,
                                bundle=self.site_dir / BUNDLE_DIR)

    def request(self) -> None:
        """Ask for a fresh index soon; returns at once."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="jishi-search", daemon=True)
            self._thread.start()
        self._wanted.set()

    def close(self) -> None:
        """Stop the background thread and Pagefind, remove the scratch copy."""
        self._closed = True
        self._wanted.set()
        proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.kill()
        if self._thread is not None:
            self._thread.join(timeout=10)
        shutil.rmtree(self._scratch, ignore_errors=True)

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

    def _sync(self) -> int:
        """Bring the scratch copy in line with the site's pages; the number of pages indexed."""
        seen = set()
        for path in self.site_dir.rglob("*.html"):
            rel = path.relative_to(self.site_dir).as_posix()
            if rel.startswith((BUNDLE_DIR, ".")):  # the bundles, the scratch copy, hidden files
                continue
            seen.add(rel)
            stat = path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
            if self._stamps.get(rel) != stamp:
                self._copy(path, rel)
                self._stamps[rel] = stamp
        for rel in set(self._stamps) - seen:
            del self._stamps[rel]
            self._characters.pop(rel, None)
            (self._scratch / rel).unlink(missing_ok=True)
        return sum(1 for _ in self._scratch.rglob("*.html"))

    def _started(self, process: subprocess.Popen) -> None:
        self._proc = process

    def _copy(self, path: Path, rel: str) -> None:
        target = self._scratch / rel
        html = path.read_text(encoding="utf-8", errors="replace")
        if "data-pagefind-body" not in html:
            target.unlink(missing_ok=True)
            self._characters.pop(rel, None)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        copy = scratch_page(html)
        self._characters[rel] = han_characters(copy)
        target.write_text(copy, encoding="utf-8")

    def _index(self) -> None:
        fresh, served, old = (self.site_dir / f"{BUNDLE_DIR}{suffix}" for suffix in (".next", "", ".old"))
        shutil.rmtree(fresh, ignore_errors=True)
        self._scratch.mkdir(parents=True, exist_ok=True)
        if not self._characters:  # no page to index yet
            home_alone(self.site_dir, self._scratch)
        elif "index.html" not in self._characters:  # the home page stood in for the pages there were not
            (self._scratch / "index.html").unlink(missing_ok=True)
        behind = threading.current_thread() is self._thread  # behind the preview: let rebuilds go first
        try:
            run_pagefind(self._scratch, fresh, self.language, started=self._started,
                         niceness=NICENESS if behind else 0)
        except SearchIndexError:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        finish_bundle(fresh, set().union(*self._characters.values()))  # as build_search_index
        shutil.rmtree(old, ignore_errors=True)
        if served.exists():
            served.rename(old)
        fresh.rename(served)
        shutil.rmtree(old, ignore_errors=True)
