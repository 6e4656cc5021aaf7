"""MkDocs hook: a thin adapter from MkDocs events to the jishi core.

on_config  resets per-build state, adds jishi's templates, stylesheet, script
           and the paragraph-anchor Markdown extension;
on_files   loads and validates stories/ (and the published URLs in urls.txt),
           stops the build with every problem, and adds one generated page
           per planned page and redirect, QR codes, the feed and assets;
on_page_context hands the model object of each page to its template;
on_template_context does the same for the 404 page;
on_serve   watches stories/ and the schema so previews rebuild.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

import jishi
from jishi.anchors import ParagraphAnchorExtension
from jishi.feed import FEED_PATH, render_feed
from jishi.plan import plan_pages, plan_redirects
from jishi.render import TemplateContext, register_filters
from jishi.schema import SCHEMA_DIR
from jishi.share import DEFAULT_IMAGE, absolute_url, qr_codes, qr_entries
from jishi.urls import URLS_FILE, check_site_urls

log = get_plugin_logger("jishi")

PACKAGE_DIR = Path(jishi.__file__).parent
STYLESHEET = "assets/jishi/jishi.css"
SCRIPT = "assets/jishi/jishi-links.js"
FILTER_SCRIPT = "assets/jishi/jishi-filter.js"  # loaded only by the 404 page
_state: dict = {}


def on_config(config):
    _state.clear()
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
    return config


def on_files(files, config):
    root = _state["root"]
    site, problems = jishi.load_site(root)
    if site is not None:  # the site's committed promise; site/ itself is already cleaned
        by_hand = {"/" + f.url for f in files}
        problems.extend(check_site_urls(root, site, config.site_url, sources=(URLS_FILE,), also_served=by_hand))
    for problem in problems.warnings:
        log.warning(str(problem))
    if site is None or problems.errors:
        raise PluginError("稿件检查未通过：\n" + jishi.format_problems(problems))
    _state["site"] = site
    pages = plan_pages(site, config.site_name) + plan_redirects(site)
    _state["pages"] = {p.src_uri: p for p in pages}
    for page in pages:
        _add(files, config, page.src_uri, content=page.markdown(), origin=f"jishi:{page.ref[0]}")
    _add_links(files, config, site, root)
    assets = PACKAGE_DIR / "assets"
    for uri, name in ((STYLESHEET, "jishi.css"), (SCRIPT, "jishi-links.js"),
                      (FILTER_SCRIPT, "jishi-filter.js"), (DEFAULT_IMAGE, "share.png")):
        _add(files, config, uri, content=(assets / name).read_bytes(), origin="jishi")
    return files


def _add_links(files, config, site, root: Path) -> None:
    """QR codes beside every story, team and enterprise page, and the feed."""
    cache = root / ".jishi-cache" / "qr"
    for entry in qr_entries(site):
        for name, data in qr_codes(absolute_url(config.site_url, entry.url), cache).items():
            _add(files, config, entry.url + name, content=data, origin=f"jishi:{entry.slug}")
    feed = render_feed(site, config.site_url, config.site_name, config.site_description or "")
    _add(files, config, FEED_PATH, content=feed, origin="jishi")


def _add(files, config, src_uri: str, content: str | bytes, origin: str) -> None:
    existing = files.get_file_from_path(src_uri)
    if existing is not None:
        where = existing.abs_src_path or existing.src_uri
        raise PluginError(f"页面冲突：{src_uri} 既由 jishi 生成（{origin}），又存在于 {where}；请删除或改名其中一个")
    files.append(File.generated(config, src_uri, content=content))


def on_env(env, config, files):
    register_filters(env)
    return env


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


def on_serve(server, config, builder):
    server.watch(str(_state["root"] / "stories"))
    server.watch(str(SCHEMA_DIR))
    return server
