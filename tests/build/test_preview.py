"""The live preview: rebuilds that render only the affected pages, and the search index behind them.

Rebuilds that render only the affected pages must write what a full build writes.

Under `mkdocs serve`, rebuilds after a save keep the site folder and render
only the pages jishi.site.incremental names. Here a synthetic site is built the way
serve builds it (in one process, "dirty" rebuilds), edited in every way an
editor edits a story, and after each edit every file of the kept folder is
compared with a fresh full build of the same content.
"""

from __future__ import annotations

import dataclasses
import filecmp
import gzip
import importlib
import logging
import re
import sys
import time
from pathlib import Path

import pytest

from support import HOOKS, ROOT
from jishi.content.load import load_site
from jishi.mkdocs_adapter import internals
from jishi.site.feed import feed_stories
from jishi.site.incremental import ALWAYS, affected_pages, changed_stories
from jishi.search.live import LiveIndex
from jishi.site.plan import plan_pages

sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402

SERVE_URL = "http://127.0.0.1:9/"


def _set(path: Path, key: str, value: str) -> None:
    """Replace one front-matter line `key: ...` (or add it after `kind:`)."""
    text = path.read_text(encoding="utf-8")
    head, sep, body = text[4:].partition("\n---\n")
    if re.search(rf"^{key}:.*$", head, flags=re.M):
        head = re.sub(rf"^{key}:.*$", f"{key}: {value}", head, count=1, flags=re.M)
    else:
        head = head.replace("\n", f"\n{key}: {value}\n", 1)
    path.write_text("---\n" + head + sep + body, encoding="utf-8")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n\n{text}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    out = tmp_path_factory.mktemp("incremental")
    generate.generate(60, out, hooks=HOOKS)
    return out / "jishi"


class ServeLike:
    """Builds a site as `mkdocs serve` does, in this process, with jishi's dirty rebuilds."""

    def __init__(self, site: Path, out: Path):
        from mkdocs.config import load_config

        self.site, self.out, self.load_config = site, out, load_config
        config = self.config(out / "served")
        config.plugins.on_startup(command="serve", dirty=False)
        self.hook = importlib.import_module("jishi.mkdocs_adapter.hook")
        self.build(config, dirty=False)
        self.hook.PROCESS.mode.incremental = True  # as on_serve sets it
        internals.quiet_dirty_builds()

    def config(self, site_dir: Path):
        config = self.load_config(config_file=str(self.site / "mkdocs.yml"), site_dir=str(site_dir))
        config.site_url = SERVE_URL
        return config

    def build(self, config, dirty: bool) -> None:
        from mkdocs.commands.build import build

        build(config, serve_url=SERVE_URL, dirty=dirty)

    def rebuild(self) -> None:
        self.build(self.config(self.out / "served"), dirty=True)

    def full(self, name: str) -> Path:
        """A clean build of the same content elsewhere; the serve state is left as it was."""
        saved = self.hook.PROCESS.mode
        self.hook.PROCESS.mode = dataclasses.replace(saved, incremental=False)
        try:
            self.build(self.config(self.out / name), dirty=False)
        finally:
            self.hook.PROCESS.mode = saved
        return self.out / name

    def close(self) -> None:
        logging.getLogger(internals.DIRTY_LOGGER).removeFilter(internals.quiet_dirty_warning)
        self.hook.PROCESS.start("build", dirty=False)


