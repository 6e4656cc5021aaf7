"""Pagefind's weight markers, read back from a real index: every weight counts as Pagefind stored it."""

from __future__ import annotations

import pytest

from jishi.search.bundle import page_list, read_pagefind_file
from jishi.search.frequent import _counts
from jishi.search.service import PagefindService

# data-pagefind-weight as typed → the weighted count of "zebra" on its page: one plain place
# (weight 24, counted 1) plus the marked place at Pagefind's stored weight (round(24 × w),
# w clamped to 0–10; not a number: plain).
WEIGHTS = {"0.5": 1.5, "10": 11, "-3": 1, "0": 1, "2": 3, "1": 2, "11": 11, "abc": 2, "0.04": 1 + 1 / 24}


def _page(weight: str, plain: bool = True) -> str:
    text = "<p>zebra alpha</p>" if plain else ""
    return (f'<html lang="zh-cn"><body><main data-pagefind-body>{text}'
            f'<p><span data-pagefind-weight="{weight}">zebra</span> gamma</p></main></body></html>')


def test_every_weight_marker_counts_its_places_at_the_weight_pagefind_stored(tmp_path):
    service = PagefindService()
    for n, weight in enumerate(WEIGHTS):
        service.add(f"p{n}/index.html", _page(weight))
    service.add("only/index.html", _page("0.5", plain=False))  # no plain place at all
    service.write(tmp_path)
    postings = next(entry[1] for chunk in page_list(tmp_path)[2]
                    for entry in read_pagefind_file(tmp_path / "index" / f"{chunk[2]}.pf_index")[0]
                    if entry[0] == "zebra")
    assert any(places[:1] != [-25] for _, places, *_ in postings)  # markers other than plain text are there
    counts = list(_counts(postings))
    assert [n for n, _, _ in counts] == list(range(len(WEIGHTS) + 1))
    assert [tf for _, _, tf in counts] == pytest.approx([*WEIGHTS.values(), 0.5])
    assert [titles for _, titles, _ in counts] == [0] * (len(WEIGHTS) + 1)
