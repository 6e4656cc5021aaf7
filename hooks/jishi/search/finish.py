"""What a Pagefind bundle goes through after Pagefind made it.

Each shard's bundle: reproducible file names and short page ids
(jishi.search.bundle.normalise), and on a large site its most frequent words
in index chunks of their own and their lists read (jishi.search.frequent).
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
    """Reproducible names, short page ids; with ``least``, big words split out and the shard's
    lists of the words on at least ``least`` of its pages (None: a site too small for lists)."""
    normalise(bundle)
    return shard_lists(bundle, least) if least is not None else {}


def finish_site(bundle: Path, characters: set[str], lists: list[dict]) -> None:
    """The folding map and the frequent words' lists (``lists``: each shard's, in order) of a site."""
    write_fold_map(bundle, characters, write_lists(bundle, merge_lists(lists)))
