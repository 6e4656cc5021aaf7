"""The build record `jishi build` keeps: written after every successful build, used only by the code that made it."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from support import copy_real_site, jishi_cli
from jishi.mkdocs_adapter.record import BuildRecord, Stamp

STORY = "stories/testimonial/zhang-song-xinsheng.md"
RECORD = ".jishi-cache/build-state.pickle"
OTHER = "stories/dong-yongxiang-commentary/index.html"  # a page the edit of STORY does not touch


def _inodes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*.html")}


def _edit_and_build(root: Path) -> None:
    path = root / STORY
    path.write_text(path.read_text(encoding="utf-8") + "\n他们在独角鲸观测站见过面。\n", encoding="utf-8")
    result = jishi_cli("build", "--root", str(root))
    assert result.returncode == 0, result.stderr


@pytest.fixture
def built(tmp_path):
    root = copy_real_site(tmp_path / "root", "https://example.cn/")
    result = jishi_cli("build", "--root", str(root))
    assert result.returncode == 0, result.stderr
    return root


def _other_stamp(record: BuildRecord) -> object:
    return dataclasses.replace(record, stamp=dataclasses.replace(record.stamp, jishi="0.0.1"))


def _code(record: BuildRecord) -> object:
    return dataclasses.replace(record, stamp=Stamp(code="0" * 64))


def _old_pickle(record: BuildRecord) -> object:  # a record as jishi kept it before BuildRecord
    return {"site_dir": record.site_dir, "rendered": record.rendered, "feed_html": record.feed_html,
            "shards": record.shards}


@pytest.mark.parametrize("made_by", [_other_stamp, _code, _old_pickle], ids=["version", "code", "old-pickle"])
def test_a_record_made_by_other_code_is_not_used(built, made_by):
    record = pickle.loads((built / RECORD).read_bytes())
    assert isinstance(record, BuildRecord) and record.rendered is not None
    (built / RECORD).write_bytes(pickle.dumps(made_by(record)))
    before = _inodes(built / "site")
    _edit_and_build(built)
    after = _inodes(built / "site")
    assert OTHER in before and OTHER in after
    assert [p for p in before if p in after and after[p] == before[p]] == []  # every page rendered again


def test_the_same_code_keeps_what_it_can(built):
    before = _inodes(built / "site")
    _edit_and_build(built)
    assert _inodes(built / "site")[OTHER] == before[OTHER]


def test_a_build_without_search_index_is_recorded(tmp_path, monkeypatch):
    monkeypatch.setenv("JISHI_SEARCH", "0")
    root = copy_real_site(tmp_path / "root", "https://example.cn/")
    result = jishi_cli("build", "--root", str(root))
    assert result.returncode == 0, result.stderr
    record = pickle.loads((root / RECORD).read_bytes())
    assert isinstance(record, BuildRecord)
    assert record.shards is None and record.site_dir == str((root / "site").resolve())
    assert record.feed_html  # the feed's stories, for a rebuild that renders only some of them
    before = _inodes(root / "site")
    _edit_and_build(root)
    after = _inodes(root / "site")
    assert after[OTHER] == before[OTHER]  # the record was used: an untouched page kept
    assert after["stories/zhang-song-xinsheng/index.html"] != before["stories/zhang-song-xinsheng/index.html"]
