"""The source cache kept on disk by `jishi build`: unchanged files are not read again, edits always are."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import jishi.content.source_cache as source_cache
from jishi.content.load import load_site
from jishi.content.source_cache import STAT_MARGIN_NS, SourceCache

ROOT = Path(__file__).resolve().parents[2]
STORY = "stories/testimonial/zhang-song-xinsheng.md"
HOUR_AGO = time.time() - 3600


@pytest.fixture()
def site(tmp_path):
    site = tmp_path / "site"
    for group in ("columns", "teams", "enterprises", "people", "testimonial"):
        (site / "stories" / group).mkdir(parents=True)
        for p in (ROOT / "stories" / group).glob("*.md"):
            (site / "stories" / group / p.name).write_bytes(p.read_bytes())
            os.utime(site / "stories" / group / p.name, (HOUR_AGO, HOUR_AGO))
    return site


def _parsed(monkeypatch) -> list[str]:
    """Every file parse_source is asked to parse from now on."""
    seen = []
    real = source_cache.parse_source

    def counting(raw, rel):
        seen.append(rel)
        return real(raw, rel)

    monkeypatch.setattr(source_cache, "parse_source", counting)
    return seen


def test_a_new_process_takes_unchanged_files_from_the_store_and_parses_only_the_edited_one(site, tmp_path,
                                                                                           monkeypatch):
    store = tmp_path / "sources.pickle"
    first, problems = load_site(site, cache=(cache := SourceCache(store, "code-1")))
    cache.save()
    parsed = _parsed(monkeypatch)
    again, again_problems = load_site(site, cache=SourceCache(store, "code-1"))  # as the next build's process
    assert parsed == []
    assert [(s.slug, s.data, s.body) for s in again.stories] == [(s.slug, s.data, s.body) for s in first.stories]
    assert list(map(str, again_problems)) == list(map(str, problems))
    path = site / STORY
    path.write_text(path.read_text(encoding="utf-8").replace("order: 2", "order: 3"), encoding="utf-8")
    os.utime(path, (HOUR_AGO + 60, HOUR_AGO + 60))
    edited, _ = load_site(site, cache=SourceCache(store, "code-1"))
    assert parsed == [STORY]
    assert next(s for s in edited.stories if s.slug == "zhang-song-xinsheng").order == 3


def test_another_code_stamp_or_a_broken_store_reads_every_file(site, tmp_path, monkeypatch):
    store = tmp_path / "sources.pickle"
    load_site(site, cache=(cache := SourceCache(store, "code-1")))
    cache.save()
    parsed = _parsed(monkeypatch)
    load_site(site, cache=SourceCache(store, "code-2"))
    assert STORY in parsed
    parsed.clear()
    store.write_bytes(b"not a pickle")
    site_again, _ = load_site(site, cache=SourceCache(store, "code-1"))
    assert STORY in parsed and site_again is not None


def test_a_file_changed_just_before_the_load_is_not_trusted_by_its_time(site, tmp_path, monkeypatch):
    # An edit within the same clock tick keeps size and mtime: a file this fresh is read again next time.
    store = tmp_path / "sources.pickle"
    path = site / STORY
    now = time.time_ns()
    os.utime(path, ns=(now, now))
    load_site(site, cache=(cache := SourceCache(store, "code-1")))
    cache.save()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("order: 2", "order: 3"), encoding="utf-8")  # same size
    os.utime(path, ns=(now, now))  # same instant
    assert now > time.time_ns() - STAT_MARGIN_NS
    edited, _ = load_site(site, cache=SourceCache(store, "code-1"))
    assert next(s for s in edited.stories if s.slug == "zhang-song-xinsheng").order == 3
