"""MkDocs adapter for `jishi build` after a build: render only what changed.

`jishi build` (jishi.editor.publish) runs `mkdocs build --dirty` into an
empty staging folder, the live site beside it (`target_dir`). There the last
build's record (jishi.mkdocs_adapter.record: its model, inputs, generated
files' digests, feed and search shards) is read back, and the same
comparison as under `mkdocs serve` (jishi.site.incremental) marks the files
that need not be written again (MkDocs' own copies: `keep_live_files`).
Only what changed is written into staging, and committed into the live site
by jishi.editor.commit. The search shards holding a page whose indexed part
changed are indexed again from the pages on disk: for that the rest of the
live site is linked into staging first (`complete_staging`), and the site is
swapped in whole; what the adapter writes itself goes through
`write_site_file`, never through a link.

A build that is not a rebuild (plain `mkdocs build`, or no usable record)
still leaves its record when `jishi build` runs it, for the next one.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import jinja2

import jishi
from jishi.editor.publish import SITE_DIR_ENV
from jishi.mkdocs_adapter.internals import copied_since, mark_unmodified
from jishi.mkdocs_adapter.record import version_of
from jishi.search.bundle import replace_file
from jishi.search.index import indexed_digest

__all__ = ["bytecode_dir", "code_stamp", "complete_staging", "indexed_digest", "indexed_digests", "keep_live_files",
           "target_dir", "write_site_file"]


def target_dir(site_dir) -> str:
    """The folder the site ends up in: `jishi build`'s target, else MkDocs' own site_dir."""
    return os.environ.get(SITE_DIR_ENV) or str(site_dir)


# The engines whose output the pages are: a different version renders everything.
_ENGINES = ("mkdocs", "mkdocs-material", "pagefind", "pagefind-bin-extended", "markdown", "jinja2")


def code_stamp() -> str:
    """A digest of jishi's own files (code, templates, assets, schema) and of its engines' versions.

    Part of every build's inputs: after an upgrade of jishi or of MkDocs,
    Material or Pagefind, or an edit of any module that writes into pages,
    a rebuild renders everything instead of keeping pages the old code made
    (as Astro clears its content store when its version changes). Hashing the
    package's ~1 MB costs a few milliseconds a build.
    """
    digest = hashlib.sha256()
    package = Path(jishi.__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _ENGINES:
        digest.update(f"{name}={version_of(name)}\0".encode())
    return digest.hexdigest()


def bytecode_dir(root: Path) -> Path:
    """Where builds keep compiled templates: one folder per Jinja and Python version."""
    folder = root / ".jishi-cache" / f"jinja-{jinja2.__version__}-py{sys.version_info[0]}{sys.version_info[1]}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def indexed_digests(files, live: Path) -> dict[str, str | None]:
    """The indexed digest of every page this dirty build will write, read from the live site."""
    digests = {}
    for f in files:
        if f.dest_uri.endswith(".html") and f.is_modified():
            try:
                digests[f.dest_uri] = indexed_digest((Path(live) / f.dest_uri).read_text(encoding="utf-8"))
            except OSError:
                pass
    return digests


def keep_live_files(files, live: Path) -> int:
    """Mark unmodified the files MkDocs copies (theme, docs/) that the live site has as they are; the number.

    A rebuild writes into an empty staging folder, where MkDocs' own test
    (the copy older than its source, jishi.mkdocs_adapter.internals.copied_since)
    would find every file missing; it is asked of the live site instead.
    """
    count = 0
    for f in files:
        if f.is_modified() and copied_since(f, Path(live) / f.dest_uri) and mark_unmodified(f):
            count += 1
    return count


def complete_staging(staging: Path, live: Path) -> int:
    """Hard-link every file of the live site that staging lacks into staging; the number linked.

    For a rebuild whose search index is made again from the pages on disk:
    staging is then the whole site, swapped in whole (no OVERLAY is written).
    What the build writes afterwards must be written as a new file
    (write_site_file), never through a link into the live site.
    """
    count = 0
    for folder, _dirs, names in os.walk(live):
        rel = os.path.relpath(folder, live)
        into = Path(staging) / rel if rel != "." else Path(staging)
        into.mkdir(parents=True, exist_ok=True)
        for name in names:
            if not os.path.lexists(into / name):
                os.link(os.path.join(folder, name), into / name, follow_symlinks=False)
                count += 1
    return count


def write_site_file(path: Path, data: bytes) -> None:
    """The adapter's one way to write a file under the site folder: as a new file, never in place.

    A rebuild's site starts as hard links to the last site (jishi.editor.publish.link_tree):
    writing in place would change the last site too. tests/unit/test_site_writes.py
    fails when another function of the adapter writes a file.
    """
    replace_file(Path(path), data)
