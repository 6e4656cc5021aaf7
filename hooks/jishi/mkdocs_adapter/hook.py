"""MkDocs hook: a thin adapter from MkDocs events to the jishi core.

on_startup notes the command: `mkdocs serve` previews, anything else publishes
           (jishi.mkdocs_adapter.state, one mode object per process);
on_config  starts a new per-build state (PROCESS.build), adds jishi's templates, stylesheet,
           script and the paragraph-anchor Markdown extension;
on_files   loads and checks stories/, plans the pages once and holds them to
           the published URLs in urls.txt (jishi.site.check), stops the build
           with every problem, computes the guide's data, and adds one
           generated page per planned page and redirect, QR codes, the feed,
           assets, and images stripped of metadata;
on_nav     leaves kinds and lists with nothing in them out of the nav, and adds the
           editor's guide as the last tab where it is built (serve, or guide: true);
on_env     registers filters, autoescape, the fragment cache, the site's
           settings (jishi_settings), kind names (jishi_labels) and search
           shards (jishi_search_shards), and dates the pages for the sitemap;
on_page_content refuses what MkDocs' render could add to a body the check passed;
on_page_context hands the model object of each page to its template;
on_template_context does the same for the 404 page;
on_post_page hands each rendered page to the search index (Pagefind, fed
           while the next pages render), adds the preview's problem banner;
on_post_build writes the feed and the search index, then the build record
           (jishi.mkdocs_adapter.record, for the next `jishi build`);
on_serve   watches stories/ and the schema so previews rebuild (folders through inotify,
           which notices a save at once), and makes the rebuilds render only the pages a save can change.

Under `mkdocs serve` a broken story never stops the preview: problems are
printed, the last good model is kept, and every page shows a banner listing
them until the story is fixed. Rebuilds after a save are MkDocs "dirty"
builds: the site folder is kept, and only the pages jishi.site.incremental
finds affected are rendered again (everything, when in doubt); the search
index follows in the background (jishi.search.live).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

import jishi
from jishi.content.drafts import source_date_epoch
from jishi.content.body_html import BodyRenderer
from jishi.content.sanitize import find_unsafe_in_html, find_unsafe_urls
from jishi.content.schema import SCHEMA_DIR, load_schema
from jishi.mkdocs_adapter.files import GeneratedFiles
from jishi.mkdocs_adapter.fragments import PAGE_FREE, cache_blocks, cache_fragments
from jishi.mkdocs_adapter.internals import build_date, date_pages, dirty_rebuilds, quiet_dirty_builds, \
    watch_at_once
from jishi.mkdocs_adapter.nav import drop_from_nav
from jishi.mkdocs_adapter.rebuild import target_dir, write_site_file
from jishi.mkdocs_adapter.record import Rendered
from jishi.mkdocs_adapter.state import Process, log, search_enabled
from jishi.search.index import SearchIndexError
from jishi.site.anchors import ParagraphAnchorExtension
from jishi.site.check import check_site, plan_site
from jishi.site.feed import FEED_PATH, changed_times, feed_stories, render_feed
from jishi.site.guide import editor_guide
from jishi.site.incremental import file_stamps
from jishi.site.palette import Palette
from jishi.site.plan import GUIDE_PAGE, UNLISTED_TEMPLATES
from jishi.site.render import autoescape_jishi_templates, register_filters
from jishi.site.urls import URLS_FILE

__all__ = ["on_startup", "on_config", "on_files", "on_nav", "on_env", "on_post_page", "on_page_content", "on_page_context",
           "on_template_context", "on_post_build", "on_build_error", "on_shutdown", "on_serve"]

PACKAGE_DIR = Path(jishi.__file__).parent / "site"  # templates/ and assets/
STYLESHEET = "assets/jishi/jishi.css"
SCRIPT = "assets/jishi/jishi-links.js"
FILTER_SCRIPT = "assets/jishi/jishi-filter.js"  # loaded only by the 404 page
# Loaded by the templates that need them: the share panel (QR hint, poster), story pages (朗读),
# every page when jishi.yml sets `wechat` (the JS-SDK share card).
PAGE_SCRIPTS = ["assets/jishi/jishi-share.js", "assets/jishi/jishi-listen.js", "assets/jishi/jishi-wechat.js"]
# The header search; search.js loads pagefind/pagefind.js (written by on_post_build) when opened.
# Its stylesheet is merged into STYLESHEET (one render-blocking request besides Material's).
SEARCH_CSS = ["assets/jishi/search.css"]
# jishi's stylesheet as served: Material's palette (when the theme has one), then these, then SEARCH_CSS.
STYLESHEET_PARTS = ["jishi.css", "jishi-modes.css", "jishi-reader.css", "jishi-print.css"]
SEARCH_JS = ["assets/jishi/search.js"]

PROCESS = Process()  # per process: survives the rebuilds of `mkdocs serve`; owns the build (PROCESS.build)


def on_startup(command, dirty):
    # `mkdocs serve --dirty`: every build keeps the site folder (on_serve makes rebuilds so too)
    PROCESS.start(command, dirty)


def on_config(config):
    PROCESS.begin(Path(config.config_file_path).parent)
    dirs = config.theme.dirs
    # After the site's own custom_dir (so it can still override), before Material.
    dirs.insert(1 if config.theme.custom_dir else 0, str(PACKAGE_DIR / "templates"))
    if STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)
    if SCRIPT not in config.extra_javascript:
        config.extra_javascript.append(SCRIPT)
    if not any(isinstance(e, ParagraphAnchorExtension) for e in config.markdown_extensions):
        config.markdown_extensions.append(ParagraphAnchorExtension())
    _add_search_assets(config)
    return config


def _add_search_assets(config) -> None:
    for uri in SEARCH_JS:
        if uri not in map(str, config.extra_javascript):
            script = ExtraScriptValue(uri)
            script.defer = True  # search.js needs the parsed header
            config.extra_javascript.append(script)


def on_files(files, config):
    build = PROCESS.build
    mode, root = PROCESS.mode, build.root
    # Unchanged files are not parsed again (serve's rebuilds; `jishi build` keeps them on disk).
    sources = mode.sources(build)
    checked = check_site(root, site_url=config.site_url, site_name=config.site_name, url_sources=(URLS_FILE,),
                         also_served={"/" + f.url for f in files}, show_drafts=mode.drafts,
                         docs_dir=config.docs_dir, cache=sources, with_guide=mode.guide,
                         allowed_hosts=(config.extra or {}).get("allowed_link_hosts") or [],
                         markdown=BodyRenderer(config.markdown_extensions, config.mdx_configs))
    sources.save()
    site = mode.accept(checked, build)
    pages = checked.pages if site is checked.site else plan_site(site, config.site_name, mode.guide)  # last good
    build.site, build.pages = site, {p.src_uri: p for p in pages}
    build.feed_slugs = frozenset(s.slug for s in feed_stories(site))  # whose HTML the feed carries
    if GUIDE_PAGE in build.pages:  # preview, or `guide: true`
        build.guide = editor_guide(site.schema or load_schema(), site)  # before any page renders
    # Dates in the output (sitemap lastmod) come from the content, not the clock (set on the pages by on_env).
    build.lastmod = build_date(None if PROCESS.user_epoch else source_date_epoch(site.stories))
    out = GeneratedFiles(files, config)
    for page in pages:
        out.add(page.src_uri, page.markdown(), origin=f"jishi:{page.ref[0]}")
    out.add_links(site, root / ".jishi-cache" / "qr")
    build.images = out.publish_images(site, root / ".jishi-cache")
    build.theme_css = out.trim_theme(material_search="search" in config.plugins)
    build.assets = _add_assets(out, config)
    if GUIDE_PAGE in build.pages:  # preview, or `guide: true`
        _add_guide_shots(out)
    mode.plan_index(config, pages, build)  # the search shards every page names: an input of every page
    rendered = Rendered(site, build.images, _inputs(config, files, build), dict(out.digests), pages)
    build.static_templates = tuple(config.theme.static_templates)
    mode.remember(files, Path(config.site_dir), rendered, build)
    mode.start_index(config, pages, build)
    return files


def _add_guide_shots(out: GeneratedFiles) -> None:
    """The guide's screenshots of the 编辑台, only where the guide is built."""
    for shot in sorted((PACKAGE_DIR / "assets" / "guide").glob("*.png")):
        out.add(f"assets/jishi/guide/{shot.name}", shot.read_bytes(), origin="jishi")


