"""A republish indexes only the changed pages, into a delta bundle (jishi.search.delta); compaction folds it back.

What readers find is compared with a full build in Chromium (tests/browser/test_search_delta_browser.py);
here: what the delta holds, the lists it leaves, and compaction.
"""

from __future__ import annotations

import json

import pytest

from delta_sites import EDITED, NEW_WORD, SECOND, edit_story, record_shards, republished_site
from support import jishi_cli, mkdocs_build, pagefind_records
from jishi.search.bundle import page_list
from jishi.search.delta import Delta


@pytest.fixture(scope="module")
def republished(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JISHI_SEARCH_SHARD_PAGES", "20")
        root, full = republished_site(tmp_path_factory.mktemp("delta"), patch)
        yield root, full, patch


def _page(story: str) -> str:
    return "stories/" + story.rsplit("/", 1)[1].removesuffix(".md") + "/index.html"


def _lists(site) -> dict:
    found = json.loads((site / "pagefind/jishi-fold.json").read_text(encoding="utf-8"))
    lists = {}
    for path in (site / "pagefind" / found["listsDir"]).glob("*.json"):
        lists.update(json.loads(path.read_text(encoding="utf-8")))
    return lists


def test_the_delta_holds_each_changed_page_once_and_masks_it_in_the_shards(republished):
    root, _, _ = republished
    shards = record_shards(root)
    delta = shards[-1]
    assert isinstance(delta, Delta) and not any(isinstance(s, Delta) for s in shards[:-1])
    # EDITED changed twice: once; with the pages listing the stories (a column, the people).
    assert {_page(EDITED), _page(SECOND), "people/zhang-song/index.html"} <= set(delta.pages)
    assert len(delta.pages) == len(set(delta.pages)) and delta.masked == set(delta.pages)
    site = root / "site"
    fold = json.loads((site / "pagefind/jishi-fold.json").read_text(encoding="utf-8"))
    assert fold["delta"] == "delta/"
    assert sorted(r["url"] for r in pagefind_records(site / "pagefind/delta")) == [
        "/" + p.removesuffix("index.html") for p in sorted(delta.pages)]
    assert any(NEW_WORD[:2] in r["content"] for r in pagefind_records(site / "pagefind/delta"))
    # The masked ids are the ids the older shards give those pages (what a merged result carries).
    ids = {}
    for n, shard in enumerate(shards[:-1], start=1):
        folder = site / "pagefind" / ("" if n == 1 else f"shards/{n}")
        ids.update({page: entry[0] for page, entry in zip(shard.pages, page_list(folder)[1])})
    assert sorted(fold["masked"]) == sorted(ids[p] for p in delta.masked)
    assert fold["masked"][ids[_page(EDITED)]]["类型"] == ["心声"]  # what it counted under each filter


def test_the_lists_after_a_delta_count_and_name_what_a_full_build_does(republished):
    root, full, _ = republished
    got, want = _lists(root / "site"), _lists(full)
    assert got.keys() == want.keys() and "职工" in got
    assert {w: e[0] for w, e in got.items()} == {w: e[0] for w, e in want.items()}
    masked = set(json.loads((root / "site/pagefind/jishi-fold.json").read_text(encoding="utf-8"))["masked"])
    assert not [ref for entry in got.values() for ref in entry[1:] if ref.rpartition(":")[2] in masked]
    assert any(ref.startswith("4:") for entry in got.values() for ref in entry[1:])  # the delta's pages listed


def test_past_the_delta_size_it_is_folded_back_into_the_shards(republished):
    root, full, patch = republished
    patch.setenv("JISHI_SEARCH_DELTA_PAGES", "2")
    edit_story(root, SECOND, "员工", "职员")  # a third page would make it 3 > 2
    edit_story(root, "stories/testimonial/su-jian-xinsheng.md", "。", "。", "\n又一次修改。\n")
    result = jishi_cli("build", "--root", str(root))
    assert result.returncode == 0, result.stderr
    site, again = root / "site", root.parent / "full-again"
    assert mkdocs_build(root, again).returncode == 0
    assert not (site / "pagefind/delta").exists()
    assert not any(isinstance(s, Delta) for s in record_shards(root))
    fold = json.loads((site / "pagefind/jishi-fold.json").read_text(encoding="utf-8"))
    assert "delta" not in fold and "masked" not in fold
    bundles = [site / "pagefind", *sorted((site / "pagefind/shards").iterdir())]
    assert [pagefind_records(b) for b in bundles] == [
        pagefind_records(again / b.relative_to(site)) for b in bundles]
    assert (site / "pagefind/jishi-fold.json").read_bytes() == (again / "pagefind/jishi-fold.json").read_bytes()
