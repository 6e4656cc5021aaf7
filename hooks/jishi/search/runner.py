"""The one way jishi indexes: pages handed to Pagefind through index workers, in shards.

A build hands each page MkDocs renders to ``add`` as soon as its HTML exists;
a built folder and the preview hand it the pages on disk
(jishi.search.folder); a rebuild indexes again the shards holding a changed
page, from the pages on disk (``reindex_shards``), and keeps the others. In
every case the page's HTML
goes down a pipe to a child process (jishi.search.worker),
which cuts out its indexed part (jishi.search.index.scratch_page) and feeds
its own running Pagefind (jishi.search.service): both index on the other
core while the next page renders. ``finish`` writes what is left once the last page is
done.

Pagefind holds everything it indexed in memory until it writes (its peak
follows the text: about 0.35 GB a million characters), so a large site is
indexed in shards: the pages in render order, cut into runs of at most
``SHARD_PAGES`` pages and ``SHARD_TEXT`` characters (``shard_cuts``, from
each page's planned text; equal page counts where the text allows), each run indexed by its own Pagefind process,
written while the next run is fed, so at most two are alive at once. The
first shard is the bundle at ``pagefind/``; the others sit in
``pagefind/shards/<n>/`` and the browser merges them into the first
(Pagefind's ``mergeIndex``, jishi's search.js). How many shards there will
be is known before the first page renders (``shard_count``), so every
page's search box can name them; a rebuild that would cut them otherwise
renders every page.

Below ``SHARD_PAGES`` pages (and ``SHARD_TEXT`` characters) a site is one
bundle. Below ``frequent.FREQUENT_PAGES`` indexed pages no word can be on
enough pages for a list, so no word is ranked for one (``frequent.shard_least``
says None); the index chunks are cut again at every size (jishi.search.finish:
measured in DEVELOPING.md, it pays for the bytes of a first query even on a
small site).
"""

from __future__ import annotations

import math
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from jishi.search.finish import finish_site
from jishi.search.frequent import shard_least
from jishi.search.index import BUNDLE_DIR, MARK, SearchIndexError, SearchIndexStats, scratch_page
from jishi.search.text import INDEX_LANGUAGE
from jishi.search.worker import IndexResult, IndexWorker

__all__ = ["PAGE_TEXT", "SHARD_PAGES", "SHARD_TEXT", "Shard", "SiteIndexer", "fed_from_disk", "finish_shards",
           "page_weights", "reindex_shards", "shard_count", "shard_cuts", "shard_dirs"]

SHARD_PAGES = 5000  # pages per Pagefind process at most
# Characters of page text per Pagefind process at most. Its memory follows the text, not the
# page count: measured at 10,000 stories, shards of 4,719 pages peaked at 1.7 GB (4.1 million
# characters of story text), 2.7 GB (6.7 million) and 0.5 GB (people and teams, 0.8 million):
# about 0.25 GB + 0.35 GB a million characters, so this keeps each near 3 GB at most whatever
# the stories' length (the benchmark's stories, 1,165 characters on average, meet the page limit first).
SHARD_TEXT = 8_000_000
PAGE_TEXT = 100  # what a page weighs besides its body: title, names, the lists of entity pages


def page_weights(bodies) -> list[int]:
    """What each indexed page weighs for the cut into shards (in render order): its text's length."""
    return [PAGE_TEXT + len(body or "") for body in bodies]


def shard_cuts(weights: list[int], limit: int = SHARD_PAGES, text_limit: int = SHARD_TEXT) -> list[int]:
    """Where each shard after the first begins (its first page's number, in render order).

    As few shards as ``limit`` pages a shard allow, of equal page counts; if one of them would
    hold more than ``text_limit`` characters, each shard is instead closed before it would
    hold more than ``limit`` pages or ``text_limit`` characters (the last one is the rest).
    """
    count = max(1, math.ceil(len(weights) / limit))
    per = math.ceil(max(len(weights), 1) / count)
    cuts = [per * k for k in range(1, count) if per * k < len(weights)]
    bounds = [0, *cuts, len(weights)]
    if all(sum(weights[a:b]) <= text_limit for a, b in zip(bounds, bounds[1:])):
        return cuts
    cuts, pages, text = [], 0, 0
    for number, weight in enumerate(weights):
        if pages and (pages >= limit or text + weight > text_limit):
            cuts.append(number)
            pages, text = 0, 0
        pages += 1
        text += weight
    return cuts


def shard_count(pages: int, limit: int = SHARD_PAGES, weights: list[int] | None = None) -> int:
    """How many shards a site of ``pages`` indexed pages (weighing ``weights``) is cut into."""
    return len(shard_cuts(weights if weights is not None else [0] * pages, limit)) + 1


