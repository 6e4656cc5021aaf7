"""What a deploy writes, in which order, and how each file is served.

Only files whose content differs from the target's are written (compared by
MD5, which is what an S3 ETag of a single-part upload is). The order keeps
what readers see consistent at every moment, as `hugo deploy` does:

1. everything a page may name: content-hashed assets, images, the search
   index's chunks, QR codes, other files;
2. the pages (HTML), which name them;
3. the entry files that name the rest and are fetched fresh: Pagefind's
   `pagefind-entry.json` and scripts, `jishi-fold.json`, `feed.xml`,
   `sitemap.xml`;
4. deletions, last: an old page still in a reader's browser names only
   files that still exist until the new pages are all there.

A failed write stops the deploy before the next group: pages never name a
file not yet written, and nothing is deleted.

Cache-Control by kind: a name carrying its content's hash (Material's
`bundle.a5f9d56c.min.js`, jishi's `jishi.1f2e3d4c.css`, Pagefind's
`.pf_*` chunks under digest-named folders) is cached for a year, immutable;
everything else is revalidated on every use (`no-cache`; the ETag makes that
a 304). Text types carry `charset=utf-8`.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["DeployPlan", "scan_site", "plan_deploy", "diff_digests", "group_of", "cache_control", "content_type",
           "file_md5", "ASSETS", "PAGES", "ENTRIES", "IMMUTABLE", "REVALIDATE"]

ASSETS, PAGES, ENTRIES = 0, 1, 2
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

_ENTRY = re.compile(r"(?:.*/)?pagefind/(?:shards/[0-9]+/)?(?:pagefind-entry\.json|[^/]+\.js|jishi-fold\.json)"
                    r"|feed\.xml|sitemap\.xml(?:\.gz)?")
# A hex run of 8+ between dots (bundle.a5f9d56c.min.js), or Pagefind's chunks (content-named, in digest folders).
_HASHED = re.compile(r".*\.[0-9a-f]{8,}\.[^/]+|.*\.pf_(?:fragment|index|filter|meta)")
_TYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json",
          ".xml": "application/xml", ".svg": "image/svg+xml", ".webp": "image/webp", ".gz": "application/gzip",
          ".pagefind": "application/octet-stream", ".webmanifest": "application/manifest+json",
          ".woff2": "font/woff2", ".ico": "image/x-icon", ".txt": "text/plain"}
_TEXT = ("text/", "application/json", "application/xml", "application/atom+xml", "image/svg+xml",
         "application/manifest+json")


def group_of(rel: str) -> int:
    """ASSETS, PAGES or ENTRIES: when the file is written."""
    if rel.endswith(".html"):
        return PAGES
    return ENTRIES if _ENTRY.fullmatch(rel) else ASSETS


def cache_control(rel: str) -> str:
    """A year, immutable, for content-hashed names; revalidate everything else."""
    return IMMUTABLE if _HASHED.fullmatch(rel) else REVALIDATE


def content_type(rel: str) -> str:
    """The file's type; `; charset=utf-8` for text."""
    if rel == "feed.xml" or rel.endswith("/feed.xml"):
        kind = "application/atom+xml"
    elif rel.startswith("pagefind/") and ".pf_" in rel:
        kind = "application/octet-stream"
    else:
        suffix = os.path.splitext(rel)[1].lower()
        kind = _TYPES.get(suffix) or mimetypes.guess_type(rel)[0] or "application/octet-stream"
    return kind + "; charset=utf-8" if kind.startswith(_TEXT) else kind


def file_md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def scan_site(site_dir: Path) -> dict[str, str]:
    """{site-relative path: MD5} of every file of the built site."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(site_dir):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            out[path.relative_to(site_dir).as_posix()] = file_md5(path)
    return out


def diff_digests(local: dict[str, str], remote: dict[str, str | None]) -> tuple[set, set, set]:
    """(new, changed, gone): remote digests of None count as changed (not known)."""
    new = {r for r in local if r not in remote}
    changed = {r for r in local if r in remote and remote[r] != local[r]}
    gone = {r for r in remote if r not in local}
    return new, changed, gone


@dataclass
class DeployPlan:
    """The writes in order (group by group) and the deletions, last."""

    new: set = field(default_factory=set)
    changed: set = field(default_factory=set)
    gone: list = field(default_factory=list)

    def groups(self) -> list[list[str]]:
        """The files to write, in three ordered groups (assets, pages, entries); each sorted."""
        out: list[list[str]] = [[], [], []]
        for rel in sorted(self.new | self.changed):
            out[group_of(rel)].append(rel)
        return out

    @property
    def empty(self) -> bool:
        return not (self.new or self.changed or self.gone)


def plan_deploy(new, changed, gone) -> DeployPlan:
    return DeployPlan(set(new), set(changed), sorted(gone))
