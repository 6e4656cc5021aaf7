"""A record of the photos already found publishable, so a check need not open them again.

Opening and verifying every photo with Pillow is most of what checking photos
costs (~0.15 s for 1,600 photos). The record lives in
<root>/.jishi-cache/image-checks.json and maps a photo's real path to the
size and mtime_ns it had when it passed, with its width and height. A photo
is trusted from the record only when its path, size and mtime_ns all match;
any change to the file, or to the rules (VERSION), makes it checked again.
Path checks (inside docs/, no symlink out, exists) run every time; only
photos that passed are recorded, so a broken photo is reported on every run.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path

from jishi.content.images import FORMATS, MAX_IMAGE_BYTES, MAX_PIXELS, check_image, resolve_image

__all__ = ["CheckedImages", "RECORD_NAME"]

RECORD_NAME = "image-checks.json"
# What a recorded "passed" depends on besides the file itself.
VERSION = f"1|{MAX_IMAGE_BYTES}|{MAX_PIXELS}|{sorted(FORMATS.items())}"


class CheckedImages:
    """check_image, remembering the photos that passed in cache_dir (None: remember nothing)."""

    def __init__(self, cache_dir: Path | None):
        self._file = Path(cache_dir) / RECORD_NAME if cache_dir is not None else None
        self._known = self._load()
        self._seen: dict[str, list] = {}
        self._dirs: dict = {}  # docs_dir or directory -> its real path, this run

    def _load(self) -> dict:
        if self._file is None:
            return {}
        try:
            record = json.loads(self._file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(record, dict) or record.get("version") != VERSION:
            return {}
        photos = record.get("photos")
        return photos if isinstance(photos, dict) else {}

    def check(self, value: str, docs_dir: Path) -> tuple[int, int]:
        """Width and height of a publishable image; raises ImageError like check_image."""
        found = self._plain_file(value, docs_dir)
        if found is None:  # anything unusual: the long way, with its exact message
            real = resolve_image(value, docs_dir)
            found = str(real), real.stat()
        key, st = found
        known = self._known.get(key)
        if isinstance(known, list) and known[:2] == [st.st_size, st.st_mtime_ns]:
            self._seen[key] = known
            return known[2], known[3]
        # Stat before opening: a file changed meanwhile will not match next time.
        width, height = check_image(value, docs_dir)
        self._seen[key] = [st.st_size, st.st_mtime_ns, width, height]
        return width, height

    def _plain_file(self, value: str, docs_dir: Path) -> tuple[str, os.stat_result] | None:
        """Real path and stat of a photo that resolve_image would accept, or None if unsure.

        The same answer as resolve_image for a plain relative path to a regular
        file (not a link) in a directory inside docs/, with one lstat per photo:
        the real path of each directory is worked out once per run.
        """
        parts = value.split("/")
        if value.startswith(("\\", "~")) or ":" in value or any(p in ("", ".", "..") for p in parts):
            return None
        docs = self._dirs.get(docs_dir)
        if docs is None:
            docs = self._dirs[docs_dir] = os.path.realpath(docs_dir)
        parent = os.path.join(docs, *parts[:-1])
        real_parent = self._dirs.get(parent)
        if real_parent is None:
            real_parent = self._dirs[parent] = os.path.realpath(parent)
        if real_parent != docs and not real_parent.startswith(docs.rstrip("/") + "/"):
            return None
        real = os.path.join(real_parent, parts[-1])
        try:
            st = os.lstat(real)
        except OSError:
            return None
        return (real, st) if stat.S_ISREG(st.st_mode) else None

    def save(self) -> None:
        """Write the record of this run's photos atomically, if it changed; never fails."""
        if self._file is None or self._seen == self._known:
            return
        try:
            self._file.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self._file.parent, prefix=".image-checks-", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    json.dump({"version": VERSION, "photos": self._seen}, out)
                os.replace(tmp, self._file)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError:
            pass  # a read-only site is still checked, just not faster next time
