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
import tempfile
from pathlib import Path

from .images import FORMATS, MAX_IMAGE_BYTES, MAX_PIXELS, check_image, resolve_image

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
        real = resolve_image(value, docs_dir)
        st = real.stat()
        key = str(real)
        known = self._known.get(key)
        if isinstance(known, list) and known[:2] == [st.st_size, st.st_mtime_ns]:
            self._seen[key] = known
            return known[2], known[3]
        # Stat before opening: a file changed meanwhile will not match next time.
        width, height = check_image(value, docs_dir)
        self._seen[key] = [st.st_size, st.st_mtime_ns, width, height]
        return width, height

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