def _add_assets(out: GeneratedFiles, config) -> dict:
    """jishi's stylesheet and scripts under content-hashed names, which the pages then name; {file name: URI}."""
    assets = PACKAGE_DIR / "assets"
    contents = {uri: (assets / Path(uri).name).read_bytes()
                for uri in (SCRIPT, FILTER_SCRIPT, *SEARCH_JS, *PAGE_SCRIPTS)}
    parts = [assets / name for name in STYLESHEET_PARTS] + [assets / Path(uri).name for uri in SEARCH_CSS]
    contents[STYLESHEET] = out.take_palette() + b"\n".join(p.read_bytes() for p in parts)
    hashed = {uri: out.add_hashed(uri, data, origin="jishi") for uri, data in contents.items()}
    config.extra_css[:] = [hashed.get(uri, uri) for uri in config.extra_css]
    for i, script in enumerate(config.extra_javascript):
        if str(script) in hashed:
            if isinstance(script, str):
                config.extra_javascript[i] = hashed[script]
            else:
                script.path = hashed[str(script)]
    return {Path(uri).name: name for uri, name in hashed.items()}


def on_nav(nav, config, files):
    build = PROCESS.build
    # Kinds and lists the site has nothing in stay out of the nav (their pages still exist).
    nav = drop_from_nav(nav, {uri for uri, page in build.pages.items() if page.empty})
    return _add_guide(nav, files)


