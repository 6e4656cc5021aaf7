"""Parsed and schema-checked story files, reused across loads.

Under `mkdocs serve` every save rebuilds the whole site, and all but one
file are byte for byte what they were. A file is looked up by its path and a
digest of its bytes, so a hit is exactly what parsing would give. Only the
files of the latest load are kept, so the cache never outgrows the site; a
new schema empties it.

Given a store (a file; `jishi build` keeps one in .jishi-cache/), the cache
outlives the process: what a load parsed and checked is saved, stamped with
jishi's code (jishi.mkdocs_adapter.rebuild.code_stamp), the schema and the
site's Markdown (the extensions bodies are rendered with), and
the next process's load takes a file from it by path, size and modification
time without reading it. A file changed less than STAT_MARGIN_NS before the
load read it is not trusted by its modification time (an edit within the
same clock tick keeps it): it is read and parsed again next time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from pathlib import Path

from jishi.content.loader import LoadError, SourceFile, parse_source, read_source
from jishi.content.problems import Problem

__all__ = ["SourceCache", "NoCache", "NO_CACHE", "SHARED", "STAT_MARGIN_NS", "schema_fingerprint"]

STAT_MARGIN_NS = 2_000_000_000  # a file's mtime this close to the load's start is not trusted
_STORE_VERSION = 2  # 2: the Markdown's key (a body's links and allowlist findings depend on it)


def schema_fingerprint(schema) -> str:
    """A digest of what the per-file checks read of a schema (its kinds as written, its common fields)."""
    kinds = [(k, s.title, s.is_story, s.raw, s.properties, s.required, s.site_fields) for k, s in schema.kinds.items()]
    return hashlib.blake2b(repr((kinds, schema.common)).encode(), digest_size=16).hexdigest()


class SourceCache:
    """Results of parse_source and of the per-file checks, by (path, bytes); on disk when given a store."""

    def __init__(self, store: Path | str | None = None, stamp: str = ""):
        self._store, self._stamp = (Path(store) if store else None), stamp
        self._schema = None
        self._renderer_key = None
        self._entries: dict[tuple[str, bytes], object] = {}  # SourceFile or LoadError
        self._checked: dict[int, tuple[SourceFile, list[Problem]]] = {}
        self._seen: dict[tuple[str, bytes], object] = {}
        self._by_stat: dict[tuple[str, int, int], tuple[str, bytes]] = {}  # (path, size, mtime) → key
        self._seen_stat: dict[tuple[str, int, int], tuple[str, bytes]] = {}
        self._started = 0
        self._dirty = False
        self._unread = False  # the store is still to be read (begin with a new schema)

    def begin(self, schema, renderer_key=None) -> None:
        """Start a load; results checked against another schema, or with other Markdown
        extensions (a body's links and allowlist findings), are dropped."""
        if schema is not self._schema or renderer_key != self._renderer_key:
            self._schema, self._entries, self._checked, self._by_stat = schema, {}, {}, {}
            self._renderer_key = renderer_key
            # read with the first file: load_site reads the files with the cyclic collector paused,
            # which makes unpickling 40 MB of objects ~3x faster
            self._unread = self._store is not None
        self._seen, self._seen_stat, self._started = {}, {}, time.time_ns()

    def read(self, path: Path | str, rel: str) -> SourceFile:
        """Like loader.read_source, from the cache when the file is unchanged."""
        if self._unread:
            self._restore()
        stat_key = self._stat_key(path, rel)
        key = self._by_stat.get(stat_key) if stat_key else None
        result = self._entries.get(key) if key else None
        if result is None:
            key, result = self._parse(path, rel)
        self._seen[key] = result
        if stat_key and stat_key[2] < self._started - STAT_MARGIN_NS:
            self._seen_stat[stat_key] = key
        if isinstance(result, LoadError):
            raise LoadError(result.problem)
        return result

    def _stat_key(self, path, rel: str) -> tuple[str, int, int] | None:
        if self._store is None:
            return None
        try:
            stat = os.stat(path)
        except OSError:
            return None  # _parse says why
        return (rel, stat.st_size, stat.st_mtime_ns)

    def _parse(self, path, rel: str) -> tuple[tuple[str, bytes], object]:
        try:
            with open(path, "rb") as file:
                raw = file.read()
        except OSError as exc:
            raise LoadError(Problem(rel, message=f"无法读取文件（{exc.strerror}）")) from None
        key = (rel, hashlib.blake2b(raw, digest_size=16).digest())
        result = self._entries.get(key)
        if result is None:
            self._dirty = True
            try:
                result = parse_source(raw, rel)
            except LoadError as exc:
                result = exc
        return key, result

    def checked(self, source: SourceFile, check) -> list[Problem]:
        """check(source)'s problems, computed once per parsed file and schema."""
        hit = self._checked.get(id(source))
        if hit is not None and hit[0] is source:
            return list(hit[1])
        found = check(source)
        self._checked[id(source)] = (source, found)
        self._dirty = True
        return list(found)

    def end(self) -> None:
        """Keep only what the latest load read."""
        self._dirty = self._dirty or len(self._seen) != len(self._entries) or self._seen_stat != self._by_stat
        self._entries, self._seen = self._seen, {}
        self._by_stat, self._seen_stat = self._seen_stat, {}
        live = {id(s) for s in self._entries.values() if isinstance(s, SourceFile)}
        self._checked = {k: v for k, v in self._checked.items() if k in live}

    def save(self) -> None:
        """Write what the latest load read and checked to the store (if any, and if anything changed)."""
        if self._store is None or self._schema is None or not self._dirty:
            return
        checked = {key: self._checked[id(value)][1] for key, value in self._entries.items()
                   if id(value) in self._checked}
        state = (_STORE_VERSION, self._stamp, schema_fingerprint(self._schema), self._renderer_key, self._entries,
                 checked, self._by_stat)
        self._store.parent.mkdir(parents=True, exist_ok=True)
        partial = self._store.with_name(self._store.name + f".{os.getpid()}.tmp")
        with partial.open("wb") as file:
            pickle.dump(state, file, protocol=5)
        os.replace(partial, self._store)
        self._dirty = False

    def _restore(self) -> None:
        """The store's entries, if it was written by this code for this schema."""
        self._unread = False
        try:
            with self._store.open("rb") as file:
                version, stamp, fingerprint, renderer_key, entries, checked, by_stat = pickle.load(file)
        except (OSError, ValueError, TypeError, EOFError, AttributeError, ImportError, pickle.UnpicklingError):
            return  # none yet, or one an older jishi wrote: every file is read
        if (version, stamp, fingerprint, renderer_key) != (_STORE_VERSION, self._stamp, schema_fingerprint(self._schema),
                                                           self._renderer_key):
            return
        self._entries, self._by_stat = entries, by_stat
        self._checked = {id(entries[key]): (entries[key], found) for key, found in checked.items() if key in entries}


class NoCache:
    """The same calls as SourceCache, remembering nothing: every file read and checked anew."""

    def begin(self, schema, renderer_key=None) -> None:
        """Nothing to forget."""

    def read(self, path: Path | str, rel: str) -> SourceFile:
        """loader.read_source."""
        return read_source(path, rel)

    def checked(self, source: SourceFile, check) -> list[Problem]:
        """check(source)."""
        return check(source)

    def end(self) -> None:
        """Nothing to keep."""

    def save(self) -> None:
        """Nothing to keep."""


NO_CACHE = NoCache()  # load_site's default: one-off loads (jishi check, tests)
SHARED = SourceCache()  # one per process: across the rebuilds of `mkdocs serve`
