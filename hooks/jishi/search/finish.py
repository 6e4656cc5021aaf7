"""What a Pagefind bundle goes through after Pagefind made it.

Each shard's bundle: reproducible file names and short page ids
(jishi.search.bundle.normalise), its index chunks cut again (small chunks,
the most frequent words in chunks of their own) and, on a site large enough
to have them, its frequent words' lists read (jishi.search.frequent).
The first bundle also gets what the browser needs for the whole site: the
traditional → simplified folding map and the frequent words' lists of every
shard, merged.
"""

from __future__ import annotations

from pathlib import Path

from jishi.search.bundle import normalise, write_fold_map
from jishi.search.frequent import merge_lists, shard_lists, write_lists

__all__ = ["finish_shard", "finish_site"]


def finish_shard(bundle: Path, least: int | None = None) -> dict:
    """Reproducible names, short page ids, chunks cut again; the shard's lists of the words on at
    least ``least`` of its pages (None: a site too small for lists, no word is ranked)."""
    normalise(bundle)
    return shard_lists(bundle, least)


def finish_site(bundle: Path, characters: set[str], lists: list[dict]) -> None:
    """The folding map and the frequent words' lists (``lists``: each shard's, in order) of a site."""
    write_fold_map(bundle, characters, write_lists(bundle, merge_lists(lists)))
