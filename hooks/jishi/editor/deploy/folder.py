"""A folder target: a mounted web root, or any directory (`deploy: {to: /srv/www}`).

What is there is known by hashing the folder's files (no manifest to go
stale); each file is written beside its final name and renamed over it, so a
reader never gets half a file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from jishi.editor.deploy.errors import DeployError
from jishi.editor.deploy.plan import diff_digests, scan_site

__all__ = ["FolderTarget"]


class FolderTarget:
    """Deploys into a directory on this machine."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def describe(self) -> str:
        return f"目录 {self.path}"

    def compare(self, site_dir: Path, local: dict[str, str]) -> tuple[set, set, set]:
        remote = scan_site(self.path) if self.path.is_dir() else {}
        return diff_digests(local, remote)

    def put(self, site_dir: Path, rels: list[str], on_write) -> None:
        for rel in rels:
            dest = self.path / rel
            tmp = None
            try:
                existed = dest.exists()
                dest.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=".jishi-", dir=dest.parent)
                os.close(fd)
                shutil.copyfile(site_dir / rel, tmp)
                os.chmod(tmp, 0o644)
                os.replace(tmp, dest)
            except OSError as exc:
                if tmp is not None:
                    Path(tmp).unlink(missing_ok=True)
                raise DeployError(f"写入 {dest} 失败（{exc.strerror or exc}）") from None
            on_write("replace" if existed else "upload", rel)

    def delete(self, site_dir: Path, rels: list[str], on_write) -> None:
        for rel in rels:
            dest = self.path / rel
            try:
                dest.unlink(missing_ok=True)
            except OSError as exc:
                raise DeployError(f"删除 {dest} 失败（{exc.strerror or exc}）") from None
            on_write("delete", rel)
            parent = dest.parent
            while parent != self.path and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
