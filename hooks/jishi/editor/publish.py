"""Publishing: build into a temporary directory, swap it in only on success.

`mkdocs build` empties its output directory before it reads a single story,
so a failed build straight into site/ leaves nothing where the last good site
was. `jishi build` runs the same build into a sibling temporary directory and
renames it into place only when the build succeeded; the old site is removed
only after the new one is there. A rebuild after one changed story starts
from hard links to the last site and renders only what the change needs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from jishi.site.incremental import BUILD_STATE, NEXT_STATE, SITE_DIR_ENV, link_tree

from jishi.editor.site_config import read_site_config

__all__ = ["build_site", "swap_in", "placeholder_site_url"]

_PLACEHOLDER_HOSTS = {"example.org", "example.com", "example.net", "localhost", "127.0.0.1"}


def build_site(root: Path, site_dir: Path, mkdocs_args: list[str] | None = None, incremental: bool = True) -> int:
    """`mkdocs build --strict` of root into site_dir, atomically; returns the exit status.

    When the last `jishi build` left its state (jishi.site.incremental.BUILD_STATE)
    and its site is still there, the new site starts as hard links to the last
    one and MkDocs runs a dirty build: the adapter renders only the pages and
    search shards a change needs, or everything when in doubt.
    """
    root = Path(root).resolve()
    site_dir = (root / site_dir).resolve() if not Path(site_dir).is_absolute() else Path(site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    state, pending = root / BUILD_STATE, root / NEXT_STATE
    pending.unlink(missing_ok=True)
    extra = list(mkdocs_args or [])
    if incremental and state.is_file() and site_dir.is_dir():
        link_tree(site_dir, staging)
        extra.append("--dirty")
    else:
        state.unlink(missing_ok=True)  # it described a site that is gone
    try:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),
                   "-d", str(staging), *extra]
        env = dict(os.environ, **{SITE_DIR_ENV: str(site_dir)})
        status = subprocess.run(command, cwd=root, env=env).returncode
        if status == 0:
            swap_in(staging, site_dir)
            if pending.is_file():
                os.replace(pending, state)
        return status
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        pending.unlink(missing_ok=True)


def swap_in(new: Path, target: Path) -> None:
    """Put directory new where target is; target is never missing for longer than two renames."""
    if not target.exists():
        os.rename(new, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.rmdir(old)
    os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        os.rename(old, target)  # put the last good site back
        raise
    shutil.rmtree(old, ignore_errors=True)


def placeholder_site_url(root: Path) -> str | None:
    """mkdocs.yml's site_url when it is still a placeholder (example.org, localhost), else None.

    Every QR code, share card and feed link is made from site_url: printed
    with a placeholder, they lead nowhere.
    """
    if not (Path(root) / "mkdocs.yml").is_file():
        return None
    site_url = read_site_config(root).get("site_url")
    if not site_url:
        return "（未设置）"
    if (urlsplit(str(site_url)).hostname or "") in _PLACEHOLDER_HOSTS:
        return str(site_url)
    return None