def shard_dirs(count: int) -> list[str]:
    """The bundle folders of shards after the first, relative to ``pagefind/``."""
    return [f"shards/{n}/" for n in range(2, count + 1)]


@dataclass(frozen=True)
class Shard:
    """One shard as written: its pages in the order indexed, its frequent words' lists
    (jishi.search.frequent.shard_lists) and the Han characters of its pages. A rebuild
    keeps the record of every shard it does not index again, so nothing of it is read back."""

    pages: tuple[str, ...]
    lists: dict
    characters: frozenset[str]


class SiteIndexer:
    """Feeds a build's pages to Pagefind as they render; one or more shards."""

    def __init__(self, site_dir: Path, expected: int, limit: int = SHARD_PAGES, language: str = INDEX_LANGUAGE,
                 transform=scratch_page, weights: list[int] | None = None, bundle: Path | None = None,
                 niceness: int = 0, copies: Path | None = None):
        """``weights``: what each expected page weighs (``page_weights``, in render order), for
        ``shard_cuts``; without, the shards are cut by the number of pages alone. ``bundle``: where
        the first shard goes (``site_dir/pagefind``); ``niceness``: the workers' lower CPU priority;
        ``copies``: a folder keeping Pagefind's copies of the pages between runs (one bundle only)."""
        self.site_dir = Path(site_dir).resolve()
        self.bundle = Path(bundle) if bundle is not None else self.site_dir / BUNDLE_DIR
        self.niceness = niceness
        self.expected = expected
        self.cuts = shard_cuts(list(weights) if weights else [0] * expected, limit)
        self.count = len(self.cuts) + 1
        self.least = shard_least(self.count, expected)  # None: no lists (a small site)
        self.copies = copies if self.count == 1 else None  # one worker per folder of copies
        self.language = language
        self.transform = transform
        self.started = time.perf_counter()
        self.pages = 0
        self.members: list[list[str]] = []  # the pages of each shard, in the order indexed
        self._results: dict[int, IndexResult] = {}  # each shard's pages, characters and lists, from its worker
        self._errors: list[SearchIndexError] = []
        self._writing: threading.Thread | None = None
        self._current: IndexWorker | None = None
        self._shard = 0
        self._sealed = False  # the last shard went to Pagefind when its last expected page did
        self._late: list[str] = []  # pages indexed after that: the last shard is indexed again
        # The first worker starts now, so its imports and Pagefind's start overlap
        # the rest of the build's preparation rather than its first pages.
        self._ready: IndexWorker | None = IndexWorker(language, transform, niceness, self.copies)
        self._written: IndexWorker | None = None  # the worker writing a shard, for kill()
        self._killed = False

    def add(self, path: str, html: str | None, kept: str | None = None) -> None:
        """Index the page written to ``path`` (relative to the site), if it has an indexed part;
        ``kept``: instead of its HTML, the key of the copy the worker keeps (``worker.page_key``;
        only with ``copies``)."""
        if (kept is None and MARK not in html) or self._killed:
            return
        if self._sealed:
            self.members[-1].append(path)
            self._late.append(path)
            return
        if self._current is None:
            self._open_shard()
        self._current.keep(path, kept) if kept is not None else self._current.add(path, html)
        self.members[-1].append(path)
        self.pages += 1
        if self._shard < self.count and self.pages >= self.cuts[self._shard - 1]:
            self._write_behind()
        elif self.pages == self.expected and self._shard == self.count:
            self._write_behind()  # the last page: Pagefind writes while MkDocs finishes the build
            self._sealed = True

    def finish(self) -> SearchIndexStats:
        """Write the last shard, wait for all; the bundle's stats."""
        if self._killed:
            raise SearchIndexError("搜索索引已停止")
        if self._late:
            self._index_last_again()
        elif self._current is not None:
            self._write_behind()
        # No page at all, or fewer or heavier pages than planned: an empty shard still answers
        # queries, and every shard the pages name must exist.
        while self._shard < self.count:
            self._open_shard()
            self._write_behind()
        self._writing.join()
        if self._errors:
            raise self._errors[0]
        finish_shards(self.bundle, self.shards())  # the folding map and lists live in the first shard
        pages = sum(result.pages for result in self._results.values())
        return SearchIndexStats(pages=pages, seconds=time.perf_counter() - self.started, bundle=self.bundle)

    def shards(self) -> list[Shard]:
        """The shards written (after ``finish``), each finished by its worker."""
        return [_shard(pages, self._results[n]) for n, pages in enumerate(self.members, start=1)]

    def kill(self) -> None:
        """The build failed (or the preview stops): stop every Pagefind, write nothing more."""
        for worker in (self._current, self._ready, self._written):
            if worker is not None:
                worker.kill()
        self._current = self._ready = None
        self._killed = True

    def _open_shard(self) -> None:
        """The next shard: its worker (the one started ahead, if any) and its list of pages."""
        worker, self._ready = self._ready, None
        self._current = worker or IndexWorker(self.language, self.transform, self.niceness, self.copies)
        self._shard += 1
        self.members.append([])

    def _index_last_again(self) -> None:
        """More pages than expected came: the last shard again, from the pages on disk."""
        self._writing.join()
        if self._errors:
            return
        folder = self._bundle(self._shard)
        _clear_shard(folder)
        self._current = fed_from_disk(self.site_dir, self.members[-1], self.language, self.transform,
                                       self.niceness)
        self.pages += len(self._late)
        self._write_behind()

    def _write_behind(self) -> None:
        """Hand the current shard to a thread that writes it; the next page starts a new shard."""
        if self._writing is not None:
            self._writing.join()  # at most one shard writing while the next is fed
        service, shard = self._current, self._shard
        self._current = None
        target = self._bundle(shard)
        self._writing = threading.Thread(target=self._write, args=(service, target, shard), daemon=True,
                                         name=f"pagefind-shard-{shard}")
        self._writing.start()

    def _bundle(self, shard: int) -> Path:
        bundle = self.bundle
        if shard == 1:
            shutil.rmtree(bundle, ignore_errors=True)
            return bundle
        return bundle / shard_dirs(shard)[-1]

    def _write(self, worker: IndexWorker, target: Path, shard: int) -> None:
        self._written = worker
        try:
            self._results[shard] = worker.write(target, self.least)
        except SearchIndexError as error:
            self._errors.append(error)
        except (OSError, ValueError) as error:  # killed while writing (the preview stopped)
            self._errors.append(SearchIndexError(f"建立搜索索引失败（{error}）"))
        finally:
            self._written = None


