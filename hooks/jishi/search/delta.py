"""A republish's search index: the pages a change touched, in a small delta bundle merged in the browser.

Pagefind cannot add to an index it wrote, and indexing again the shard that
holds one changed story costs ~25 s at 10,000 stories. So a `jishi build`
after a build indexes only the pages whose indexed part changed since the
last full index (and new ones) into ``pagefind/delta/``, through the one
indexing path (an index worker fed the pages on disk), and the pages that
bundle supersedes, or that are gone from the index, are *masked* in the
older bundles: ``jishi-fold.json`` (which the browser loads, revalidated,
when the search box opens) names the delta's folder and, for every masked
page, its Pagefind id (``<page list digest>/<number>``, what a merged
result carries before its fragment loads) with its filter values, so
assets/search.js drops those results and takes them out of the filter
counts without an extra request.

The delta is a `Delta` in the build record (a `Shard` that knows the pages
it masks), so the next republish adds to it: a page changed twice is in the
delta once, with its newest text. The frequent words' lists stay right: the
older bundles' lists lose the masked pages (their ids, and their counts,
from the old versions of the pages indexed once more aside, in a worker of
their own, when a page is first masked), and the delta's own lists (every
word it holds) are merged in as one more shard. The folding map takes the
delta's characters too.

Past ``DELTA_PAGES`` pages in the delta or masked (``JISHI_SEARCH_DELTA_PAGES``),
the delta is folded back (*compaction*): the shards holding a masked page are
indexed again from the pages on disk (jishi.search.runner.reindex_shards)
and the delta is removed. A full build never has one.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from jishi.search.bundle import FOLD_MAP, page_list, read_pagefind_file, replace_file
from jishi.search.frequent import shard_least
from jishi.search.index import BUNDLE_DIR, MARK, SearchIndexError, SearchIndexStats, scratch_page
from jishi.search.runner import Shard, fed_from_disk, finish_shards, reindex_shards, shard_dirs
from jishi.search.text import INDEX_LANGUAGE

__all__ = ["DELTA_DIR", "DELTA_PAGES", "Delta", "delta_limit", "republish_index"]

DELTA_DIR = "delta/"  # under pagefind/
# Pages in the delta or masked before it is folded back into the shards. A delta costs a
# republish the indexing of all its pages again (measured at 10,000 stories on the loaded 2-core
# machine: 1.4 s for one page, most of it the worker's start; the full build's ~20 ms a page
# beyond that), and a reader's first query its entry, page list and chunks (a 2-page delta: +9 KB,
# +3 requests) and ~150 bytes a masked page in jishi-fold.json. At 100: ~2 s more at most and
# ~15 KB, while one story's correction adds 1 or 2 pages (its page; an entity page's indexed part
# only when the title or byline changes).
DELTA_PAGES = 100


@dataclass(frozen=True)
class Delta(Shard):
    """The delta bundle as written: its pages (``pages``), its lists of every word it holds, its
    characters; the pages of the older shards it masks, and for each frequent word, how many of
    those masked pages held it in the version the older shards indexed."""

    masked: frozenset[str] = frozenset()
    removed: dict = field(default_factory=dict)


def delta_limit() -> int:
    """DELTA_PAGES, or ``JISHI_SEARCH_DELTA_PAGES`` (tests)."""
    return int(os.environ.get("JISHI_SEARCH_DELTA_PAGES") or DELTA_PAGES)


def republish_index(site_dir: Path, shards: list[Shard], changed: set[str], indexed: set[str] | None = None,
                    last_site: Path | None = None, language: str = INDEX_LANGUAGE, transform=scratch_page,
                    limit: int | None = None) -> tuple[SearchIndexStats, list[Shard]]:
    """The index after a republish: ``changed`` pages (whose indexed part changed, new, or no longer
    indexed) in the delta, or the delta folded back past ``limit`` pages.

    ``shards``: the last build's (a `Delta` last if it had one); ``indexed``: every page the index
    holds now (None: the shards' pages and ``changed``); ``last_site``: the last build's site, where
    the masked pages' old versions are read (None: the lists' counts keep them).
    """
    started, site_dir = time.perf_counter(), Path(site_dir).resolve()
    base = [s for s in shards if not isinstance(s, Delta)]
    last = next((s for s in shards if isinstance(s, Delta)), None)
    earlier = list(last.pages) if last else []
    in_base = {p for s in base for p in s.pages}
    indexed = set(indexed if indexed is not None else in_base | set(earlier) | changed)
    # A page the plan does not name (none, unless a site's pages sit elsewhere) is gone only if its file is.
    indexed |= {p for p in (in_base | set(earlier)) - indexed - changed if _indexed(site_dir / p)}
    indexed = {p for p in indexed if p not in changed or _indexed(site_dir / p)}
    masked = set(last.masked if last else ()) | {p for p in in_base if p in changed or p not in indexed}
    pages = [p for p in earlier if p in indexed] + sorted(p for p in changed - set(earlier) if p in indexed)
    bundle = site_dir / BUNDLE_DIR
    if len(pages) + len(masked) > (delta_limit() if limit is None else limit):
        return _compact(site_dir, base, masked, pages, indexed, language, transform, started)
    if not pages and not masked:
        return SearchIndexStats(0, time.perf_counter() - started, bundle), list(shards)
    least = shard_least(len(base), len(indexed))
    fresh = sorted(masked - set(last.masked if last else ()))
    result, old = _index_both(site_dir, pages, last_site, fresh, least, language, transform)
    removed = Counter(last.removed if last else {})
    removed.update({word: count for word, (count, _) in old.items()})
    delta = Delta(tuple(pages), result.lists if result else {}, frozenset(result.characters if result else ()),
                  masked=frozenset(masked), removed=dict(removed))
    masks = _masks(bundle, base, masked)
    finish_shards(bundle, [*base, delta], _known(delta, base, masks))
    _name_delta(bundle, DELTA_DIR if pages else None, masks, sorted(set(delta.removed) - set(delta.lists)))
    return SearchIndexStats(len(pages), time.perf_counter() - started, bundle), [*base, delta]


def _indexed(path: Path) -> bool:
    """Whether the page written at path is indexed (a retracted page is not; a page not written is gone)."""
    try:
        return MARK in path.read_text(encoding="utf-8")
    except OSError:
        return False


def _index_both(site_dir: Path, pages: list[str], last_site: Path | None, fresh: list[str], least, language,
                transform):
    """The delta bundle written (None without pages) and, at the same time in a second worker, the
    lists of every word the old versions of the newly masked pages held (empty without lists)."""
    folder = site_dir / BUNDLE_DIR / DELTA_DIR
    shutil.rmtree(folder, ignore_errors=True)
    old_pages = [p for p in fresh if last_site is not None and (Path(last_site) / p).is_file()]
    lists_at = 1 if least is not None else None
    out: dict = {}
    errors: list[Exception] = []

    def old_lists():
        with tempfile.TemporaryDirectory(prefix="jishi-masked-") as scratch:
            try:
                out["old"] = fed_from_disk(Path(last_site), old_pages, language, transform).write(
                    Path(scratch), lists_at).lists
            except (SearchIndexError, OSError) as error:
                errors.append(error)

    aside = threading.Thread(target=old_lists, daemon=True) if old_pages and lists_at else None
    if aside is not None:
        aside.start()
    result = fed_from_disk(site_dir, pages, language, transform).write(folder, lists_at) if pages else None
    if aside is not None:
        aside.join()
    if errors:
        raise SearchIndexError(f"建立搜索索引失败（{errors[0]}）")
    return result, out.get("old", {})


def _masks(bundle: Path, base: list[Shard], masked: set[str]) -> list[dict]:
    """For each older shard, its masked pages' ids → {filter: [values]} (the ids its results carry)."""
    masks = []
    for n, shard in enumerate(base, start=1):
        numbers = {i for i, p in enumerate(shard.pages) if p in masked}
        if not numbers:
            masks.append({})
            continue
        folder = bundle if n == 1 else bundle / shard_dirs(n)[-1]
        meta = page_list(folder)
        if meta is None or len(meta[1]) != len(shard.pages):
            raise SearchIndexError(f"搜索索引与记录不符（{folder.name}）；请删除 .jishi-cache 后重新生成")
        ids = {i: meta[1][i][0] for i in numbers}
        mask: dict[str, dict] = {ids[i]: {} for i in numbers}
        for name, filter_file in meta[3]:
            for value, members in read_pagefind_file(folder / "filter" / f"{filter_file}.pf_filter")[1]:
                for i in numbers.intersection(members):
                    mask[ids[i]].setdefault(name, []).append(value)
        masks.append(mask)
    return masks


