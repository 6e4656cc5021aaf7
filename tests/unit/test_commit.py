"""A rebuild's staged files committed into the live site behind a journal (jishi.editor.commit)."""

from __future__ import annotations

import json
import os

from jishi.editor.commit import JOURNAL, commit, recover


def _tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file()}


def _sites(tmp_path):
    root, site, staging = tmp_path / "root", tmp_path / "site", tmp_path / ".site.new-1"
    for rel, text in {"index.html": "旧首页", "a/index.html": "旧A", "b/index.html": "B",
                      "pagefind/delta/x.pf": "旧x", "pagefind/delta/y.pf": "旧y", "gone.txt": "删"}.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    for rel, text in {"index.html": "新首页", "a/index.html": "新A", "c/new.html": "新C", "pagefind/delta/x.pf": "新x"}.items():
        (staging / rel).parent.mkdir(parents=True, exist_ok=True)
        (staging / rel).write_text(text, encoding="utf-8")
    (root / ".jishi-cache").mkdir(parents=True)
    pending, state = root / ".jishi-cache" / "next", root / ".jishi-cache" / "state"
    pending.write_text("新记录", encoding="utf-8")
    state.write_text("旧记录", encoding="utf-8")
    return root, site, staging, pending, state


WANT = {"index.html": "新首页", "a/index.html": "新A", "b/index.html": "B", "c/new.html": "新C",
        "pagefind/delta/x.pf": "新x"}


def test_commit_moves_the_staged_files_removes_the_dropped_ones_and_promotes_the_record(tmp_path):
    root, site, staging, pending, state = _sites(tmp_path)
    kept = (site / "b/index.html").stat().st_ino
    assert commit(root, staging, site, ["gone.txt"], pending, state, replaced=["pagefind/delta"]) == 4
    assert _tree(site) == WANT
    assert (site / "b/index.html").stat().st_ino == kept  # not written again
    assert state.read_text(encoding="utf-8") == "新记录" and not pending.exists()
    assert not staging.exists() and not (root / JOURNAL).exists()


def test_a_commit_killed_half_way_is_finished_by_the_next_build(tmp_path):
    root, site, staging, pending, state = _sites(tmp_path)
    # What a build killed after writing the journal and moving one file leaves:
    os.replace(staging / "index.html", site / "index.html")
    (root / JOURNAL).write_text(json.dumps({"staging": str(staging), "site": str(site),
                                            "removed": ["gone.txt", "pagefind/delta/y.pf"],
                                            "pending": str(pending), "state": str(state)}), encoding="utf-8")
    assert recover(root) is True
    assert _tree(site) == WANT
    assert state.read_text(encoding="utf-8") == "新记录"
    assert recover(root) is False  # nothing left to finish


def test_without_a_journal_recover_touches_nothing(tmp_path):
    root, site, staging, pending, state = _sites(tmp_path)
    before = _tree(site)
    assert recover(root) is False
    assert _tree(site) == before and pending.exists() and staging.exists()