def reindex_shards(site_dir: Path, shards: list[Shard], touched: set[str], language: str = INDEX_LANGUAGE,
                   transform=scratch_page, again: frozenset[int] = frozenset()) -> tuple[SearchIndexStats, list[Shard]]:
    """Index again, from the pages on disk, every shard holding a page in ``touched``; keep the others.

    ``shards`` are the last build's (its pages in the order it indexed them,
    so a shard indexed again is the bundle that build would write), with their
    lists and characters: the shards kept are not read again. Each shard
    indexed again goes through an index worker, as in a full build.
    ``again``: the numbers of shards indexed again whatever their pages (a page left them), and the
    site's folding map and lists written even if none is (jishi.search.delta folding a delta back).
    Returns the stats and the shards as they are now, for the next rebuild.
    """
    started, site_dir = time.perf_counter(), Path(site_dir).resolve()
    bundle, pages, indexed, now = site_dir / BUNDLE_DIR, 0, False, []
    least = shard_least(len(shards), sum(len(shard.pages) for shard in shards))
    for n, shard in enumerate(shards, start=1):
        paths = list(shard.pages)
        folder = bundle if n == 1 else bundle / shard_dirs(n)[-1]
        if n not in again and not touched.intersection(paths):
            now.append(shard)
            continue
        _clear_shard(folder)
        result = fed_from_disk(site_dir, paths, language, transform).write(folder, least)
        pages += result.pages
        now.append(_shard(paths, result))
        indexed = True
    if indexed or again:  # the folding map and lists, as a full build writes them: from every indexed page
        finish_shards(bundle, now)
    return SearchIndexStats(pages=pages, seconds=time.perf_counter() - started, bundle=bundle), now


def _shard(pages, result: IndexResult) -> Shard:
    return Shard(tuple(pages), result.lists, frozenset(result.characters))


def _clear_shard(folder: Path) -> None:
    """Remove a shard's own files before it is indexed again (the first shard's folder holds the others')."""
    for entry in folder.iterdir() if folder.is_dir() else ():
        if entry.name != "shards":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def fed_from_disk(site_dir: Path, paths, language: str, transform, niceness: int = 0) -> IndexWorker:
    """An index worker given the pages ``paths`` as written on disk, in that order."""
    worker = IndexWorker(language, transform, niceness)
    try:
        for path in paths:
            worker.add(path, (site_dir / path).read_text(encoding="utf-8"))
    except BaseException:
        worker.kill()
        raise
    return worker


def finish_shards(bundle: Path, shards: list[Shard], lists: list[dict] | None = None) -> None:
    """The site's folding map (the shards' characters) and merged lists (``lists``, else the shards' own)."""
    finish_site(bundle, set().union(*(s.characters for s in shards)), [s.lists for s in shards] if lists is None else lists)
