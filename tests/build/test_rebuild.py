"""`jishi build` after a build: one changed story renders only what it needs, byte for byte a full build."""

from __future__ import annotations

import hashlib
import pickle
import re
from pathlib import Path

import pytest

from support import ALIASED, copy_real_site, jishi_cli, mkdocs_build, pagefind_records
from jishi.search.text import SPACE_MARK, pair_text

STORY = "stories/testimonial/zhang-song-xinsheng.md"
WORD = "独角鲸观测站"  # in no other file of the site


def _files(site: Path) -> dict[str, tuple[int, str]]:
    """Every file of a built site: (inode, sha256), by path."""
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, hashlib.sha256(p.read_bytes()).hexdigest())
            for p in site.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    """The real site built by `jishi build`, one story edited, built again; and a full build of the edit."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JISHI_SEARCH_SHARD_PAGES", "20")  # three shards: only the touched ones are indexed again
        # No delta bundle (jishi.search.delta, tests/build/test_search_delta.py): every change is folded
        # back into the shards at once, which gives a full build's bytes.
        patch.setenv("JISHI_SEARCH_DELTA_PAGES", "0")
        root = copy_real_site(tmp_path_factory.mktemp("rebuild") / "root", "https://example.cn/")
        first = jishi_cli("build", "--root", str(root))
        assert first.returncode == 0, first.stderr
        before = _files(root / "site")
        path = root / STORY
        path.write_text(path.read_text(encoding="utf-8") + f"\n他们在{WORD}见过面。\n", encoding="utf-8")
        second = jishi_cli("build", "--root", str(root))
        assert second.returncode == 0, second.stderr
        full = tmp_path_factory.mktemp("full") / "site"
        result = mkdocs_build(root, full)
        assert result.returncode == 0, result.stderr
    return root / "site", before, full


def _bundles(site: Path) -> list[Path]:
    return [site / "pagefind"] + sorted((site / "pagefind" / "shards").iterdir())


def test_a_rebuild_is_byte_identical_to_a_full_build(rebuilt):
    site, _, full = rebuilt
    got, want = _files(site), _files(full)
    # Every file, Pagefind's too (bundle.normalise makes its filters, page lists and entry
    # reproducible): the shards indexed again and the ones kept make the bundle a full build makes.
    assert sorted(got) == sorted(want)
    assert [p for p in want if got[p][1] != want[p][1]] == []
    assert [pagefind_records(b) for b in _bundles(site)] == [pagefind_records(b) for b in _bundles(full)]


def test_a_rebuild_writes_only_what_the_change_needs(rebuilt):
    site, before, _ = rebuilt
    after = _files(site)
    kept = {p for p in after if p in before and after[p][0] == before[p][0]}  # the same inode: not written
    written = set(after) - kept
    assert "stories/zhang-song-xinsheng/index.html" in written
    assert "people/zhang-song/index.html" in written  # lists the story
    assert "stories/dong-yongxiang-commentary/index.html" in kept
    assert [p for p in kept if re.fullmatch(r"assets/jishi/jishi\.[0-9a-f]{8}\.css", p)] and "stories/dong-yongxiang-commentary/qr.svg" in kept
    assert len(written) * 2 < len(after), (len(kept), len(written))
    # A file kept from the last site was never written through its link.
    assert all(after[p][1] == before[p][1] for p in kept)


def test_a_rebuild_indexes_again_only_the_shards_it_touched(rebuilt):
    site, before, _ = rebuilt
    after = _files(site)
    bundles = _bundles(site)
    assert len(bundles) >= 3
    paired = pair_text(WORD).strip(SPACE_MARK)  # as the index holds it (jishi.search.text)
    touched = [b for b in bundles if any(paired in r["content"] for r in pagefind_records(b))]
    assert len(touched) == 1
    untouched = [b for b in bundles if b not in touched and b.name != "pagefind"]
    assert untouched, "some shard must be left alone"
    for bundle in untouched:
        for path in bundle.rglob("*"):
            if path.is_file():
                rel = path.relative_to(site).as_posix()
                assert after[rel][0] == before[rel][0], rel


def test_a_state_without_the_shards_record_indexes_every_page_in_the_shards_the_pages_name(tmp_path, monkeypatch):
    # A state written before shards were recorded whole (their pages alone): nothing to keep, so
    # every page on disk is indexed again, cut in as many shards as every page's search box names.
    monkeypatch.setenv("JISHI_SEARCH_SHARD_PAGES", "20")
    root = copy_real_site(tmp_path / "root", "https://example.cn/")
    assert jishi_cli("build", "--root", str(root)).returncode == 0
    state_path = root / ".jishi-cache" / "build-state.pickle"
    record = pickle.loads(state_path.read_bytes())
    record.shards = [list(shard.pages) for shard in record.shards]
    state_path.write_bytes(pickle.dumps(record))
    path = root / STORY
    path.write_text(path.read_text(encoding="utf-8") + f"\n他们在{WORD}见过面。\n", encoding="utf-8")
    result = jishi_cli("build", "--root", str(root))
    assert result.returncode == 0, result.stderr
    site = root / "site"
    named = re.search(r'data-shards="([^"]*)"', (site / "index.html").read_text(encoding="utf-8")).group(1)
    assert [b.relative_to(site / "pagefind").as_posix() + "/" for b in _bundles(site)[1:]] == named.split()
    indexed = sorted("/" + p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html")
                     if "data-pagefind-body" in p.read_text(encoding="utf-8"))
    assert sorted(r["url"] for b in _bundles(site) for r in pagefind_records(b)) == indexed


def test_a_rebuild_that_cuts_the_index_in_other_shards_renders_every_page(tmp_path, monkeypatch):
    # Every page's search box names the shards: when their number changes (the site's text grew
    # past a shard's share, or the limits changed), a page kept from the last site would name the old ones.
    monkeypatch.setenv("JISHI_SEARCH_SHARD_PAGES", "20")
    root = copy_real_site(tmp_path / "root", "https://example.cn/")
    assert jishi_cli("build", "--root", str(root)).returncode == 0
    before = _files(root / "site")
    monkeypatch.setenv("JISHI_SEARCH_SHARD_PAGES", "30")
    path = root / STORY
    path.write_text(path.read_text(encoding="utf-8") + f"\n他们在{WORD}见过面。\n", encoding="utf-8")
    result = jishi_cli("build", "--root", str(root))
    assert result.returncode == 0, result.stderr
    site = root / "site"
    after = _files(site)
    named = {re.search(r'data-shards="([^"]*)"', p.read_text(encoding="utf-8")).group(1)
             for p in site.rglob("*.html") if 'data-shards="' in p.read_text(encoding="utf-8")}
    assert named == {"shards/2/"}
    assert [b.relative_to(site / "pagefind").as_posix() + "/" for b in _bundles(site)[1:]] == ["shards/2/"]
    pages = [p for p in after if p.endswith("index.html") and p in before]
    assert pages and all(after[p][0] != before[p][0] for p in pages)  # every page written again


def test_a_rebuild_after_a_failed_build_starts_from_the_site_on_disk(tmp_path):
    root = copy_real_site(tmp_path / "root", "https://example.cn/")
    assert jishi_cli("build", "--root", str(root)).returncode == 0
    path = root / STORY
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("kind:", "kindd:", 1), encoding="utf-8")
    assert jishi_cli("build", "--root", str(root)).returncode != 0
    assert not (root / ".jishi-cache" / "build-state.next.pickle").exists()
    path.write_text(good + f"\n{WORD}\n", encoding="utf-8")
    assert jishi_cli("build", "--root", str(root)).returncode == 0
    page = (root / "site" / "stories/zhang-song-xinsheng/index.html").read_text(encoding="utf-8")
    assert WORD in page


def _edited(root: Path) -> None:
    path = root / STORY
    path.write_text(path.read_text(encoding="utf-8") + f"\n他们在{WORD}见过面。\n", encoding="utf-8")


def test_a_rebuild_without_the_index_commits_only_what_it_wrote_and_equals_a_full_build(tmp_path, monkeypatch):
    # No shard to index again from the pages on disk: the rebuild stages only what changed and
    # commits it into the live site (jishi.editor.commit); everything else keeps its inode.
    monkeypatch.setenv("JISHI_SEARCH", "0")
    root = copy_real_site(tmp_path / "root", "https://example.cn/")
    assert jishi_cli("build", "--root", str(root)).returncode == 0
    before = _files(root / "site")
    _edited(root)
    second = jishi_cli("build", "--root", str(root))
    assert second.returncode == 0, second.stderr
    after = _files(root / "site")
    assert mkdocs_build(root, tmp_path / "full").returncode == 0
    want = _files(tmp_path / "full")
    assert sorted(after) == sorted(want)
    assert [p for p in want if after[p][1] != want[p][1]] == []
    written = {p for p in after if after[p][0] != before[p][0]}
    assert "stories/zhang-song-xinsheng/index.html" in written and "feed.xml" in written
    assert "stories/dong-yongxiang-commentary/index.html" not in written
    assert len(written) * 5 < len(after), len(written)
    assert not list(root.glob(".site.*")) and not (root / ".jishi-cache" / "commit-journal.json").exists()


@pytest.mark.parametrize("step", ["render", "swap", "commit", "promote"])
def test_a_build_killed_at_any_step_leaves_the_last_site_whole_and_the_next_build_finishes_it(
        tmp_path, monkeypatch, step):
    # JISHI_STOP_AT kills the build (SIGKILL) at a named step: while MkDocs renders, after it
    # succeeded, half way through the commit, before the record is promoted.
    monkeypatch.setenv("JISHI_SEARCH", "0")
    root = copy_real_site(tmp_path / "root", "https://example.cn/")
    assert jishi_cli("build", "--root", str(root)).returncode == 0
    before = _files(root / "site")
    _edited(root)
    monkeypatch.setenv("JISHI_STOP_AT", step)
    assert jishi_cli("build", "--root", str(root)).returncode != 0
    killed = _files(root / "site")
    monkeypatch.delenv("JISHI_STOP_AT")
    assert mkdocs_build(root, tmp_path / "full").returncode == 0
    want = _files(tmp_path / "full")
    assert sorted(killed) == sorted(before)  # every page of the last site still there
    if step in ("render", "swap"):  # nothing of the new build reached the site
        assert killed == before
    else:  # the commit had begun; each file whole: the last build's or the new one
        assert killed != before
        assert [p for p in killed if killed[p][1] not in (before[p][1], want[p][1])] == []
    page = (root / "site" / "stories/zhang-song-xinsheng/index.html").read_text(encoding="utf-8")
    assert page.rstrip().endswith("</html>")
    again = jishi_cli("build", "--root", str(root))
    assert again.returncode == 0, again.stderr
    got = _files(root / "site")
    assert sorted(got) == sorted(want) and [p for p in want if got[p][1] != want[p][1]] == []
    assert not list(root.glob(".site.*")) and not (root / ".jishi-cache" / "commit-journal.json").exists()


def test_a_rebuild_leaves_redirects_out_of_the_sitemap_as_a_full_build_does(tmp_path):
    root = copy_real_site(tmp_path / "root", "https://example.cn/")
    (root / "stories" / "commentary" / "xin-pinglun.md").write_text(ALIASED, encoding="utf-8")
    assert jishi_cli("build", "--root", str(root)).returncode == 0
    path = root / STORY
    path.write_text(path.read_text(encoding="utf-8") + f"\n他们在{WORD}见过面。\n", encoding="utf-8")
    second = jishi_cli("build", "--root", str(root))
    assert second.returncode == 0, second.stderr
    full = tmp_path / "full"
    assert mkdocs_build(root, full).returncode == 0
    sitemap = (root / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "jiu-pinglun" not in sitemap and "xin-pinglun" in sitemap
    assert sitemap == (full / "sitemap.xml").read_text(encoding="utf-8")
