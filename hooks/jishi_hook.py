"""MkDocs hook: a thin adapter from MkDocs events to the jishi core.

on_config  resets per-build state, adds jishi's templates and stylesheet;
on_files   loads and validates stories/, stops the build with every problem,
           and adds one generated page per planned page;
on_page_context hands the model object of each page to its template;
on_post_build indexes the built site for search (Pagefind);
on_serve   watches stories/ and the schema so previews rebuild.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

import jishi
from jishi.plan import plan_pages
from jishi.render import TemplateContext, register_filters
from jishi.schema import SCHEMA_DIR
from jishi.search import SearchIndexError, build_search_index

log = get_plugin_logger("jishi")

PACKAGE_DIR = Path(jishi.__file__).parent
STYLESHEET = "assets/jishi/jishi.css"
# Pagefind's UI (written into the site by on_post_build) and jishi's glue, in load order.
SEARCH_CSS = ["pagefind/pagefind-ui.css", "assets/jishi/search.css"]
SEARCH_JS = ["pagefind/pagefind-ui.js", "assets/jishi/search.js"]
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
    _add_search_assets(config)
    return config


def _add_search_assets(config) -> None:
    for uri in SEARCH_CSS:
        if uri not in config.extra_css:
            config.extra_css.append(uri)
    for uri in SEARCH_JS:
        if uri not in map(str, config.extra_javascript):
            script = ExtraScriptValue(uri)
            script.defer = True  # search.js must run after pagefind-ui.js, both after parsing
            config.extra_javascript.append(script)


def on_files(files, config):
    root = _state["root"]
    site, problems = jishi.load_site(root)
    for problem in problems.warnings:
        log.warning(str(problem))
    if site is None:
        raise PluginError("稿件检查未通过：\n" + jishi.format_problems(problems))
    _state["site"] = site
    pages = plan_pages(site, config.site_name)
    _state["pages"] = {p.src_uri: p for p in pages}
    for page in pages:
        _add(files, config, page.src_uri, content=page.markdown(), origin=f"jishi:{page.ref[0]}")
    css = (PACKAGE_DIR / "assets" / "jishi.css").read_text(encoding="utf-8")
    _add(files, config, STYLESHEET, content=css, origin="jishi")
    for uri in (SEARCH_CSS[1], SEARCH_JS[1]):
        text = (PACKAGE_DIR / "assets" / Path(uri).name).read_text(encoding="utf-8")
        _add(files, config, uri, content=text, origin="jishi")
    return files


def _add(files, config, src_uri: str, content: str, origin: str) -> None:
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


def on_post_build(config):
    try:
        stats = build_search_index(Path(config.site_dir))
    except SearchIndexError as error:
        raise PluginError(str(error)) from None
    log.info(f"搜索索引：{stats.pages} 个页面，用时 {stats.seconds:.1f} 秒")


def on_serve(server, config, builder):
    server.watch(str(_state["root"] / "stories"))
    server.watch(str(SCHEMA_DIR))
    return server
