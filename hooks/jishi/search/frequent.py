"""The first results for the site's most frequent words, ranked when the site is built.

A word on most pages of a large site (职工, 工会 in a union's archive) is
what readers type most, and it is Pagefind's slowest query: its answer
carries every page holding the word with every place the word stands, and
at 20,000 stories building that answer took seconds in the browser, however
fast the index chunk arrived. So for every word on at least
``FREQUENT_PAGES`` pages, the build reads Pagefind's own index (the chunks
it wrote), ranks the pages holding the word or its form with a space mark
(``职工\u200c``, which Pagefind's prefix match also finds; see
jishi.search.text): pages whose title holds it more often first, then BM25
of its weighted places with Pagefind's default parameters. That is close to
Pagefind 1.5's own order, not the same (its scoring of titles is not
documented). It writes how many pages hold the word and the first ``LISTED``
of them, best first, as the page ids Pagefind's results carry (the names of
their fragment files).

The lists sit in ``pagefind/jishi-lists/<digest>/<n>.json``, the words
spread over the files by a hash of the word (``bucket``; assets/search.js
computes the same one); the folder and the number of files go into the
folding map's file, which the browser loads (revalidated) when the search
box opens. The browser shows a listed word's results
from its list (one small file and the fragments of what it shows) and asks
Pagefind only when the reader wants more than the list holds or narrows by a
filter. The lists are read from the index itself, so they count and name
the pages Pagefind would find.

Index chunks (Pagefind 1.5): gzip, the signature ``pagefind_dcd``, then
CBOR ``[[word, [[page step, places, meta places], …]], …]``; page numbers are
steps from the previous page of the word; a negative place ``-(w + 1)``
sets the weight ``w`` (24 is plain text) of the places after it.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
import os
import shutil
from itertools import accumulate
from operator import itemgetter
from pathlib import Path

from jishi.search.bundle import chunk_bytes, page_list, read_chunk_entries, replace_file, write_chunks, write_page_list

__all__ = ["FREQUENT_PAGES", "LISTED", "LISTS_DIR", "SPLIT_PAGES", "bucket", "frequent_pages", "listed", "merge_lists",
           "shard_least", "shard_lists", "write_lists"]

FREQUENT_PAGES = 500  # a word on this many pages gets a list: Pagefind's answer for it takes > ~50 ms
SPLIT_PAGES = 2000  # a word on this many pages of a bundle gets an index chunk of its own
SMALL_CHUNK = 6000  # numbers (pages and places) per chunk of the other words: about 6 KB gzipped
LISTED = 40  # pages listed per word (eight screens of five results)
LISTS_DIR = "jishi-lists"
WORDS_PER_FILE = 16  # about 4 KB gzipped per file
_MARK = "\u200c"  # jishi.search.text.SPACE_MARK
_K1, _B = 1.4, 0.75  # Pagefind's default ranking: term saturation, page length
_PLAIN = 24  # the weight of a place in plain text
_PLAIN_ONLY = [-_PLAIN - 1]  # the marker that opens a page's places when the first are plain text
_PLACES = itemgetter(1)  # a posting's places


def bucket(word: str, count: int) -> int:
    """Which of ``count`` list files holds ``word``: FNV-1a over its UTF-16 code units (as search.js)."""
    h = 0x811C9DC5
    data = word.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h = ((h ^ (data[i] | data[i + 1] << 8)) * 0x01000193) & 0xFFFFFFFF
    return h % count


def shard_lists(folder: Path, least: int | None) -> dict[str, tuple[int, list]]:
    """One bundle's words on at least ``least`` pages (none if None): (pages holding it, its best pages).

    On the way, a word on ``SPLIT_PAGES`` or more pages that shares its index chunk with other words is
    given that chunk to itself: the other words go into new chunks of their own, so a query for a rare
    word loads the rare words' data only (at 20,000 stories, 刘亦 sat with 产业 in a 93 KB chunk). The big
    word's chunk file stays as Pagefind wrote it (it holds the other words too, unused): writing it again
    would cost more than the rest. Idempotent: a bundle split once is left as it is.
    """
    meta = page_list(folder)
    if meta is None:
        return {}
    pages = meta[1]  # [[page id, word count], …]
    average = sum(wc for _, wc in pages) / max(1, len(pages)) or 1.0
    norms = [_K1 * (1 - _B + _B * wc / average) for _, wc in pages]  # BM25's page-length part
    out: dict[str, tuple[int, list]] = {}
    base, forms, chunks, written = None, [], [], []
    for chunk in meta[2]:  # [from, to, chunk name], in word order
        entries, raw = read_chunk_entries(folder / "index" / f"{chunk[2]}.pf_index")
        words = [entry for entry in entries if _within(entry[0], chunk)]
        pieces = _pieces(chunk, words)
        if len(pieces) > 1:  # the big words keep the chunk file they are in; the others get new ones
            encoded = {id(entry): data for entry, data in zip(entries, raw)}
            for low, high, part, big in pieces:
                chunks.append([low, high, chunk[2] if big else len(written)])
                written += [] if big else [chunk_bytes([encoded[id(entry)] for entry in part])]
        else:
            chunks.append(chunk)
        for word, postings, *_ in words:
            plain = word.rstrip(_MARK)
            if plain != base:
                _keep(out, base, forms, least, pages, norms)
                base, forms = plain, []
            forms.append(postings)
    _keep(out, base, forms, least, pages, norms)
    if written:
        names = write_chunks(folder, written)
        meta[2] = [[low, high, names[name] if isinstance(name, int) else name] for low, high, name in chunks]
        write_page_list(folder, meta)
    return out


def _within(word: str, chunk: list) -> bool:
    """Whether the chunk's bounds hold word (Pagefind's bounds may be prefixes of the words they bound).

    A big word's chunk file also holds the words split off it, which belong to other chunks now;
    its bounds are the word and the word with a mark (``_pieces``).
    """
    if chunk[1] == chunk[0] + _MARK:
        return word.rstrip(_MARK) == chunk[0]
    return chunk[0] <= word and (word <= chunk[1] or word.startswith(chunk[1]))


def _pieces(chunk: list, words: list) -> list[tuple[str, str, list, bool]]:
    """The chunk cut so that each word on SPLIT_PAGES pages (with its marked form) stands alone, and
    the other words in chunks of at most SMALL_CHUNK numbers (a word and its marked form together):
    (first word, last word, the words, whether it is such a big word)."""
    groups: list[list] = []  # [("big", word) or "small", entries]
    split = int(os.environ.get("JISHI_SEARCH_SPLIT_PAGES") or SPLIT_PAGES)  # tests set it lower
    filled = 0  # numbers in the small group so far
    for entry in words:
        alone = len(entry[1]) >= split
        plain = entry[0].rstrip(_MARK)
        size = 0 if alone else sum(map(len, map(_PLACES, entry[1]))) + 2 * len(entry[1])
        same = groups and groups[-1][1][-1][0].rstrip(_MARK) == plain  # a word and its marked form stay together
        if groups and (groups[-1][0] == ("big", plain)
                       or (not alone and groups[-1][0] == "small" and (same or filled + size <= SMALL_CHUNK))):
            groups[-1][1].append(entry)
            filled += size
            continue
        filled = size
        group = [("big", plain) if alone else "small", [entry]]
        if alone and groups and groups[-1][1][-1][0].rstrip(_MARK) == plain:  # its other form goes with it
            group[1].insert(0, groups[-1][1].pop())
            if not groups[-1][1]:
                groups.pop()
        groups.append(group)
    if len(groups) < 2:
        return [(chunk[0], chunk[1], words, False)]
    # Bounds are the pieces' first and last words. (Pagefind's own may be prefixes,
    # 去 … 去 for all words beginning with 去, which its lookup only finds by a
    # looser second try that takes the first chunk whose cut-down bounds fit.)
    # A big word's bounds are the word and its marked form, whichever forms it has.
    return [(kind[1], kind[1] + _MARK, part, True) if kind != "small" else (part[0][0], part[-1][0], part, False)
            for kind, part in groups]


def merge_lists(shards: list[dict], least: int | None = None) -> dict[str, list]:
    """Word → [pages holding it, page ids best first …] over the shards' lists (the first bundle first).

    Ids of the second and later bundles carry their shard: ``2:<id>``.
    """
    least = frequent_pages() if least is None else least
    words: dict[str, list] = {}
    for n, lists in enumerate(shards, start=1):
        for word, (count, best) in lists.items():
            entry = words.setdefault(word, [0, []])
            entry[0] += count
            entry[1].extend((score, n, order, page_id) for score, order, page_id in best)
    out = {}
    for word in sorted(words):
        count, best = words[word]
        if count >= least:
            top = heapq.nsmallest(listed(), best, key=lambda t: (-t[0], t[1], t[2]))
            out[word] = [count] + [page_id if n == 1 else f"{n}:{page_id}" for _, n, _, page_id in top]
    return out


def frequent_pages() -> int:
    """The pages a word must be on to get a list: FREQUENT_PAGES, or ``JISHI_SEARCH_LIST_PAGES`` (tests)."""
    return int(os.environ.get("JISHI_SEARCH_LIST_PAGES") or FREQUENT_PAGES)


def listed() -> int:
    """Pages listed per word: LISTED, or ``JISHI_SEARCH_LISTED`` (tests)."""
    return int(os.environ.get("JISHI_SEARCH_LISTED") or LISTED)


def shard_least(shards: int, pages: int) -> int | None:
    """How many pages of one of ``shards`` bundles a word needs to be kept for the merge, on a site
    of ``pages`` indexed pages; None (no lists) below ``frequent_pages()`` pages, where no word
    can be on that many pages: no word is ranked (the chunks are still cut again, ``shard_lists``)."""
    if pages < frequent_pages():
        return None
    return max(1, frequent_pages() // (2 * shards))


def write_lists(bundle: Path, lists: dict[str, list]) -> dict:
    """Write the lists into ``bundle``/jishi-lists/<digest>/; what the browser needs to find them.

    The folder is named by a digest of the lists, so a browser that cached a
    list of an earlier build (naming pages that are gone) never reads it again.
    """
    shutil.rmtree(bundle / LISTS_DIR, ignore_errors=True)
    if not lists:
        return {"lists": 0}
    count = max(1, math.ceil(len(lists) / WORDS_PER_FILE))
    files: list[dict] = [{} for _ in range(count)]
    for word, entry in lists.items():
        files[bucket(word, count)][word] = entry
    data = [json.dumps(words, ensure_ascii=False, separators=(",", ":")).encode() for words in files]
    digest = hashlib.sha256(b"\n".join(data)).hexdigest()[:8]
    folder = f"{LISTS_DIR}/{digest}/"
    (bundle / folder).mkdir(parents=True)
    for n, text in enumerate(data):
        replace_file(bundle / folder / f"{n}.json", text)
    return {"lists": count, "listsDir": folder}


def _keep(out: dict, word: str | None, forms: list, least: int | None, pages: list, norms: list) -> None:
    """Rank ``word`` into ``out`` if its forms are on at least ``least`` pages."""
    if word is None or least is None or len(word) < 2 or word.startswith(_MARK) or sum(map(len, forms)) < least:
        return  # one character is a prefix query in Pagefind; a left-marked form is another word
    counts: dict[int, list] = {}  # page → [times its title holds the word, weighted count of places]
    for postings in forms:  # the word, then its marked form (usually a few pages)
        for page, titles, tf in _counts(postings):
            if page in counts:
                counts[page][0] += titles
                counts[page][1] += tf
            else:
                counts[page] = [titles, tf]
    if len(counts) >= least:
        out[word] = _ranked(counts, pages, norms)


def _counts(postings: list):
    """Per page of one word's postings: (page number, times the page's title holds it (Pagefind's
    meta places), weighted count of its places in plain-text places)."""
    numbers = accumulate(map(itemgetter(0), postings))
    # Most pages hold a word only in plain text: one marker, then positions (all ≥ 0).
    return zip(numbers, [len(titled) - 1 if titled else 0 for _, _, titled, *_ in postings],
               [len(places) - 1 if places[:1] == _PLAIN_ONLY and min(places[1:], default=0) >= 0
                else _weighted(places) for _, places, *_ in postings])


def _weighted(places: list) -> float:
    """Places with weights other than plain text (a title, a heading); none if only in a meta field."""
    weight, total = _PLAIN, 0
    for place in places:
        if place < 0:
            weight = -place - 1
        else:
            total += weight
    return total / _PLAIN


def _ranked(counts: dict[int, list], pages: list, norms: list) -> tuple[int, list]:
    """(pages holding the word, its LISTED best pages as (score, page number, page id)).

    Pages whose title holds the word more often first, then BM25 of the
    word's weighted count against the page's length (term saturation 1.4,
    page length 0.75: Pagefind's defaults). BM25's part stays below K1 + 1,
    so each time a title holds the word outweighs it.
    """
    k = _K1 + 1
    best = heapq.nlargest(listed(), ((k * titles + k * tf / (norms[n] + tf), -n)
                                   for n, (titles, tf) in counts.items()))
    return len(counts), [(score, -m, pages[-m][0]) for score, m in best]
