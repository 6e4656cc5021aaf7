"""Committing a rebuild's files into the live site: a journal first, then renames.

A `jishi build` after a build writes only the files a change needs, into an
empty staging folder (jishi.editor.publish.build_site); the live site is not
touched while MkDocs runs, so a build killed then leaves the last site
serving as it was. Once the build succeeded, `commit` moves the staged files
into the live site:

1. the journal (JOURNAL: the staging folder, the site folder, the files to
   remove) is written, by rename, so it is whole or absent;
2. each staged file is renamed over the live one (a rename replaces a file
   whole: a reader gets the old page or the new one, never half of either);
3. the files the build dropped are removed (deletions last);
4. the build's record is promoted (NEXT_STATE → BUILD_STATE: it describes the
   site now on disk), and the journal removed.

A build killed during 2–4 leaves the journal: the next `jishi build` first
finishes that commit (`recover`: every step can be done twice), so the site
and its record agree before anything else reads them.

JISHI_STOP_AT (tests): the name of a step at which the build kills itself
(SIGKILL), to show what a killed build leaves: "commit" after the journal is
written and half the files are moved, "promote" before the record is promoted.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path

__all__ = ["JOURNAL", "OVERLAY", "STOP_ENV", "commit", "recover", "stop_here"]

JOURNAL = ".jishi-cache/commit-journal.json"  # a commit under way (relative to the site root)
# Written by the adapter when the build staged only what changed (see state.Publishing.built):
# {"removed": files to remove from the live site, "replaced": folders staged whole}.
# Without it the staging folder holds the whole site.
OVERLAY = ".jishi-cache/build-overlay.json"
STOP_ENV = "JISHI_STOP_AT"


def stop_here(step: str) -> None:
    """Kill this process (SIGKILL, as a power cut would) if JISHI_STOP_AT names this step (tests)."""
    if os.environ.get(STOP_ENV) == step:
        os.kill(os.getpid(), signal.SIGKILL)


def commit(root: Path, staging: Path, site_dir: Path, removed: list[str], pending: Path, state: Path,
           replaced: list[str] = ()) -> int:
    """Move staging's files into site_dir, remove ``removed``, promote the record; the number moved.

    replaced: folders (relative to the site) the build wrote whole: the live
    site's files under them that staging does not have are removed too.
    """
    removed = list(removed) + [rel for folder in replaced for rel in _stale(staging, site_dir, folder)]
    journal = Path(root) / JOURNAL
    partial = journal.with_name(journal.name + ".tmp")
    partial.write_text(json.dumps({"staging": str(staging), "site": str(site_dir), "removed": removed,
                                   "pending": str(pending), "state": str(state)}, ensure_ascii=False),
                       encoding="utf-8")
    os.replace(partial, journal)
    return _finish(journal)


def _stale(staging: Path, site: Path, folder: str) -> list[str]:
    """The live site's files under folder that staging does not have (relative to the site)."""
    live = site / folder
    found = []
    for path in live.rglob("*") if live.is_dir() else ():
        rel = path.relative_to(site).as_posix()
        if not path.is_dir() and not (staging / rel).exists():
            found.append(rel)
    return sorted(found)


def recover(root: Path) -> bool:
    """Finish the commit a killed build left (if any); True if there was one."""
    journal = Path(root) / JOURNAL
    if not journal.is_file():
        return False
    _finish(journal)
    return True


def _finish(journal: Path) -> int:
    try:
        plan = json.loads(journal.read_text(encoding="utf-8"))
    except ValueError:  # never: the journal is written by rename; still, never stop every later build
        journal.unlink()
        return 0
    staging, site = Path(plan["staging"]), Path(plan["site"])
    moved = _move_all(staging, site)
    for rel in plan["removed"]:
        (site / rel).unlink(missing_ok=True)
    stop_here("promote")
    pending = Path(plan["pending"])
    if pending.is_file():
        os.replace(pending, plan["state"])
    journal.unlink()
    shutil.rmtree(staging, ignore_errors=True)
    return moved


def _move_all(staging: Path, site: Path) -> int:
    """Rename every file under staging to the same place under site (folders made as needed)."""
    moved, half = 0, None
    for folder, _dirs, names in os.walk(staging):
        rel = os.path.relpath(folder, staging)
        into = site / rel if rel != "." else site
        into.mkdir(parents=True, exist_ok=True)
        for name in names:
            os.replace(os.path.join(folder, name), into / name)
            moved += 1
            if half is None:
                half = True
                stop_here("commit")  # the journal is written and one file moved: a commit half done
    return moved
