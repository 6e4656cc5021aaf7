"""The preview's kept pages (jishi.search.folder.KeptPages): an unchanged page goes to the index worker as
its key, read back from the copy kept. In the build layer: each test runs an index worker and Pagefind."""

from __future__ import annotations

import pytest
from support import pagefind_records

from jishi.search.folder import KeptPages, index_folder
from jishi.search.index import SearchIndexError
from jishi.search.worker import IndexWorker


def _page(text: str) -> str:
    return f'<html lang="zh-cn"><body><article data-pagefind-body><h1>{text}</h1><p>{text}工会</p></article></body></html>'


def _words(bundle) -> list[str]:
    """The first word of each page's indexed text."""
    return sorted(record["content"].split(".")[0] for record in pagefind_records(bundle))


def test_an_unchanged_page_goes_to_the_worker_as_its_key_and_is_indexed_from_the_kept_copy(tmp_path):
    site = tmp_path / "site"
    for name, word in {"a": "alphaword", "b": "betaword"}.items():
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(_page(word), encoding="utf-8")
    (site / "list.html").write_text("<p>listword</p>", encoding="utf-8")
    kept = KeptPages(site / ".copies")
    stats, _ = index_folder(site, tmp_path / "one", kept=kept)
    assert stats.pages == 2 and len(list(kept.folder.iterdir())) == 2
    fresh = tmp_path / "fresh"
    assert index_folder(site, fresh)[0].pages == 2  # the same pages without kept copies
    assert pagefind_records(tmp_path / "one") == pagefind_records(fresh)

    # The copy of a, altered behind jishi's back: the next run indexes the copy, never reading a again.
    (copy,) = [p for p in kept.folder.iterdir() if "alphaword" in p.read_text(encoding="utf-8")]
    characters, _, text = copy.read_text(encoding="utf-8").partition("\n")
    assert set(characters) == set("工会")  # the whole page's Han characters, first
    copy.write_text(characters + "\n" + text.replace("alphaword", "zetaword"), encoding="utf-8")
    (site / "b" / "index.html").write_text(_page("gammaword"), encoding="utf-8")  # b changed: read and cut again
    index_folder(site, tmp_path / "two", kept=kept)
    assert _words(tmp_path / "two") == ["gammaword", "zetaword"]
    assert len(list(kept.folder.iterdir())) == 2  # b's old copy removed

    (site / "a" / "index.html").write_text(_page("alphaword2"), encoding="utf-8")  # a changed: its copy is new
    (site / "b" / "index.html").unlink()
    stats, _ = index_folder(site, tmp_path / "three", kept=kept)
    assert stats.pages == 1 and _words(tmp_path / "three") == ["alphaword2"]
    assert len(list(kept.folder.iterdir())) == 1


def test_a_kept_copy_gone_before_the_worker_read_it_fails_the_run_in_chinese(tmp_path):
    worker = IndexWorker(copies=tmp_path / "copies")
    worker.keep("a/index.html", "0" * 32)  # a key whose copy is not there
    with pytest.raises(SearchIndexError, match="^搜索索引暂未更新（.*）；下次保存时重试$"):
        worker.write(tmp_path / "bundle")
    assert not (tmp_path / "bundle").exists()
