"""Parsed and schema-checked story files, reused across the rebuilds of one process.

Under `mkdocs serve` every save rebuilds the whole site, and all but one
file are byte for byte what they were. A file is looked up by its path and a
digest of its bytes (never by modification time, which can miss an edit made
within the same clock tick), so a hit is exactly what parsing would give.
Only the files of the latest load are kept, so the cache never outgrows the
site; a new schema empties it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from jishi.content.loader import LoadError, SourceFile, parse_source, read_source
from jishi.content.problems import Problem

__all__ = ["SourceCache", "NoCache", "NO_CACHE", "SHARED"]


class SourceCache:
    """Results of parse_source and of the per-file checks, by (path, bytes)."""

    def __init__(self):
        self._schema = None
        self._renderer_key = None
        self._entries: dict[tuple[str, bytes], object] = {}  # SourceFile or LoadError
        self._checked: dict[int, tuple[SourceFile, list[Problem]]] = {}
        self._seen: dict[tuple[str, bytes], object] = {}

    def begin(self, schema, renderer_key=None) -> None:
        """Start a load; results checked against another schema, or with other Markdown
        extensions (a body's links and allowlist findings), are dropped."""
        if schema is not self._schema or renderer_key != self._renderer_key:
            self._schema, self._entries, self._checked = schema, {}, {}
            self._renderer_key = renderer_key
        self._seen = {}

    def read(self, path: Path | str, rel: str) -> SourceFile:
        """Like loader.read_source, from the cache when the bytes are unchanged."""
        try:
            with open(path, "rb") as file:
                raw = file.read()
        except OSError as exc:
            raise LoadError(Problem(rel, message=f"无法读取文件（{exc.strerror}）")) from None
        key = (rel, hashlib.blake2b(raw, digest_size=16).digest())
        result = self._entries.get(key)
        if result is None:
            try:
                result = parse_source(raw, rel)
            except LoadError as exc:
                result = exc
        self._seen[key] = result
        if isinstance(result, LoadError):
            raise LoadError(result.problem)
        return result

    def checked(self, source: SourceFile, check) -> list[Problem]:
        """check(source)'s problems, computed once per parsed file and schema."""
        hit = self._checked.get(id(source))
        if hit is not None and hit[0] is source:
            return list(hit[1])
        found = check(source)
        self._checked[id(source)] = (source, found)
        return list(found)

    def end(self) -> None:
        """Keep only what the latest load read."""
        self._entries, self._seen = self._seen, {}
        live = {id(s) for s in self._entries.values() if isinstance(s, SourceFile)}
        self._checked = {k: v for k, v in self._checked.items() if k in live}


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


NO_CACHE = NoCache()  # load_site's default: one-off loads (jishi check, tests)
SHARED = SourceCache()  # one per process: across the rebuilds of `mkdocs serve`
