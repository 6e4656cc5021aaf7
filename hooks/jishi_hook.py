"""MkDocs hook: a thin adapter from MkDocs events to the jishi core.

on_config  resets per-build state, adds jishi's templates and stylesheet;
on_files   loads and validates stories/, stops the build with every problem,
           adds one generated page per planned page, and publishes images
           stripped of metadata;
on_page_content checks the HTML MkDocs rendered against jishi's allowlist;
on_page_context hands the model object of each page to its template;
on_serve   watches stories/ and the schema so previews rebuild.
on_startup notes whether this is `mkdocs serve` (drafts are previewed only there).
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

import jishi
from jishi.drafts import source_date_epoch
from jishi.images import IMAGE_SUFFIXES, ImageError, publish_image
from jishi.plan import plan_pages
from jishi.render import TemplateContext, autoescape_jishi_templates, register_filters
from jishi.sanitize import find_unsafe_in_html
from jishi.schema import SCHEMA_DIR

log = get_plugin_logger("jishi")

PACKAGE_DIR = Path(jishi.__file__).parent
STYLESHEET = "assets/jishi/jishi.css"
_state: dict = {}
# Per process, not per build: the command MkDocs was started with, and whether
# the user set SOURCE_DATE_EPOCH themselves (then theirs wins).
_process = {"command": "build", "user_epoch": "SOURCE_DATE_EPOCH" in os.environ}


def on_startup(command, dirty):
    _process["command"] = command


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
    return config


def on_files(files, config):
    root = _state["root"]
    # Drafts are shown only in a local preview, never in a build that could be published.
    preview = _process["command"] == "serve" and os.environ.get("JISHI_DRAFTS") == "1"
    site, problems = jishi.load_site(root, show_drafts=preview, docs_dir=config.docs_dir)
    for problem in problems.warnings:
        log.warning(str(problem))
    if site is None:
        raise PluginError("稿件检查未通过：\n" + jishi.format_problems(problems))
    _state["site"] = site
    if not _process["user_epoch"]:
        # Dates in the output (sitemap lastmod) come from the content, not the clock.
        os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch(site.stories))
    pages = plan_pages(site, config.site_name)
    _state["pages"] = {p.src_uri: p for p in pages}
    for page in pages:
        _add(files, config, page.src_uri, content=page.markdown(), origin=f"jishi:{page.ref[0]}")
    _publish_images(files, config, site, root / ".jishi-cache")
    css = (PACKAGE_DIR / "assets" / "jishi.css").read_text(encoding="utf-8")
    _add(files, config, STYLESHEET, content=css, origin="jishi")
    return files


def _publish_images(files, config, site, cache) -> None:
    """Replace every image in docs/ by a copy without metadata; add photos' widths.

    Images only withheld stories use are not published at all.
    """
    docs_dir = Path(config.docs_dir)
    wanted = {s.get("image") for s in site.stories if isinstance(s.get("image"), str)}
    withheld = {s.get("image") for s in site.drafts if isinstance(s.get("image"), str)} - wanted
    try:
        for uri in sorted(wanted):
            site.images[uri] = published = publish_image(uri, docs_dir, cache)
            for variant, path in published.files.items():
                _replace(files, config, variant, path)
        for file in list(files.media_files()):
            uri = file.src_uri
            if uri in withheld:
                files.remove(file)
            elif (Path(uri).suffix.lower() in IMAGE_SUFFIXES and uri not in wanted and not file.generated_by
                  and Path(file.abs_src_path).is_relative_to(docs_dir)):  # not the theme's own
                for copy, path in publish_image(uri, docs_dir, cache, widths=()).files.items():
                    _replace(files, config, copy, path)
    except ImageError as exc:
        raise PluginError(f"图片无法发布（docs/{uri}）：{exc.message}；{exc.hint}") from None


def _replace(files, config, src_uri: str, path: Path) -> None:
    existing = files.get_file_from_path(src_uri)
    if existing is not None:
        files.remove(existing)
    files.append(File.generated(config, src_uri, abs_src_path=str(path)))


def _add(files, config, src_uri: str, content: str, origin: str) -> None:
    existing = files.get_file_from_path(src_uri)
    if existing is not None:
        where = existing.abs_src_path or existing.src_uri
        raise PluginError(f"页面冲突：{src_uri} 既由 jishi 生成（{origin}），又存在于 {where}；请删除或改名其中一个")
    files.append(File.generated(config, src_uri, content=content))


def on_env(env, config, files):
    register_filters(env)
    autoescape_jishi_templates(env)
    return env


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


def on_serve(server, config, builder):
    server.watch(str(_state["root"] / "stories"))
    server.watch(str(SCHEMA_DIR))
    return server
