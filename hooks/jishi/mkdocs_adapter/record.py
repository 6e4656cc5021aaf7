"""The build record: what a `jishi build` made, for the next one to compare.

Written in one place, at the end of a successful build (on_post_build, with
or without a search index), and only when `jishi build` runs the build (it
swaps the new site in and then promotes the record, see
jishi.editor.publish). Read back by `last_build`, which gives None (render
everything) for a record of another site folder, another jishi version or
code, other MkDocs, Material or Pagefind versions, or a pickle it cannot
read (a record from an older jishi).
"""

from __future__ import annotations

import json
import os
import pickle
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from jishi.content.load import collector_paused
from jishi.editor.commit import OVERLAY
from jishi.editor.publish import BUILD_STATE, NEXT_STATE, SITE_DIR_ENV
from jishi.search.runner import Shard

if TYPE_CHECKING:
    from jishi.content.model import Site
    from jishi.site.plan import PlannedPage

__all__ = ["BuildRecord", "Rendered", "Stamp", "last_build", "save_build", "version_of"]


def version_of(name: str) -> str:
    """The installed version of a distribution, or "-"."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


@dataclass(frozen=True)
class Stamp:
    """What made a build: jishi's version and code digest (rebuild.code_stamp), its engines' versions."""

    code: str
    jishi: str = field(default_factory=lambda: version_of("jishi"))
    mkdocs: str = field(default_factory=lambda: version_of("mkdocs"))
    material: str = field(default_factory=lambda: version_of("mkdocs-material"))
    pagefind: str = field(default_factory=lambda: version_of("pagefind"))


@dataclass
class Rendered:
    """One complete build, as the next rebuild (preview or `jishi build`) compares it."""

    site: Site
    images: dict  # image path → PublishedImage, as published
    inputs: tuple  # everything besides the stories that pages are made of
    digests: dict[str, str]  # src_uri → digest of each generated file
    pages: list[PlannedPage] = field(default_factory=list)


@dataclass
class BuildRecord:
    """One successful `jishi build`, kept on disk for the next."""

    site_dir: str  # the folder the site was swapped into
    rendered: Rendered
    stamp: Stamp
    feed_html: dict[str, str] = field(default_factory=dict)  # story slug → body HTML, as the feed carries it
    shards: list[Shard] | None = None  # the search index's shards; None: built without an index


def last_build(root: Path, target: str, stamp: Stamp) -> BuildRecord | None:
    """The record `jishi build` kept of the site now in ``target`` if this code made it, or None."""
    try:
        with (root / BUILD_STATE).open("rb") as f, collector_paused():  # ~3x faster for 50 MB of objects
            record = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    usable = (isinstance(record, BuildRecord) and getattr(record, "stamp", None) == stamp
              and getattr(record, "site_dir", None) == target and isinstance(record.rendered, Rendered))
    return record if usable else None


def save_build(root: Path, record: BuildRecord, staged_only: bool = False, replaced: tuple[str, ...] = ()) -> None:
    """Keep the record for `jishi build` to promote once the site is in place (nothing under a plain build).

    staged_only: the build wrote only what changed (a rebuild): `jishi build`
    commits those files into the live site (OVERLAY says so) instead of
    swapping the staging folder in whole; replaced: folders (relative to
    the site) this build wrote whole, whose other files in the live site go.
    """
    if not os.environ.get(SITE_DIR_ENV):
        return  # a plain `mkdocs build`: nobody swaps it in, so nothing may rely on it
    path = root / NEXT_STATE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f, collector_paused():
        pickle.dump(record, f, protocol=pickle.HIGHEST_PROTOCOL)
    if staged_only:
        (root / OVERLAY).write_text(json.dumps({"removed": [], "replaced": list(replaced)}), encoding="utf-8")