def on_env(env, config, files):
    build = PROCESS.build
    register_filters(env, build.site)
    autoescape_jishi_templates(env)
    # jishi.yml and the kinds' names, for every page's templates (footer, search), not only jishi's own
    env.globals["jishi_settings"] = build.site.settings
    # every colour of the page, from jishi.yml's accent (jishi/accent.html writes them)
    env.globals["jishi_palette"] = Palette.for_accent(build.site.settings.accent)
    # Material's main stylesheet; its palette is merged into jishi.css (see main.html's styles block)
    env.globals["jishi_theme_css"] = build.theme_css
    env.globals["jishi_assets"] = build.assets  # e.g. jishi_assets["jishi.css"]: its content-hashed URI
    env.globals["jishi_labels"] = build.site.schema.labels if build.site.schema else {}
    # Redirect and withdrawn pages, left out of the sitemap by their planned template: a dirty
    # rebuild does not read the front matter of pages it does not render again.
    env.globals["jishi_unlisted"] = frozenset(u for u, p in build.pages.items() if p.template in UNLISTED_TEMPLATES)
    env.globals["jishi_search_shards"] = build.search.dirs  # a large site's index comes in shards
    date_pages(files, build.lastmod)  # the sitemap's lastmod and its .gz's time
    build.env = env
    PROCESS.mode.prepare_env(env, build.root)
    # Material's nav and tabs, the header's partials and base.html's asset and
    # config blocks, drawn once per folder for pages outside the nav;
    # JISHI_FRAGMENT_CACHE=0 turns it off (to compare output byte for byte).
    if os.environ.get("JISHI_FRAGMENT_CACHE", "1") != "0":
        cache_fragments(env)
        cache_fragments(env, PAGE_FREE)
        cache_blocks(env)
    return env


def on_post_page(output, page, config):
    build = PROCESS.build
    PROCESS.mode.page(page.file.dest_uri, output, build)
    problems = build.problems
    if not problems:
        return output
    banner = build.env.get_template("jishi/preview_problems.html").render(
        problems=problems, errors=[p for p in problems if p.is_error],
        guide_url=get_relative_url("guide/", page.url) + "#errors")
    return re.sub(r"(<body[^>]*>)", lambda m: m[1] + banner, output, count=1)


def on_page_content(html, page, config, files):
    build = PROCESS.build
    planned = build.planned(page)
    if planned is not None and planned.body:
        _refuse_unsafe(html, page, planned)
    if planned is not None and planned.ref[0] == "story" and planned.ref[1] in build.feed_slugs:
        PROCESS.feed_html[planned.ref[1]] = html  # for the feed; kept across serve's rebuilds
    return html


