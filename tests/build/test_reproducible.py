"""Two builds of the same content are byte for byte the same, the search bundle included."""

from __future__ import annotations

from pathlib import Path

from support import ROOT


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical_pagefind_included(built_site, tmp_path, mkdocs_build):
    again = tmp_path / "site"
    result = mkdocs_build(ROOT, again)
    assert result.returncode == 0, result.stderr
    first, second = _files(built_site), _files(again)
    # Pagefind writes filter values in hash-map order; without jishi.search.bundle the
    # filter files, the page list and the entry differ from build to build.
    assert [name for name in first if name.startswith("pagefind/filter/")], "the bundle has filters"
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
