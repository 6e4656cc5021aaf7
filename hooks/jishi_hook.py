"""MkDocs hook: a thin adapter from MkDocs events to the jishi core.

on_config  resets per-build state, adds jishi's templates and stylesheet;
on_files   loads and validates stories/, stops the build with every problem,
           and adds one generated page per planned page;
on_page_context hands the model object of each page to its template;
on_serve   watches stories/ and the schema so previews rebuild.

Under `mkdocs serve` (on_startup) a broken story never stops the preview:
problems are printed, the last good model is kept, and every page shows a
banner listing them (on_post_page) until the story is fixed.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

import jishi
from jishi.plan import plan_pages
from jishi.render import MemoryBytecodeCache, TemplateContext, register_filters
from jishi.schema import SCHEMA_DIR, load_schema

log = get_plugin_logger("jishi")
# Under serve, problems go to a logger outside "mkdocs", so that strict mode
# does not abort the rebuild and freeze the browser on the old page.
preview_log = logging.getLogger("jishi.preview")
if not preview_log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(levelname)-8s-  jishi: %(message)s"))
    preview_log.addHandler(_handler)
    preview_log.propagate = False

PACKAGE_DIR = Path(jishi.__file__).parent
STYLESHEET = "assets/jishi/jishi.css"
_state: dict = {}  # per build, reset in on_config
_session: dict = {}  # per process: the command, and the last good model under serve


def on_startup(command, dirty):
    _session.clear()
    _session["serve"] = command == "serve"


def on_config(config):
    _state.clear()
    fingerprint = [(p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(SCHEMA_DIR.glob("*.yaml"))]
    if _session.get("schema") != fingerprint:  # under serve, a saved schema file counts on the next rebuild
        load_schema.cache_clear()
        _session["schema"] = fingerprint
    root = Path(config.config_file_path).parent
    _state["root"] = root
    templates = str(PACKAGE_DIR / "templates")
    dirs = config.theme.dirs
    # After the site's own custom_dir (so it can still override), before Material.
    dirs.insert(1 if config.theme.custom_dir else 0, templates)
    if STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)
    return config


def on_files(files, config):
    root = _state["root"]
    site, problems = jishi.load_site(root)
    if _session.get("serve"):
        site = _preview(site, problems)
    else:
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
    return files


def _preview(site, problems):
    """Report problems without stopping; while any is an error, keep the last good model."""
    for problem in sorted(set(problems)):
        preview_log.log(logging.ERROR if problem.is_error else logging.WARNING, str(problem))
    _state["problems"] = sorted(set(problems))
    if site is not None:
        _session["last_good"] = site
        return site
    if "last_good" not in _session:
        raise PluginError("稿件检查未通过，预览无法开始：\n" + jishi.format_problems(problems))
    preview_log.error("以上错误改好之前，预览显示上一次正确时的页面。")
    return _session["last_good"]


def _add(files, config, src_uri: str, content: str, origin: str) -> None:
    existing = files.get_file_from_path(src_uri)
    if existing is not None:
        where = existing.abs_src_path or existing.src_uri
        raise PluginError(f"页面冲突：{src_uri} 既由 jishi 生成（{origin}），又存在于 {where}；请删除或改名其中一个")
    files.append(File.generated(config, src_uri, content=content))


def on_env(env, config, files):
    register_filters(env)
    _state["env"] = env
    if _session.get("serve"):  # rebuilds reuse compiled templates (keyed by source checksum)
        env.bytecode_cache = _session.setdefault("bytecode", MemoryBytecodeCache())
    return env


def on_post_page(output, page, config):
    problems = _state.get("problems")
    if not problems:
        return output
    banner = _state["env"].get_template("jishi/preview_problems.html").render(
        problems=problems, errors=[p for p in problems if p.is_error],
        guide_url=get_relative_url("guide/", page.url) + "#errors")
    return re.sub(r"(<body[^>]*>)", lambda m: m[1] + banner, output, count=1)


def on_page_context(context, page, config, nav):
    planned = _state.get("pages", {}).get(page.file.src_uri)
    if planned is not None:
        context["jishi"] = TemplateContext(_state["site"], planned.ref)
    return context


def on_serve(server, config, builder):
    server.watch(str(_state["root"] / "stories"))
    server.watch(str(SCHEMA_DIR))
    return server