def _differences(a: Path, b: Path) -> list[str]:
    found = []

    def walk(cmp: filecmp.dircmp, rel: str) -> None:
        found.extend(f"{rel}{n} (only in the kept folder)" for n in cmp.left_only)
        found.extend(f"{rel}{n} (missing from the kept folder)" for n in cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(f"{rel}{n}" for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{rel}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return found


def _story(site: Path, kind: str, index: int = 0) -> Path:
    return sorted((site / "stories" / kind).rglob("*.md"))[index]


def _with_column(site: Path) -> Path:
    return next(p for p in sorted((site / "stories").rglob("*.md"))
                if "\ncolumn:" in p.read_text(encoding="utf-8"))


def test_rebuilds_after_each_kind_of_edit_write_what_a_full_build_writes(synthetic, tmp_path, monkeypatch):
    monkeypatch.setenv("JISHI_SEARCH", "0")
    monkeypatch.setenv("JISHI_TODAY", "2030-01-01")
    # The hook sets it from the content: put back whatever was there (nothing) afterwards.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    serve = ServeLike(synthetic, tmp_path)
    try:
        _edit_and_compare(synthetic, tmp_path, serve)
    finally:
        serve.close()


def _edit_and_compare(synthetic: Path, tmp_path: Path, serve: ServeLike) -> None:
    teams = sorted((synthetic / "stories" / "teams").glob("*.md"))
    columned = _with_column(synthetic)
    edits = [
        ("body", lambda: _append(_story(synthetic, "case"), "预览新增的一段话。")),
        ("title", lambda: _set(columned, "title", "改过的标题")),
        ("order in its column", lambda: _set(columned, "order", "99")),
        ("summary", lambda: _set(_story(synthetic, "commentary"), "summary", "新的摘要。")),
        ("team", lambda: _set(_story(synthetic, "case", 1), "team", teams[-1].stem)),
        ("date", lambda: _set(_story(synthetic, "testimonial"), "date", "'2029-12-31'")),
        ("photo caption", lambda: _set(_story(synthetic, "photo"), "caption", "新的图注")),
        ("a team's name", lambda: _set(teams[0], "name", "改名的工作队")),
        ("made a draft", lambda: _set(_story(synthetic, "case", 2), "draft", "true")),
        ("broken", lambda: _set(_story(synthetic, "case", 3), "kind", "nonsense")),
        ("fixed", lambda: _set(_story(synthetic, "case", 3), "kind", "case")),
    ]
    for i, (what, edit) in enumerate(edits):
        edit()
        serve.rebuild()
        full = serve.full(f"full-{i}")
        assert _differences(tmp_path / "served", full) == [], f"after the edit of the {what}"


def test_a_body_edit_renders_the_story_and_the_pages_listing_it(synthetic):
    old, _ = load_site(synthetic, today="2030-01-01")
    path = _story(synthetic, "case")
    text = path.read_text(encoding="utf-8")
    try:
        _append(path, "只改正文。")
        new, _ = load_site(synthetic, today="2030-01-01")
    finally:
        path.write_text(text, encoding="utf-8")
    pages = plan_pages(new, with_guide=True)  # as previewed: the guide is built
    story = next(s for s in new.stories if s.path.endswith(path.name))
    assert changed_stories(old, new) == {story.slug}
    affected = affected_pages(old, new, pages)
    assert f"stories/{story.slug}.md" in affected
    assert f"teams/{story.team.slug}.md" in affected and "kinds/case.md" in affected
    assert {"index.md", "guide.md", "teams/index.md"} <= affected
    linked = {s.slug for s in new.stories if story in (new.relations.previous.get(s.slug),
                                                       new.relations.next.get(s.slug),
                                                       *new.relations.related.get(s.slug, []))}
    assert {f"stories/{slug}.md" for slug in linked} <= affected
    assert len(affected) < len(pages) / 3  # not everything
    assert affected_pages(old, old, pages) == {p.src_uri for p in pages if p.ref in ALWAYS}


def test_anything_but_a_story_edit_renders_everything(synthetic):
    old, _ = load_site(synthetic, today="2030-01-01")
    team = sorted((synthetic / "stories" / "teams").glob("*.md"))[0]
    text = team.read_text(encoding="utf-8")
    try:
        _set(team, "name", "又改名的工作队")
        new, _ = load_site(synthetic, today="2030-01-01")
    finally:
        team.write_text(text, encoding="utf-8")
    assert affected_pages(old, new, plan_pages(new)) is None
    assert affected_pages(None, old, plan_pages(old)) is None


def test_a_changed_jishi_yml_renders_everything(synthetic):
    # Its footer lines are on every page: a rebuild that kept the other pages would show the old ones.
    old, _ = load_site(synthetic, today="2030-01-01")
    settings = synthetic / "jishi.yml"
    had = settings.read_text(encoding="utf-8") if settings.exists() else None
    try:
        settings.write_text("sponsor: 又一个主办单位\n", encoding="utf-8")
        new, _ = load_site(synthetic, today="2030-01-01")
    finally:
        settings.unlink()
        if had is not None:
            settings.write_text(had, encoding="utf-8")
    assert new.settings.sponsor == "又一个主办单位"
    assert affected_pages(old, new, plan_pages(new)) is None


def test_a_story_that_comes_into_the_feed_is_rendered_for_it(synthetic):
    old, _ = load_site(synthetic, today="2030-01-01")
    settings = synthetic / "jishi.yml"
    had = settings.read_text(encoding="utf-8") if settings.exists() else None
    window = feed_stories(old)
    path = synthetic / window[0].path  # the newest story goes back in time: the next one comes in
    text = path.read_text(encoding="utf-8")
    try:
        settings.write_text("feed_entries: 3\n", encoding="utf-8")
        old, _ = load_site(synthetic, today="2030-01-01")
        _set(path, "date", "'1999-01-01'")
        new, _ = load_site(synthetic, today="2030-01-01")
    finally:
        path.write_text(text, encoding="utf-8")
        settings.unlink()
        if had is not None:
            settings.write_text(had, encoding="utf-8")
    before, after = [s.slug for s in feed_stories(old)], [s.slug for s in feed_stories(new)]
    assert len(before) == len(after) == 3 and before != after
    (came,) = set(after) - set(before)
    assert changed_stories(old, new) == {old.by_slug[before[0]].slug}
    affected = affected_pages(old, new, plan_pages(new))
    assert f"stories/{came}.md" in affected


# --- the search index behind the preview -------------------------------------

def _page(text: str) -> str:
    return f"<html><body><article data-pagefind-body><h1>{text}</h1><p>{text}</p></article></body></html>"


def _indexed(site: Path) -> str:
    """Every file of the served bundle, gunzipped, as one text."""
    texts = []
    for path in sorted((site / "pagefind").rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            texts.append((gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).decode("utf-8", "ignore"))
    return "\n".join(texts)


def _wait(predicate, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def test_the_live_index_follows_saved_pages_in_the_background(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text(_page("alphaword"), encoding="utf-8")
    (site / "b.html").write_text(_page("betaword"), encoding="utf-8")
    (site / "list.html").write_text("<html><body>listword</body></html>", encoding="utf-8")
    reports = []
    index = LiveIndex(site, report=lambda stats, error: reports.append((stats, error)))
    try:
        assert index.build().pages == 2
        text = _indexed(site)
        assert "alphaword" in text and "betaword" in text and "listword" not in text

        (site / "b.html").write_text(_page("gammaword"), encoding="utf-8")
        index.request()  # returns at once; the bundle is replaced when Pagefind is done
        _wait(lambda: "gammaword" in _indexed(site), "the edited page in the index")
        assert "betaword" not in _indexed(site) and "alphaword" in _indexed(site)

        (site / "a" / "index.html").unlink()
        index.request()
        _wait(lambda: len(reports) == 2, "the second background run")
        assert "alphaword" not in _indexed(site)
        assert [(stats.pages, error) for stats, error in reports] == [(2, None), (1, None)]
        assert sorted(p.name for p in site.iterdir()) == [".jishi-search", "a", "b.html", "list.html", "pagefind"]
        assert len(list((site / ".jishi-search").iterdir())) == 1  # the copy of b.html alone: a's was removed
        assert (site / "pagefind" / "pagefind.js").is_file() and not list((site / "pagefind").glob("pagefind-ui.*"))
    finally:
        index.close()
    assert not (site / ".jishi-search").exists()