def _known(delta: Delta, base: list[Shard], masks: list[dict]) -> list[dict]:
    """The lists to merge besides the older shards' own: theirs without the masked pages (as
    replacements of them, in order), then the delta's, then the masked pages' old counts taken away."""
    kept = []
    for shard, mask in zip(base, masks):
        kept.append({word: (count, [b for b in best if b[2] not in mask]) for word, (count, best) in shard.lists.items()}
                    if mask else shard.lists)
    return kept + [delta.lists, {word: (-count, []) for word, count in delta.removed.items()}]


def _name_delta(bundle: Path, folder: str | None, masks: list[dict], gone: list[str]) -> None:
    """Name the delta's folder, the masked pages and the words ``gone`` with them (held by a masked
    page's old version, not by the delta) in the file the browser loads first.

    Pagefind leaves out of a query a word its index does not hold: a word a correction removed
    still stands in the older bundle, so there it would narrow the query to the masked page.
    The browser asks for such a word alone first and, if only masked pages hold it, leaves it out.
    """
    path = bundle / FOLD_MAP
    data = json.loads(path.read_text(encoding="utf-8"))
    data["masked"] = {page_id: values for mask in masks for page_id, values in mask.items()}
    data["gone"] = gone
    if folder:
        data["delta"] = folder
    replace_file(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def _compact(site_dir: Path, base: list[Shard], masked: set[str], pages: list[str], indexed: set[str], language,
             transform, started: float) -> tuple[SearchIndexStats, list[Shard]]:
    """Fold the delta back: the shards holding a masked page indexed again from the pages on disk (a
    page new to the index joins the last shard), and no delta left."""
    in_base = {p for s in base for p in s.pages}
    new = [p for p in pages if p not in in_base]
    shards = [Shard(tuple(p for p in s.pages if p in indexed) + (tuple(new) if n == len(base) else ()),
                    s.lists, s.characters) for n, s in enumerate(base, start=1)]
    shutil.rmtree(site_dir / BUNDLE_DIR / DELTA_DIR, ignore_errors=True)
    again = frozenset(n for n, s in enumerate(base, start=1) if any(p not in indexed for p in s.pages))
    stats, now = reindex_shards(site_dir, shards, masked | set(new), language, transform, again=again)
    return SearchIndexStats(stats.pages, time.perf_counter() - started, stats.bundle), now
