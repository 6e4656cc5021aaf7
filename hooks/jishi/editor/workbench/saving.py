"""Saving a form: a new file through `jishi new`'s scaffold, an edit as targeted line changes.

An edit rewrites only the lines of the fields whose value the editor changed
(a top-level key's line and the indented lines under it); comments, key
order, keys the form does not show and the body stay byte for byte, the
body too unless it was changed. A field newly filled in replaces its
commented-out line from `jishi new` (``# order:  # …``) or goes before the
closing ``---``; a field emptied loses its lines.

The guard against lost work: the form carries the digest of the file as it
was opened, and a copy of those bytes is kept under
.jishi-cache/workbench/opened/. If the file changed on disk since, nothing is
written over it: the editor's version is kept aside under
.jishi-cache/workbench/kept/ and the form comes back with the disk's values
plus what the editor changed, so a second 保存 applies only those changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from jishi.content.lint import PLACEHOLDER
from jishi.content.loader import LoadError, parse_source
from jishi.content.schema import KindSchema
from jishi.editor.scaffold import yaml_lines

from jishi.editor.workbench.forms import normalized

__all__ = ["digest", "edited", "edit_text", "split_body", "write_atomic", "Store", "front_matter"]

_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def front_matter(raw: bytes, rel: str) -> dict:
    """A file's front matter, or {} when it cannot be read (its problems come from the check)."""
    try:
        return parse_source(raw, rel).data
    except LoadError:
        return {}


def split_body(text: str) -> tuple[list[str], int, str]:
    """(lines with their endings, index of the closing --- line or -1, the body after it)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").lstrip("\ufeff") != "---":
        return lines, -1, text
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r\n") == "---":
            return lines, i, "".join(lines[i + 1:])
    return lines, -1, text


def edited(values: dict, base: dict) -> dict:
    """The fields whose typed value differs from base (None: the field was emptied)."""
    return {name: value for name, value in values.items() if normalized(value) != normalized(base.get(name))}


def edit_text(text: str, changes: dict, ks: KindSchema, body: str | None = None) -> str:
    """text with the lines of the changed fields (and the body, if given and different) rewritten."""
    lines, end, old_body = split_body(text)
    if end < 0:
        return text
    newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
    head = lines[:end]
    for name, value in changes.items():
        new = [] if value is None else [line + newline for line in yaml_lines(name, value, ks.properties.get(name, {}))]
        head = _replace_key(head, name, new)
    if body is not None and body.replace("\r\n", "\n") != old_body.replace("\r\n", "\n"):
        old_body = body.replace("\r\n", "\n").replace("\n", newline)
    return "".join(head) + lines[end] + old_body


def _replace_key(head: list[str], name: str, new: list[str]) -> list[str]:
    start = next((i for i, line in enumerate(head) if i and _KEY.match(line) and _KEY.match(line)[1] == name), None)
    if start is None:
        commented = re.compile(rf"^#\s*{re.escape(name)}\s*:")
        spot = next((i for i, line in enumerate(head) if commented.match(line)), None)
        if spot is None:
            return head + new
        return head[:spot] + new + head[spot + 1:]
    stop = start + 1
    while stop < len(head) and (head[stop][:1] in (" ", "\t", "-") or not head[stop].strip()):
        stop += 1  # indented lines, a sequence written at column 0, blank lines between them
    while stop > start + 1 and not head[stop - 1].strip():  # blank lines after a block stay
        stop -= 1
    return head[:start] + new + head[stop:]


def new_body(scaffold_text: str, body: str | None) -> str:
    """The scaffold's text with its placeholder body replaced by what was typed."""
    lines, end, old = split_body(scaffold_text)
    if body is None or not body.strip():
        return scaffold_text
    if end < 0 or not old.startswith(PLACEHOLDER):
        return scaffold_text
    return "".join(lines[:end + 1]) + body.replace("\r\n", "\n").rstrip("\n") + "\n"


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file beside path, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.jishi-tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


@dataclass
class Store:
    """.jishi-cache/workbench/: files as opened, editors' versions kept aside, the change log."""

    root: Path

    @property
    def folder(self) -> Path:
        return self.root / ".jishi-cache" / "workbench"

    def remember(self, data: bytes) -> str:
        key = digest(data)
        write_atomic(self.folder / "opened" / key, data)
        return key

    def opened(self, key: str) -> bytes | None:
        if not re.fullmatch(r"[0-9a-f]{64}", key or ""):
            return None
        try:
            return (self.folder / "opened" / key).read_bytes()
        except OSError:
            return None

    def keep(self, rel: str, data: bytes) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = self.folder / "kept" / f"{rel.replace('/', '__')}.{stamp}"
        write_atomic(path, data)
        return path

    def log(self, who: str, action: str, rel: str) -> None:
        """One line per change: when, who (本机 without sign-in), what, which file."""
        line = f"{dt.datetime.now().astimezone().isoformat(timespec='seconds')}\t{who or '本机'}\t{action}\t{rel}\n"
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / "changes.log", "a", encoding="utf-8") as out:
            out.write(line)
