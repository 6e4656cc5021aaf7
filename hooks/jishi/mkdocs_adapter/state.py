"""What the hook remembers, by lifetime: one object per process, one per build.

`Process` (the hook's one module-level object, PROCESS) lives as long as
MkDocs runs (every rebuild of `mkdocs serve`): its mode, the schema's
fingerprint, the feed's HTML as last rendered, and the current `Build`.
`Build` is made new by every on_config (`Process.begin`): the site, its
planned pages, the guide's data, the images published, the problems shown
in the preview's banner, its `SearchPlan`, and on a `jishi build` rebuild
only, a `Republish` (what the last build's record lets it keep). What a
`jishi build` keeps for the next one is a `BuildRecord`
(jishi.mkdocs_adapter.record), written by `Publishing.built`.
The process keeps a *mode*, chosen once by on_startup: `Publishing`
for `mkdocs build` (a problem stops the build; a fresh search index) and
`Previewing` for `mkdocs serve` (problems are shown and the last good model
kept; rebuilds render only what a save changed; the index follows in the
background). Each difference between the two commands is a method of the
mode, so the hook never asks which command runs.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from jishi.content.problems import format_problems
from jishi.content.schema import SCHEMA_DIR, load_schema
from jishi.content.source_cache import SHARED, SourceCache
from jishi.editor.commit import stop_here
from jishi.mkdocs_adapter.console import speak_chinese
from jishi.mkdocs_adapter.internals import quiet_dirty_builds
from jishi.mkdocs_adapter.rebuild import (bytecode_dir, code_stamp, complete_staging, indexed_digest, indexed_digests,
                                          keep_live_files, target_dir)
from jishi.mkdocs_adapter.record import BuildRecord, Rendered, Stamp, last_build, save_build
from jishi.mkdocs_adapter.serve import skip_unchanged
from jishi.search.delta import republish_index
from jishi.search.folder import index_folder
from jishi.search.index import BUNDLE_DIR, SearchIndexError, SearchIndexStats
from jishi.search.live import LiveIndex
from jishi.search.runner import SHARD_PAGES, Shard, SiteIndexer, page_weights, shard_count, shard_dirs
from jishi.site.render import MemoryBytecodeCache, TemplateContext

if TYPE_CHECKING:
    from jishi.content.model import Site
    from jishi.content.problems import Problem
    from jishi.site.plan import PlannedPage

__all__ = ["Build", "Rendered", "Republish", "SearchPlan", "Publishing", "Previewing", "Process", "preview_log", "log",
           "search_enabled"]

log = get_plugin_logger("jishi")
# Under serve, problems go to a logger outside "mkdocs", so that strict mode
# does not abort the rebuild and freeze the browser on the old page.
preview_log = logging.getLogger("jishi.preview")
if not preview_log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(levelname)-8s-  jishi: %(message)s"))
    preview_log.addHandler(_handler)
    preview_log.propagate = False


@dataclass
class Republish:
    """A `jishi build` rebuild (``Publishing(rebuild=True)``) with a usable record of the last build."""

    indexed_before: dict[str, str | None]  # page → digest of its indexed part, last build
    live: Path  # the last build's site, still serving; this build writes only what changed, into staging
    shards_from: list[Shard] | None  # the last build's search shards (None: an old record, index every page)
    feed_from: dict[str, str]  # story slug → body HTML, last build (stories not rendered again keep theirs)
    rendered_pages: set[str] = field(default_factory=set)  # pages whose indexed part changed: their shards again
    whole: bool = False  # staging was completed with the rest of the live site (complete_staging): swapped in whole


@dataclass
class SearchPlan:
    """The search index of one build: its shards, named in every page, and what feeds them."""

    dirs: list[str] = field(default_factory=list)  # shard folders named in every page's search box
    expected: int = 0  # the pages the plan says the index will hold
    weights: list[int] = field(default_factory=list)  # what each of them weighs for the cut into shards
    pages: set[str] = field(default_factory=set)  # the pages it will hold (paths under the site)
    indexer: SiteIndexer | None = None  # fed each page as it renders (a publishing build)
    shards: list[Shard] | None = None  # the shards written, for the build record


@dataclass
class Build:
    """Per build: made by on_config (Process.begin)."""

    root: Path
    stamp: Stamp | None = None  # what made this build (jishi's code, its engines)
    site: Site | None = None
    pages: dict[str, PlannedPage] = field(default_factory=dict)  # src_uri → PlannedPage
    guide: dict = field(default_factory=dict)
    images: dict = field(default_factory=dict)  # published: image path → PublishedImage
    problems: list[Problem] = field(default_factory=list)  # shown in the preview's banner
    env: Environment | None = None
    rendered: Rendered | None = None  # what this build renders, for the next rebuild
    theme_css: str | None = None  # Material's main stylesheet (the palette is merged into jishi.css)
    assets: dict[str, str] = field(default_factory=dict)  # jishi's own assets: file name → content-hashed URI
    feed_slugs: frozenset[str] = frozenset()  # the stories the feed carries (jishi.site.feed.feed_stories)
    feed_html: dict[str, str] = field(default_factory=dict)  # story slug → body HTML the feed carries
    lastmod: str | None = None  # the sitemap's date (the newest story's), unless SOURCE_DATE_EPOCH is set
    static_templates: tuple[str, ...] = ()  # the theme's templates written on every build (404.html, sitemap.xml)
    search: SearchPlan = field(default_factory=SearchPlan)
    republish: Republish | None = None  # only on a `jishi build` rebuild

    def planned(self, page):
        """The planned page behind an MkDocs page, or None for hand-written ones."""
        return self.pages.get(page.file.src_uri)

    def context(self, ref: tuple, description: str = "") -> TemplateContext:
        """What the template of the page ref sees (description: its planned share description)."""
        return TemplateContext(self.site, ref, guide=self.guide, images=self.images, description=description)


SOURCES_STORE = ".jishi-cache/sources.pickle"  # Publishing's SourceCache, kept between builds
INDEXED = ("story", "team", "enterprise", "column", "person")  # the templates with data-pagefind-body


def _shard_limit() -> int:
    return int(os.environ.get("JISHI_SEARCH_SHARD_PAGES") or SHARD_PAGES)  # tests and benchmarks


def search_enabled() -> bool:
    """False under ``JISHI_SEARCH=0`` (benchmarks time the pages alone)."""
    return os.environ.get("JISHI_SEARCH", "1") != "0"


@dataclass
class Publishing:
    """`mkdocs build` (and anything but serve): every problem stops the build.

    The search index is fed each page as it renders (jishi.search.runner).
    Under `jishi build` after a build (``rebuild``, MkDocs' --dirty), only the
    pages and search shards a change needs are written (jishi.mkdocs_adapter.rebuild).
    """

    rebuild: bool = False
    drafts = False  # drafts are never in a build that could be published
    incremental = False
    guide = None  # the editor's guide only if jishi.yml says `guide: true`

    def sources(self, build: Build) -> SourceCache:
        """Stories parsed and checked by the last build, on disk (unchanged files are not read again)."""
        return SourceCache(build.root / SOURCES_STORE, build.stamp.code)

    def accept(self, checked, build: Build):
        """The site to build from checked; raises PluginError on any error.

        With errors, the error's list holds the warnings too: each said once.
        """
        if checked.site is None or checked.problems.errors:
            raise PluginError("稿件检查未通过：\n" + format_problems(checked.problems))
        for problem in checked.problems.warnings:
            log.warning(str(problem))
        # An orphan entity is left out on purpose (its page comes with its first
        # story): said, but not a reason to fail a strict build.
        for note in checked.notes:
            log.info(str(note))
        return checked.site

    def prepare_env(self, env, root: Path | None = None) -> None:
        """Compiled templates are kept on disk between builds (keyed by source checksum)."""
        if root is not None:
            env.bytecode_cache = FileSystemBytecodeCache(str(bytecode_dir(root)))

    def remember(self, files, site_dir: Path, rendered: Rendered, build: Build) -> None:
        """Note what this build renders; on a rebuild, skip what the last one wrote."""
        build.rendered = rendered
        if not self.rebuild:
            return
        live = Path(target_dir(site_dir))
        last = last_build(build.root, str(live), build.stamp)
        if skip_unchanged(files, site_dir, last and last.rendered, rendered) is not None:
            keep_live_files(files, live)  # staging starts empty: MkDocs' copies are compared with the live site's
            shards = last.shards  # a record without the shards whole: index every page
            build.republish = Republish(indexed_digests(files, live), live,
                                        shards if shards and all(isinstance(s, Shard) for s in shards) else None,
                                        last.feed_html)

    def plan_index(self, config, pages, build: Build) -> None:
        """How many search shards, named in every page's search box (so a change of it renders every page)."""
        indexed = [p for p in pages if p.ref[0] in INDEXED and p.template != "jishi/redirect.html"]
        plan = build.search
        plan.expected, plan.weights = len(indexed), page_weights(p.body for p in indexed)
        plan.pages = {p.url + "index.html" for p in indexed}
        plan.dirs = shard_dirs(shard_count(plan.expected, _shard_limit(), plan.weights))

    def start_index(self, config, pages, build: Build) -> None:
        """Start feeding Pagefind as pages render (not on a rebuild: it indexes the touched shards after)."""
        if build.republish is None and search_enabled():
            plan = build.search
            try:
                plan.indexer = SiteIndexer(Path(config.site_dir), plan.expected, _shard_limit(), weights=plan.weights)
            except SearchIndexError as error:
                raise PluginError(str(error)) from None

    def page(self, path: str, html: str, build: Build) -> None:
        """A page was rendered: to the index, or noted for the rebuild's shards."""
        again = build.republish
        stop_here("render")
        if build.search.indexer is not None:
            build.search.indexer.add(path, html)
        elif again is not None and again.indexed_before.get(path) != indexed_digest(html):
            again.rendered_pages.add(path)  # what Pagefind reads of it changed: its shard is indexed again

    def index(self, site_dir: Path, build: Build) -> SearchIndexStats | None:
        """The index fed while rendering, written; on a rebuild, the touched shards indexed again."""
        plan, again = build.search, build.republish
        if plan.indexer is not None:
            stats, plan.shards = plan.indexer.finish(), plan.indexer.shards()
        elif again is not None and again.shards_from is not None and not again.rendered_pages:
            stats, plan.shards = SearchIndexStats(pages=0, seconds=0.0, bundle=site_dir / BUNDLE_DIR), again.shards_from
        else:  # read from the pages on disk: the whole site in staging
            if again is not None:
                complete_staging(site_dir, again.live)
                again.whole = True
            if again is not None and again.shards_from is not None:  # the changed pages in the delta
                last_site = Path(target_dir(site_dir))
                stats, plan.shards = republish_index(site_dir, again.shards_from, again.rendered_pages, plan.pages,
                                                     last_site if last_site.resolve() != site_dir.resolve() else None)
            else:  # a rebuild of a build without an index (or its shards' record): every page on disk,
                # in as many shards as the pages' search boxes name
                stats, plan.shards = index_folder(site_dir, limit=_shard_limit(), weights=plan.weights)
        return stats

    def built(self, site_dir: Path, build: Build) -> None:
        """The build record, for the next `jishi build` (written only when `jishi build` runs this build)."""
        if build.rendered is not None and build.stamp is not None:
            again = build.republish
            save_build(build.root, BuildRecord(target_dir(site_dir), build.rendered, build.stamp,
                                               feed_html=build.feed_html, shards=build.search.shards),
                       staged_only=again is not None and not again.whole)

    def failed(self, build: Build) -> None:
        """Stop Pagefind; no record of this build is kept."""
        if build.search.indexer is not None:
            build.search.indexer.kill()
            build.search.indexer = None

    def close(self) -> None:
        """Nothing to stop."""


@dataclass
class Previewing:
    """`mkdocs serve`: never stop on a broken story; rebuild only what a save changed."""

    incremental: bool = False  # rebuilds keep the site folder (on_serve, or --dirty)
    guide = True  # editors preview with their guide built and linked
    last_good: object = None  # the site of the last load without errors
    bytecode: MemoryBytecodeCache = field(default_factory=MemoryBytecodeCache)
    search: LiveIndex | None = None
    rendered: Rendered | None = None  # the last complete build
    watchers: list = field(default_factory=list)  # inotify observers on_serve started (internals.watch_at_once)

    @property
    def drafts(self) -> bool:
        """Drafts are shown only in a local preview, and only when asked for."""
        return os.environ.get("JISHI_DRAFTS") == "1"

    def sources(self, build: Build) -> SourceCache:
        """Stories parsed and checked by the last rebuild of this process."""
        return SHARED

    def accept(self, checked, build: Build):
        """Report problems without stopping; while any is an error, keep the last good model."""
        problems = sorted(set(checked.problems))
        for problem in problems:
            preview_log.log(logging.ERROR if problem.is_error else logging.WARNING, str(problem))
        build.problems = problems
        if checked.site is not None and not checked.problems.errors:
            self.last_good = checked.site
            return checked.site
        if self.last_good is None:
            raise PluginError("稿件检查未通过，预览无法开始：\n" + format_problems(checked.problems))
        preview_log.error("以上错误改好之前，预览显示上一次正确时的页面。")
        return self.last_good

    def prepare_env(self, env, root: Path | None = None) -> None:
        """Rebuilds reuse compiled templates (keyed by source checksum)."""
        env.bytecode_cache = self.bytecode

    def plan_index(self, config, pages, build: Build) -> None:
        """One bundle, indexed behind the preview (jishi.search.live)."""
        build.search.dirs = []

    def start_index(self, config, pages, build: Build) -> None:
        """Nothing to start: the live index reads the pages written."""

    def page(self, path: str, html: str, build: Build) -> None:
        """The live index reads the written pages."""

    def remember(self, files, site_dir: Path, rendered: Rendered, build: Build) -> None:
        """Record this build; skip what the last one already wrote (incremental rebuilds)."""
        last, self.rendered = self.rendered, None
        build.rendered = rendered
        if self.incremental:
            skip_unchanged(files, site_dir, last, rendered)

    def index(self, site_dir: Path, build: Build) -> SearchIndexStats | None:
        """The first index now (its stats); later ones in the background (None)."""
        if self.search is None or self.search.site_dir != site_dir.resolve():
            self.search = LiveIndex(site_dir, report=_report_index)
        if not (site_dir / BUNDLE_DIR).is_dir():
            return self.search.build()
        self.search.request()
        return None

    def built(self, site_dir: Path, build: Build) -> None:
        """What this build rendered, for the next rebuild to compare."""
        if build.rendered is not None:
            self.rendered = build.rendered

    def failed(self, build: Build) -> None:
        """Some pages may be half written: the next rebuild renders everything."""
        self.rendered = build.rendered = None

    def close(self) -> None:
        """Stop the background index and the file watchers."""
        if self.search is not None:
            self.search.close()
            self.search = None
        while self.watchers:
            self.watchers.pop().stop()


def _report_index(stats, error) -> None:
    if error is not None:
        preview_log.error(str(error))
    else:
        log.info(f"搜索索引已更新：{stats.pages} 个页面，用时 {stats.seconds:.1f} 秒")


@dataclass
class Process:
    """Per process: the mode, whether the user set SOURCE_DATE_EPOCH, the schema's fingerprint, the build."""

    mode: Publishing | Previewing = field(default_factory=Publishing)
    user_epoch: bool = field(default_factory=lambda: "SOURCE_DATE_EPOCH" in os.environ)
    schema: list | None = None
    feed_html: dict[str, str] = field(default_factory=dict)  # story slug → body HTML as last rendered, for the feed
    build: Build = field(default_factory=lambda: Build(root=Path(".")))  # the current one, made by begin

    def begin(self, root: Path) -> Build:
        """on_config: a new build of the site in root (a saved schema file counts from this build on)."""
        fingerprint = [(p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(SCHEMA_DIR.glob("*.yaml"))]
        if self.schema != fingerprint:
            load_schema.cache_clear()
            self.schema = fingerprint
        self.build = Build(root=root, stamp=Stamp(code_stamp()))
        return self.build

    def start(self, command: str, dirty: bool) -> None:
        """on_startup: `mkdocs serve` previews; anything else publishes."""
        self.mode = Previewing(incremental=dirty) if command == "serve" else Publishing(rebuild=dirty)
        if command == "serve":  # the editor reads the preview's console: in Chinese
            speak_chinese(preview_log)
        if dirty and command != "serve":  # MkDocs' warning about dirty builds would fail --strict
            quiet_dirty_builds()
