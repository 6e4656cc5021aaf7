"""MkDocs hook: a thin adapter from MkDocs events to the jishi core.

on_config  resets per-build state, adds jishi's templates, stylesheet, script
           and the paragraph-anchor Markdown extension;
on_files   loads and validates stories/ (and the published URLs in urls.txt),
           stops the build with every problem, and adds one generated page
           per planned page and redirect, QR codes, the feed, assets, and
           images stripped of metadata;
on_page_content checks the HTML MkDocs rendered against jishi's allowlist;
on_page_context hands the model object of each page to its template;
on_template_context does the same for the 404 page;
on_post_build indexes the built site for search (Pagefind);
on_serve   watches stories/ and the schema so previews rebuild, and makes
           the rebuilds render only the pages a save can change;
on_startup notes whether this is `mkdocs serve` (drafts are previewed only there).

Under `mkdocs serve` a broken story never stops the preview: problems are
printed, the last good model is kept, and every page shows a banner listing
them (on_post_page) until the story is fixed. Rebuilds after a save are
MkDocs "dirty" builds: the site folder is kept, and only the pages
jishi.site.incremental finds affected are rendered again (everything, when in
doubt); the search index follows in the background (jishi.search.live).
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.utils import get_relative_url

import jishi
from jishi.site.anchors import ParagraphAnchorExtension
from jishi.content.drafts import source_date_epoch
from jishi.site.incremental import file_stamps
from jishi.search.live import LiveIndex
from jishi.site.plan import plan_pages, plan_redirects
from jishi.site.render import MemoryBytecodeCache, TemplateContext, autoescape_jishi_templates, register_filters
from jishi.content.sanitize import find_unsafe_in_html
from jishi.content.schema import SCHEMA_DIR, load_schema
from jishi.search.index import BUNDLE_DIR, SearchIndexError, build_search_index
from jishi.site.urls import URLS_FILE, check_site_urls
from jishi.mkdocs_adapter.fragments import cache_fragments
from jishi.content.source_cache import SHARED as SOURCE_CACHE
from jishi.mkdocs_adapter.files import GeneratedFiles
from jishi.mkdocs_adapter.serve import dirty_rebuilds, quiet_dirty_warning, skip_unchanged

log = get_plugin_logger("jishi")
__all__ = ["on_startup", "on_config", "on_files", "on_env", "on_post_page", "on_page_content", "on_page_context", "on_template_context", "on_post_build", "on_build_error", "on_shutdown", "on_serve"]

# Under serve, problems go to a logger outside "mkdocs", so that strict mode
# does not abort the rebuild and freeze the browser on the old page.
preview_log = logging.getLogger("jishi.preview")
if not preview_log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(levelname)-8s-  jishi: %(message)s"))
    preview_log.addHandler(_handler)
    preview_log.propagate = False

PACKAGE_DIR = Path(jishi.__file__).parent / "site"  # templates/ and assets/
STYLESHEET = "assets/jishi/jishi.css"
SCRIPT = "assets/jishi/jishi-links.js"
FILTER_SCRIPT = "assets/jishi/jishi-filter.js"  # loaded only by the 404 page
# The header search; search.js loads pagefind/pagefind.js (written by on_post_build) when opened.
SEARCH_CSS = ["assets/jishi/search.css"]
SEARCH_JS = ["assets/jishi/search.js"]
_state: dict = {}
# Per process, not per build: the command MkDocs was started with, whether
# the user set SOURCE_DATE_EPOCH themselves (then theirs wins), and under
# serve the last good model, compiled templates and the schema's fingerprint.
_process = {"command": "build", "user_epoch": "SOURCE_DATE_EPOCH" in os.environ}


def on_startup(command, dirty):
    _process["command"] = command
    # `mkdocs serve --dirty`: every build keeps the site folder (on_serve makes rebuilds so too)
    _process["incremental"] = dirty and command == "serve"


def on_config(config):
    _state.clear()
    fingerprint = [(p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(SCHEMA_DIR.glob("*.yaml"))]
    if _process.get("schema") != fingerprint:  # under serve, a saved schema file counts on the next rebuild
        load_schema.cache_clear()
        _process["schema"] = fingerprint
    root = Path(config.config_file_path).parent
    _state["root"] = root
    templates = str(PACKAGE_DIR / "templates")
    dirs = config.theme.dirs
    # After the site's own custom_dir (so it can still override), before Material.
    dirs.insert(1 if config.theme.custom_dir else 0, templates)
    if STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)
    if SCRIPT not in config.extra_javascript:
        config.extra_javascript.append(SCRIPT)
    if not any(isinstance(e, ParagraphAnchorExtension) for e in config.markdown_extensions):
        config.markdown_extensions.append(ParagraphAnchorExtension())
    _add_search_assets(config)
    return config


def _add_search_assets(config) -> None:
    for uri in SEARCH_CSS:
        if uri not in config.extra_css:
            config.extra_css.append(uri)
    for uri in SEARCH_JS:
        if uri not in map(str, config.extra_javascript):
            script = ExtraScriptValue(uri)
            script.defer = True  # search.js needs the parsed header
            config.extra_javascript.append(script)


def on_files(files, config):
    root = _state["root"]
    # Drafts are shown only in a local preview, never in a build that could be published.
    preview = _process["command"] == "serve" and os.environ.get("JISHI_DRAFTS") == "1"
    # Unchanged files are not parsed again on the rebuilds of `mkdocs serve`.
    site, problems = jishi.load_site(root, show_drafts=preview, docs_dir=config.docs_dir, cache=SOURCE_CACHE)
    if site is not None:  # the site's committed promise; site/ itself is already cleaned
        by_hand = {"/" + f.url for f in files}
        problems.extend(check_site_urls(root, site, config.site_url, sources=(URLS_FILE,), also_served=by_hand))
    if _process["command"] == "serve":
        site = _preview(site, problems)
    else:
        for problem in problems.warnings:
            log.warning(str(problem))
        if site is None or problems.errors:
            raise PluginError("稿件检查未通过：\n" + jishi.format_problems(problems))
    _state["site"] = site
    if not _process["user_epoch"]:
        # Dates in the output (sitemap lastmod) come from the content, not the clock.
        os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch(site.stories))
    pages = plan_pages(site, config.site_name) + plan_redirects(site)
    _state["pages"] = {p.src_uri: p for p in pages}
    out = GeneratedFiles(files, config)
    for page in pages:
        out.add(page.src_uri, page.markdown(), origin=f"jishi:{page.ref[0]}")
    out.add_links(site, root / ".jishi-cache" / "qr")
    out.publish_images(site, root / ".jishi-cache")
    assets = PACKAGE_DIR / "assets"
    for uri, name in ((STYLESHEET, "jishi.css"), (SCRIPT, "jishi-links.js"),
                      (FILTER_SCRIPT, "jishi-filter.js")):
        out.add(uri, (assets / name).read_bytes(), origin="jishi")
    for uri in SEARCH_CSS + SEARCH_JS:
        out.add(uri, (assets / Path(uri).name).read_bytes(), origin="jishi")
    if _process["command"] == "serve":
        _skip_unchanged(files, config, site, pages, out.digests)
    return files


def _preview(site, problems):
    """Report problems without stopping; while any is an error, keep the last good model."""
    for problem in sorted(set(problems)):
        preview_log.log(logging.ERROR if problem.is_error else logging.WARNING, str(problem))
    _state["problems"] = sorted(set(problems))
    if site is not None and not problems.errors:
        _process["last_good"] = site
        return site
    if "last_good" not in _process:
        raise PluginError("稿件检查未通过，预览无法开始：\n" + jishi.format_problems(problems))
    preview_log.error("以上错误改好之前，预览显示上一次正确时的页面。")
    return _process["last_good"]


def on_env(env, config, files):
    register_filters(env)
    autoescape_jishi_templates(env)
    # jishi.yml, for every page's templates (the footer), not only jishi's own pages
    env.globals["jishi_settings"] = _state["site"].settings
    _state["env"] = env
    if _process["command"] == "serve":  # rebuilds reuse compiled templates (keyed by source checksum)
        env.bytecode_cache = _process.setdefault("bytecode", MemoryBytecodeCache())
    # Material's nav and tabs, drawn once per folder for pages outside the nav;
    # JISHI_FRAGMENT_CACHE=0 turns it off (to compare output byte for byte).
    if os.environ.get("JISHI_FRAGMENT_CACHE", "1") != "0":
        cache_fragments(env)
    return env


def on_post_page(output, page, config):
    problems = _state.get("problems")
    if not problems:
        return output
    banner = _state["env"].get_template("jishi/preview_problems.html").render(
        problems=problems, errors=[p for p in problems if p.is_error],
        guide_url=get_relative_url("guide/", page.url) + "#errors")
    return re.sub(r"(<body[^>]*>)", lambda m: m[1] + banner, output, count=1)


def on_page_content(html, page, config, files):
    # Second line of defence: the HTML MkDocs actually rendered (its Markdown
    # extensions may differ from the check's) must pass the same allowlist.
    planned = _state.get("pages", {}).get(page.file.src_uri)
    if planned is not None and planned.body:
        found = find_unsafe_in_html(html)
        if found:
            entry = TemplateContext(_state["site"], planned.ref).entry
            raise PluginError(f"{entry.path}: 正文: {found[0].message}；{found[0].hint}")
    return html


def on_page_context(context, page, config, nav):
    planned = _state.get("pages", {}).get(page.file.src_uri)
    if planned is not None:
        context["jishi"] = TemplateContext(_state["site"], planned.ref)
    return context


def on_template_context(context, template_name, config):
    # The 404 page is a theme template, not a page: give it the model too.
    if template_name == "404.html" and "site" in _state:
        context["jishi"] = TemplateContext(_state["site"], ("404", ""))
    return context


def on_post_build(config):
    if "next_rendered" in _state:  # what this build rendered, for the next rebuild to compare
        _process["rendered"] = _state.pop("next_rendered")
    if os.environ.get("JISHI_SEARCH", "1") == "0":  # benchmarks time the pages alone
        log.info("跳过搜索索引（JISHI_SEARCH=0）")
        return
    try:
        if _process["command"] == "serve":
            stats = _serve_index(Path(config.site_dir))
            if stats is None:
                return
        else:
            stats = build_search_index(Path(config.site_dir))
    except SearchIndexError as error:
        raise PluginError(str(error)) from None
    log.info(f"搜索索引：{stats.pages} 个页面，用时 {stats.seconds:.1f} 秒")


def _serve_index(site_dir: Path):
    """Under serve: the first index now (its stats), later ones in the background (None)."""
    index = _process.get("search")
    if index is None or index.site_dir != site_dir.resolve():
        index = _process["search"] = LiveIndex(site_dir, report=_report_index)
    if not (site_dir / BUNDLE_DIR).is_dir():
        return index.build()
    index.request()
    return None


def _report_index(stats, error) -> None:
    if error is not None:
        preview_log.error(str(error))
    else:
        log.info(f"搜索索引已更新：{stats.pages} 个页面，用时 {stats.seconds:.1f} 秒")


def on_build_error(error):
    # Some pages may be half written: the next rebuild renders everything.
    _process.pop("rendered", None)
    _state.pop("next_rendered", None)


def on_shutdown():
    index = _process.pop("search", None)
    if index is not None:
        index.close()


def on_serve(server, config, builder):
    server.watch(str(_state["root"] / "stories"))
    server.watch(str(SCHEMA_DIR))
    rebuild = dirty_rebuilds(builder)
    if rebuild is not None:
        server.builder = rebuild
        _process["incremental"] = True
        logging.getLogger("mkdocs.commands.build").addFilter(quiet_dirty_warning)
    return server


def _skip_unchanged(files, config, site, pages, digests: dict) -> None:
    """Under serve: remember this build, and skip what the last one already wrote."""
    last = _process.pop("rendered", None)  # (site, inputs, digests) of the last complete build
    inputs = _inputs(config, files)
    _state["next_rendered"] = (site, inputs, dict(digests))
    if _process["incremental"]:
        skip_unchanged(files, Path(config.site_dir), last, site, pages, inputs, digests)


def _inputs(config, files) -> tuple:
    """Everything besides the stories that pages are made of; any change means render everything."""
    config_bytes = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
    return (config.site_dir, tuple(sorted(f.src_uri for f in files)), tuple(map(str, _state.get("problems", []))),
            os.environ.get("SOURCE_DATE_EPOCH"), config_bytes, _process.get("schema"),
            file_stamps([PACKAGE_DIR / "templates", config.theme.custom_dir]))
