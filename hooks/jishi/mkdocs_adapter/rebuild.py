"""MkDocs adapter for `jishi build` after a build: render only what changed.

`jishi build` (jishi.editor.publish) starts the new site as hard links to the
last one and runs `mkdocs build --dirty`. Here the last build's state (its
model, inputs, generated files' digests and search shards) is read back, the
same comparison as under `mkdocs serve` (jishi.site.incremental) marks the
files that need not be written again, and every file that will be written is
first unlinked, so nothing is written through a link into the last site.
The search shards holding a page whose indexed part changed are indexed
again from the pages on disk; the others are kept as they are.

A build that is not a rebuild (plain `mkdocs build`, or no usable state)
still records its state when `jishi build` runs it, for the next one.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from importlib import metadata
from pathlib import Path

import jinja2

import jishi
from jishi.search.index import indexed_digest
from jishi.site.incremental import BUILD_STATE, NEXT_STATE, SITE_DIR_ENV

__all__ = ["bytecode_dir", "code_stamp", "indexed_digest", "indexed_digests", "last_build", "save_build", "target_dir",
           "unlink_written"]


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
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version}\0".encode())
    return digest.hexdigest()


def bytecode_dir(root: Path) -> Path:
    """Where builds keep compiled templates: one folder per Jinja and Python version."""
    folder = root / ".jishi-cache" / f"jinja-{jinja2.__version__}-py{sys.version_info[0]}{sys.version_info[1]}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def last_build(root: Path, target: str) -> dict | None:
    """The state `jishi build` kept of the site now in ``target``, or None."""
    path = root / BUILD_STATE
    try:
        with path.open("rb") as f:
            state = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    usable = isinstance(state, dict) and state.get("site_dir") == target and "rendered" in state
    return state if usable else None


def save_build(root: Path, state: dict) -> None:
    """Keep this build's state for `jishi build` to promote once the site is in place."""
    if not os.environ.get(SITE_DIR_ENV):
        return  # a plain `mkdocs build`: nobody swaps it in, so nothing may rely on it
    path = root / NEXT_STATE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)


def indexed_digests(files) -> dict[str, str | None]:
    """The indexed digest of every page this dirty build will write, read from the last site."""
    digests = {}
    for f in files:
        if f.dest_uri.endswith(".html") and f.is_modified():
            try:
                digests[f.dest_uri] = indexed_digest(Path(f.abs_dest_path).read_text(encoding="utf-8"))
            except OSError:
                pass
    return digests


def unlink_written(files, site_dir: Path, static_templates=()) -> int:
    """Unlink, in the new site, every file this dirty build will write; the number unlinked."""
    site = Path(site_dir)
    doomed = [Path(f.abs_dest_path) for f in files if f.is_modified()]
    for name in static_templates:  # 404.html, sitemap.xml (and its .gz): written every build
        doomed += [site / name, site / f"{name}.gz"]
    count = 0
    for path in doomed:
        try:
            path.unlink()
            count += 1
        except FileNotFoundError:
            pass
    return count
