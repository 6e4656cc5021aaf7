"""What a Pagefind bundle goes through after Pagefind wrote it.

Each shard's bundle: Pagefind's prebuilt UIs out, reproducible file names and
short page ids (jishi.search.bundle.normalise), its most frequent words in
index chunks of their own, and their lists read (jishi.search.frequent). The
first bundle also gets what the browser needs for the whole site: the
traditional → simplified folding map and the frequent words' lists of every
shard, merged.
"""

from __future__ import annotations

from pathlib import Path

from jishi.search.bundle import UNUSED, normalise, write_fold_map
from jishi.search.frequent import merge_lists, shard_least, shard_lists, write_lists

__all__ = ["finish_bundle", "finish_shard", "finish_site"]


def finish_bundle(bundle: Path, characters: set[str]) -> None:
    """A site indexed in one bundle: ``finish_shard``, then ``finish_site``."""
    finish_site(bundle, characters, [finish_shard(bundle)])


def finish_shard(bundle: Path, shards: int = 1) -> dict:
    """Unused files out, reproducible names, short page ids, big words split out; the shard's lists."""
    for pattern in UNUSED:
        for path in bundle.glob(pattern):
            path.unlink()
    normalise(bundle)
    return shard_lists(bundle, shard_least(shards))


def finish_site(bundle: Path, characters: set[str], lists: list[dict]) -> None:
    """The folding map and the frequent words' lists (``lists``: each shard's, in order) of a site."""
    write_fold_map(bundle, characters, write_lists(bundle, merge_lists(lists)))
