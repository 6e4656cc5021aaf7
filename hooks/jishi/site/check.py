"""Load → check → plan, once: what `jishi check` and the MkDocs build both run.

The pages are planned here, once per build, and the same plan is what the
published-URL check compares urls.txt against and what the build renders.

`load_site` here is jishi's public one (``jishi.load_site``): the content
wing's load → validate → link, then, on the model it made, every body link
and image resolved against the planned pages, redirects and docs/ files
(jishi.content.links states the rules), and docs/ files where jishi
generates something. `check_site` (`jishi check`, the hook) and the tests
all go through it, so they agree on every link.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import yaml

from jishi.content.docs_check import docs_files
from jishi.content.drafts import DRAFT, EMBARGOED, PUBLISHED, RETRACTED
from jishi.content.body_html import BodyRenderer
from jishi.content.links import LinkTargets, link_problems
from jishi.content.load import load_site as load_content
from jishi.content.load import orphan_notes
from jishi.content.model import URL_PREFIX, Site
from jishi.content.problems import WARNING, Problem, ProblemList
from jishi.content.settings import SETTINGS_FILE
from jishi.content.source_cache import NO_CACHE, SourceCache
from jishi.site.anchors import ParagraphAnchorExtension
from jishi.site.palette import accent_problems
from jishi.site.plan import PlannedPage, directory_url, plan_pages, plan_redirects
from jishi.site.urls import SITEMAP, URLS_FILE, check_site_urls, served_urls

__all__ = ["CheckedSite", "check_site", "plan_site", "load_site", "link_targets", "site_config", "site_markdown",
           "check_links",
           "same_titles", "check_summary", "summary_line", "generated_collisions"]


@dataclass
class CheckedSite:
    """The linked site (None if any error kept it from loading), its pages, every problem,
    and the notes that fail nothing (entities left out because nothing refers to them)."""

    site: Site | None
    problems: ProblemList
    pages: list[PlannedPage] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)


def plan_site(site: Site, site_name: str = "", with_guide: bool | None = None) -> list[PlannedPage]:
    """Every generated page of the site: pages, then redirects for aliases (with_guide: see plan_pages)."""
    return plan_pages(site, site_name, with_guide) + plan_redirects(site)


def check_site(root: Path, *, site_url: str = "/", site_name: str = "", urls_file: Path | None = None,
               url_sources=None, also_served: set[str] = frozenset(),
               show_drafts: bool = False, docs_dir: Path | None = None,
               cache: SourceCache = NO_CACHE, allowed_hosts=None, with_guide: bool | None = None,
               markdown: BodyRenderer | None = None) -> CheckedSite:
    """Load and check every story, plan the pages, and hold them to the published URLs.

    urls_file, else the first of url_sources (default urls.txt, then
    site/sitemap.xml) found under root, lists the published URLs; also_served are URLs served by other means (hand-written
    pages). allowed_hosts: hosts body links may lead to (default mkdocs.yml's
    extra.allowed_link_hosts). markdown: how the build renders bodies (default site_markdown of
    mkdocs.yml; the hook passes MkDocs' own). See jishi.content.load.load_site for the rest.
    """
    options = {"show_drafts": show_drafts, "cache": cache, "renderer": markdown}
    site, problems, pages = _load_and_plan(root, None, None, docs_dir, site_url, allowed_hosts, site_name,
                                           options, with_guide)
    if site is None:
        return CheckedSite(None, problems)
    sources = (URLS_FILE, SITEMAP) if url_sources is None else url_sources
    problems.extend(check_site_urls(root, site, site_url, urls_file, sources, also_served, pages=pages))
    return CheckedSite(site, problems, pages, orphan_notes(site))


class _Lenient(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when built with it: mkdocs.yml is read on every check
    """SafeLoader that reads any tagged value as None."""


_Lenient.add_multi_constructor("", lambda loader, tag, node: None)


def site_config(root: Path) -> dict:
    """mkdocs.yml as jishi reads it outside MkDocs (the check, the `jishi` command), in one way:
    MkDocs' own tags (``!!python/name:``, ``!ENV``) read as None, a missing or broken file is {}
    (MkDocs itself reports the file when it builds)."""
    path = Path(root) / "mkdocs.yml"
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), _Lenient) if path.is_file() else {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return config if isinstance(config, dict) else {}


# Python-Markdown's extensions MkDocs always adds before a site's own (MkDocs' MarkdownExtensions builtins).
MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")


def site_markdown(config: dict) -> BodyRenderer:
    """The Markdown a build of this mkdocs.yml (site_config) renders bodies with: MkDocs' built-in
    extensions, then `markdown_extensions` with their options, then jishi's paragraph anchors
    (as the hook adds them). One that cannot be loaded is MkDocs' to report; the check then
    renders with MkDocs' and jishi's alone."""
    names, configs = list(MKDOCS_BUILTIN_EXTENSIONS), {}
    listed = config.get("markdown_extensions")
    for item in listed if isinstance(listed, list) else []:
        name, options = next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else (item, None)
        if not isinstance(name, str):
            continue
        if name not in names:
            names.append(name)
        if isinstance(options, dict):
            configs[name] = options
    renderer = BodyRenderer([*names, ParagraphAnchorExtension()], configs)
    try:
        renderer.markdown()
    except Exception:  # an unknown name or option: MkDocs' error when it builds
        return BodyRenderer([*MKDOCS_BUILTIN_EXTENSIONS, ParagraphAnchorExtension()])
    return renderer


def load_site(root: Path, stories_dir: Path | None = None, schema=None, *, docs_dir: Path | None = None,
              site_url: str | None = None, allowed_hosts=None, **options) -> tuple[Site | None, ProblemList]:
    """jishi.content.load.load_site, then every body link checked against the planned site.

    site_url and allowed_hosts default to mkdocs.yml's site_url and extra.allowed_link_hosts.
    """
    site, problems, _ = _load_and_plan(root, stories_dir, schema, docs_dir, site_url, allowed_hosts, "", options)
    return site, problems


def _load_and_plan(root, stories_dir, schema, docs_dir, site_url, allowed_hosts, site_name: str, options,
                   with_guide: bool | None = None):
    """(site or None, problems, the plan): the pages are planned once, here."""
    root = Path(root)
    needed = None in (site_url, allowed_hosts, docs_dir, options.get("renderer"))
    config = site_config(root) if needed else {}
    docs = Path(docs_dir) if docs_dir else root / str(config.get("docs_dir") or "docs")
    if options.get("renderer") is None:
        options = {**options, "renderer": site_markdown(config)}
    # The model even of a site with errors: a bad file must not hide a dead link elsewhere.
    site, problems = load_content(root, stories_dir, schema, docs_dir=docs, model_despite_errors=True, **options)
    if site is None:
        return None, problems, []
    if site_url is None:
        site_url = str(config.get("site_url") or "")
    if allowed_hosts is None:
        extra = config.get("extra") if isinstance(config.get("extra"), dict) else {}
        allowed_hosts = extra.get("allowed_link_hosts") or []
    problems.extend(same_titles(site))
    pages = plan_site(site, site_name, with_guide)
    targets = link_targets(site, docs, site_url, allowed_hosts, pages)
    problems.extend(check_links(site, targets))
    problems.extend(generated_collisions(site, docs, pages))
    problems.extend(accent_problems(site.settings.accent, SETTINGS_FILE, site.settings.accent_at))
    return (None if problems.errors else site), problems, pages


def link_targets(site: Site, docs_dir: Path, site_url: str, allowed_hosts=(), pages=None) -> LinkTargets:
    """Everything a body link may reach in this build, and what is withheld (pages: the plan)."""
    pages = plan_site(site) if pages is None else pages
    src_uris = {p.src_uri for p in pages} | {"feed.xml"}
    served = {u.lstrip("/") for u in served_urls(site, pages)}
    for rel in docs_files(docs_dir) if Path(docs_dir).is_dir() else []:
        src_uris.add(rel)
        served.add(directory_url(rel))
    withheld = {}
    for entry in [*site.drafts, *site.hidden]:
        why = {"draft": "草稿", "embargoed": "还没到发布日期的稿件", "retracted": "已撤回的稿件"}.get(
            getattr(entry, "status", ""), "已撤下的页面" if entry in site.retracted else "未发布的页面")
        withheld[entry.url] = (entry.path, why)
        served.discard(entry.url)  # a withdrawn page still answers, but no story should lead there
    # A file with errors is out of the model: a link to it waits for that file, not for this one
    # (unless it is a draft all the same).
    faulty = {}
    for entry in site.invalid:
        if entry.url not in served and entry.url not in withheld:
            if entry.get("draft") is True:
                withheld[entry.url] = (entry.path, "草稿")
            else:
                faulty[entry.url] = entry.path
    slugs: dict[str, list[str]] = {prefix: [] for prefix in URL_PREFIX.values()}
    for entry in site.entries():
        slugs[URL_PREFIX[entry.namespace]].append(entry.slug)
    parsed = urlparse(site_url or "/")
    hosts = frozenset(str(h).strip().lower().rstrip(".") for h in allowed_hosts or () if str(h).strip())
    return LinkTargets(src_uris, served, withheld, slugs, (parsed.hostname or "").lower(), hosts,
                       (parsed.path or "/").rstrip("/") + "/", faulty)


def check_links(site: Site, targets: LinkTargets) -> list:
    """Problems of the body links of every page (stories and entities alike), and of
    files with other errors too, so that fixing those reveals nothing new."""
    found = []
    for entry in [*site.entries(), *site.invalid]:
        links = getattr(entry.source, "links", None)  # from the body's one render (jishi.content.body_html)
        if links:
            found += link_problems(entry, links, targets)
    return found


_TITLE_HINTS = {
    "title": "读者在列表和搜索结果里分不清这两篇；请改其中一篇的标题",
    "speaker": "没写标题的心声以“人名：心声”为标题；请给其中一篇写上标题（title）",
    "caption": "图片以图注为标题，读者分不清这两张；请核对图注",
}


def same_titles(site: Site) -> list[Problem]:
    """A warning for each published story whose title another published story has (of any kind),
    at the later file, naming the first: readers and search could not tell them apart."""
    first: dict[str, object] = {}
    found = []
    published = sorted((s for s in site.stories if s.status == PUBLISHED), key=lambda s: s.path)
    for story in published:
        field = _title_field(story)
        key = "".join(story.title.split())
        other = first.setdefault(key, story)
        if other is story:
            continue
        line, col = story.source.position((field,))
        there = ":".join(map(str, (other.path, *other.source.position((_title_field(other),)))))
        found.append(Problem(story.path, line, col, field, f"标题“{story.title}”和 {there} 的一样",
                             _TITLE_HINTS.get(field, _TITLE_HINTS["title"]), WARNING, "title-duplicate"))
    return found


def _title_field(story) -> str:
    """The field a story's title is read from (jishi.content.model.Story.title)."""
    if story.get("title"):
        return "title"
    if story.kind == "testimonial" and story.speaker:
        return "speaker"
    return "caption" if story.kind == "photo" else "slug"


# What a passed check counts besides the published stories, in this order.
WITHHELD_NAMES = {DRAFT: "草稿", EMBARGOED: "未到发布日期", RETRACTED: "已撤回"}


def check_summary(site: Site, withheld: dict[str, int] | None = None) -> str:
    """The line a passed `jishi check` ends with: 检查通过：12 篇稿件（另有草稿 49 篇，不发布），5 个工作队…。

    The stories not published are counted by status (drafts, embargoed,
    retracted); withheld adds other counts by their Chinese name ({"待审": 3}).
    """
    counts = {name: 0 for name in WITHHELD_NAMES.values()}
    for story in site.drafts:
        name = WITHHELD_NAMES.get(story.status)
        if name:
            counts[name] += 1
    counts.update(withheld or {})
    entities = [(len(site.teams), "team"), (len(site.enterprises), "enterprise"), (len(site.people), "person"),
                (len(site.columns), "column")]
    return summary_line(len(site.stories), counts, [(n, site.label(k)) for n, k in entities])


def summary_line(published: int, withheld: dict[str, int], entities: list[tuple[int, str]]) -> str:
    """检查通过：… from counts: published stories, stories not published by name, entities by label."""
    aside = "、".join(f"{name} {n} 篇" for name, n in withheld.items() if n)
    stories = f"{published} 篇稿件" + (f"（另有{aside}，不发布）" if aside else "")
    return f"检查通过：{stories}，" + "，".join(f"{n} 个{label}" for n, label in entities) + "。"


def generated_collisions(site: Site, docs_dir: Path, pages=None) -> list:
    """A hand-written docs/ file where jishi generates a page or file (the build would refuse it)."""
    if not Path(docs_dir).is_dir():
        return []
    planned = {p.src_uri: p for p in (plan_site(site) if pages is None else pages)}
    generated = {"feed.xml": "订阅（feed.xml）", "sitemap.xml": "网站地图", "404.html": "404 页面"}
    found = []
    for rel in docs_files(docs_dir):
        page = planned.get(rel)
        what = f"页面 /{page.url}（{page.title}）" if page else generated.get(rel) or (
            "jishi 自带的样式和脚本" if rel.startswith("assets/jishi/") else None)
        if what:
            found.append(Problem(f"docs/{rel}", 0, 0, "", f"页面冲突：{rel} 既由 jishi 生成（{what}），又是手写的文件",
                                 "请删除或改名这个文件", code="docs-collision"))
    return found