def _refuse_unsafe(html, page, planned) -> None:
    """What MkDocs' render of a body can add to HTML the check passed, refused.

    The check rendered the body with these very extensions and ran the allowlist
    on it (once per body and build, jishi.content.body_html); MkDocs' render
    differs only where its link rewriting sets a URL (sanitize.find_unsafe_urls).
    Markdown changed since the check (another plugin's on_page_markdown) goes
    through the whole allowlist again.
    """
    same = (page.markdown or "").strip("\n") == planned.body.strip("\n")
    found = find_unsafe_urls(html) if same else find_unsafe_in_html(html)
    if found:
        entry = PROCESS.build.context(planned.ref).entry
        raise PluginError(f"{entry.path}: 正文: {found[0].message}；{found[0].hint}")


def on_page_context(context, page, config, nav):
    build = PROCESS.build
    planned = build.planned(page)
    if planned is not None:
        context["jishi"] = build.context(planned.ref, planned.description)
    return context


def on_template_context(context, template_name, config):
    build = PROCESS.build
    # The 404 page is a theme template, not a page: give it the model too.
    if template_name == "404.html" and build.site is not None:
        context["jishi"] = build.context(("404", ""))
    return context


def on_post_build(config):
    build, site_dir = PROCESS.build, Path(config.site_dir)
    _write_feed(config, build)
    if search_enabled():
        _index(site_dir, build)
    else:  # benchmarks time the pages alone
        log.info("跳过搜索索引（JISHI_SEARCH=0）")
    PROCESS.mode.built(site_dir, build)  # the build record: the build succeeded


def _index(site_dir: Path, build) -> None:
    try:
        stats = PROCESS.mode.index(site_dir, build)
    except SearchIndexError as error:
        raise PluginError(str(error)) from None
    if stats is not None:
        log.info(f"搜索索引：{stats.pages} 个页面，用时 {stats.seconds:.1f} 秒")


def _write_feed(config, build) -> None:
    """/feed.xml, after the pages: each entry carries its story's HTML as rendered."""
    site = build.site
    # A `jishi build` rebuild renders only what changed: the rest comes from the last build's record.
    contents = {**(build.republish.feed_from if build.republish else {}), **PROCESS.feed_html}
    build.feed_html = {slug: contents[slug] for slug in build.feed_slugs if slug in contents}
    changed = changed_times(build.root, [s.path for s in feed_stories(site)])
    feed = render_feed(site, config.site_url, config.site_name, config.site_description or "",
                       contents=build.feed_html, changed=changed)
    write_site_file(Path(config.site_dir) / FEED_PATH, feed.encode("utf-8"))


def _add_guide(nav, files):
    build = PROCESS.build
    # The guide is not in the site's nav (readers never see it); where it is built, it is the last tab.
    guide = files.get_file_from_path(GUIDE_PAGE) if GUIDE_PAGE in build.pages else None
    if guide is not None and guide.page is not None and guide.page not in nav.pages:
        nav.items.append(guide.page)
        nav.pages.append(guide.page)
    return nav


def on_build_error(error):
    PROCESS.mode.failed(PROCESS.build)


def on_shutdown():
    PROCESS.mode.close()


def on_serve(server, config, builder):
    build = PROCESS.build
    server.watch(str(build.root / "stories"))
    server.watch(str(SCHEMA_DIR))
    if (build.root / "schema").is_dir():  # the site's own schema/ folder
        server.watch(str(build.root / "schema"))
    watcher = watch_at_once(server)  # a save noticed at once, not at MkDocs' next poll
    if watcher is not None:
        PROCESS.mode.watchers.append(watcher)  # on_serve: the mode is Previewing; stopped by its close
    rebuild = dirty_rebuilds(builder)
    if rebuild is not None:
        server.builder = rebuild
        PROCESS.mode.incremental = True
        quiet_dirty_builds()
    return server


def _inputs(config, files, build) -> tuple:
    """Everything besides the stories that pages are made of; any change means render everything."""
    config_bytes = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
    return (target_dir(config.site_dir), tuple(sorted(f.src_uri for f in files)), tuple(map(str, build.problems)),
            build.lastmod, config_bytes, PROCESS.schema,
            tuple(build.search.dirs),  # named in every page's search box
            build.stamp.code,  # jishi's own code and its engines' versions
            file_stamps([PACKAGE_DIR / "templates", config.theme.custom_dir]))
