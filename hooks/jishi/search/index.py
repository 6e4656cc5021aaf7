"""The search index: Pagefind over the built site, Han text as overlapping character pairs.

Pagefind reads the HTML MkDocs wrote, indexes only elements marked
``data-pagefind-body`` (the <article> of story and entity pages), and writes
its bundle (index chunks, fragments, filters, the search API) into
``<site>/pagefind/``. The browser then downloads only the chunks a query
needs. The header search is jishi's own small UI over ``pagefind.js``
(assets/search.js), so Pagefind's prebuilt UIs are left out of the bundle:
nothing links them, and nobody should have to deploy them.

There is one way to index (jishi.search.runner.SiteIndexer: the pages go to
an index worker, jishi.search.worker, which feeds Pagefind): a build feeds
it the pages as they render, and the other uses (a built folder, the
preview, a rebuild's touched shards) feed it the pages on disk. This module
holds what they share: the error editors see, the stats, the Pagefind binary,
and what Pagefind is given of a page.

What Pagefind is given of each page (Han text written as pairs, names also in
pinyin) is jishi.search.text's business; what is done to the bundle after
Pagefind made it (reproducible file names, the traditional → simplified map
the browser folds queries with) is jishi.search.bundle's.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pagefind.service import get_executable

from jishi.search.text import han_characters, indexed_html, indexed_part

__all__ = ["BUNDLE_DIR", "MARK", "SearchIndexError", "SearchIndexStats", "indexed_digest", "pagefind_executable",
           "scratch_page"]

BUNDLE_DIR = "pagefind"
MARK = "data-pagefind-body"  # a page without it is not indexed


class SearchIndexError(Exception):
    """Pagefind could not build the index; the message is for editors (Chinese)."""


@dataclass(frozen=True)
class SearchIndexStats:
    """What one indexing run did."""

    pages: int
    seconds: float
    bundle: Path


def scratch_page(html: str) -> str:
    """What Pagefind is given for a built page (see jishi.search.text); run in the index worker."""
    return indexed_html(html)


def indexed_digest(html: str) -> str | None:
    """A digest of what the index takes from a page (None for a page it does not index).

    What Pagefind reads is a function of the page's indexed article alone
    (``indexed_part``, a cut with no other work), and the folding map takes the
    page's Han characters: a page whose digest is the same leaves its shard
    as it was. Cheap enough for the MkDocs process: no pairs, no pinyin.
    """
    if MARK not in html:
        return None
    digest = hashlib.blake2b(indexed_part(html).encode("utf-8"), digest_size=16)
    digest.update("".join(sorted(han_characters(html))).encode("utf-8"))
    return digest.hexdigest()


def pagefind_executable() -> Path:
    """The Pagefind binary the pagefind package ships; SearchIndexError (Chinese) when it is missing."""
    executable = get_executable()
    if executable is None:
        raise SearchIndexError("找不到 Pagefind 程序；请安装 pagefind[extended]")
    return executable
