"""Page planning: which pages the site has, at which URL, with which template.

A planned page is thin: a title, a template name, a pointer back into the
model and, for stories, the editor's Markdown body. Lists and cards are drawn
by the Jinja templates from the model, not assembled here.
"""

from __future__ import annotations

import functools
import html
from dataclasses import dataclass

import yaml

from jishi.content.links import directory_url
from jishi.content.model import URL_PREFIX, Site
from jishi.site.share import page_description

__all__ = ["PlannedPage", "directory_url", "plan_pages", "plan_redirects", "plan_retractions", "INDEX_PAGES",
           "REDIRECT_TEMPLATE", "RETRACTED_TEMPLATE", "UNLISTED_TEMPLATES", "GUIDE_PAGE"]

REDIRECT_TEMPLATE = "jishi/redirect.html"
RETRACTED_TEMPLATE = "jishi/retracted.html"
GUIDE_PAGE = "guide.md"
# Pages served but never listed: not in the sitemap, not in search.
UNLISTED_TEMPLATES = (REDIRECT_TEMPLATE, RETRACTED_TEMPLATE)

# libyaml's emitter when present: the pure-Python one cost ~0.5 ms per page.
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# The lists of entities (URL prefix → kind), in the order the site has always planned them.
INDEX_PAGES = {URL_PREFIX[kind]: kind for kind in ("team", "enterprise", "person", "column")}


@dataclass(frozen=True)
class PlannedPage:
    """One page to generate: its source URI (decides the URL) and content."""

    src_uri: str
    title: str
    template: str
    ref: tuple  # (namespace, key) to find the model object again
    body: str = ""
    description: str = ""
    hide: tuple = ()  # Material sidebars to hide, e.g. ("navigation", "toc")
    empty: bool = False  # a list with nothing in it: left out of the nav

    @property
    def url(self) -> str:
        return directory_url(self.src_uri)

    def markdown(self) -> str:
        """The generated Markdown file: front matter plus the body, if any.

        Title and description are HTML-escaped here: Material prints
        page.meta.title and page.meta.description unescaped (MkDocs' Jinja
        has autoescape off), and they come from editors' front matter.
        """
        return _markdown(self)

    def _markdown(self) -> str:
        meta = {"title": html.escape(self.title), "template": self.template}
        if self.description:
            meta["description"] = html.escape(self.description)
        if self.hide:
            meta["hide"] = list(self.hide)
        head = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
        return f"---\n{head}---\n\n{self.body}\n"


# By value: a preview rebuild plans the same pages again, all but the edited ones unchanged.
_markdown = functools.lru_cache(maxsize=1 << 15)(PlannedPage._markdown)


def plan_pages(site: Site, site_name: str = "", with_guide: bool | None = None) -> list[PlannedPage]:
    """Every page the site serves, home first, in a stable order.

    The editor's guide is for editors, not readers: it is planned when with_guide
    is true (the adapter's choice under `mkdocs serve`), or, when with_guide is
    None, when the site's settings publish it (jishi.yml `guide: true`).
    """
    pages = [PlannedPage("index.md", site_name or "首页", "jishi/home.html", ("home", ""),
                         hide=("navigation", "toc"))]
    for story in site.stories:
        pages.append(PlannedPage(story.src_uri, story.title, "jishi/story.html",
                                 ("story", story.slug), story.body, page_description(site, story)))
    for group, kind in ((site.teams, "team"), (site.enterprises, "enterprise"),
                        (site.columns, "column"), (site.people, "person")):
        for entry in group.values():
            pages.append(PlannedPage(entry.src_uri, entry.title, f"jishi/{kind}.html",
                                     (kind, entry.slug), entry.body, page_description(site, entry)))
    groups = {"teams": site.teams, "enterprises": site.enterprises, "people": site.people, "columns": site.columns}
    for prefix, kind in INDEX_PAGES.items():
        pages.append(PlannedPage(f"{prefix}/index.md", site.label(kind), "jishi/list.html", ("list", prefix),
                                 empty=not groups[prefix]))
    # Every kind gets its page, even with no (published) story: a nav may name
    # it, and withholding the only draft of a kind must not break the build.
    # Empty ones are left out of the nav (jishi.mkdocs_adapter.nav).
    for kind in site.story_kinds:
        pages.append(PlannedPage(f"kinds/{kind}.md", site.label(kind), "jishi/kind.html", ("kind", kind),
                                 empty=not site.by_kind.get(kind)))
    if site.settings.guide if with_guide is None else with_guide:
        pages.append(PlannedPage(GUIDE_PAGE, "编辑指南", "jishi/guide.html", ("guide", ""),
                                 description="怎样写稿、加图片、预览，以及每条错误提示的意思"))
    return pages + plan_retractions(site)


def plan_retractions(site: Site) -> list[PlannedPage]:
    """A 本文已撤回 page at the URL (and every old URL) of each retracted story,
    and a 本页已撤下 page for each entity only retracted stories led to."""
    pages = []
    for entry in site.retracted:
        prefix = entry.url.split("/", 1)[0]
        title = "本文已撤回" if entry.namespace == "story" else "本页已撤下"
        for slug in [entry.slug, *entry.aliases]:
            pages.append(PlannedPage(f"{prefix}/{slug}.md", title, RETRACTED_TEMPLATE,
                                     ("retracted", f"{entry.namespace}:{entry.slug}")))
    return pages


def plan_redirects(site: Site) -> list[PlannedPage]:
    """A thin redirect page at every old slug (`aliases:`) of a published entry.

    The page's ref points at the entry it redirects to, so the template can
    link the current URL; drafts have no page, hence no redirects either.
    """
    pages = []
    for entry in site.entries():
        prefix = entry.url.split("/", 1)[0]
        for alias in entry.aliases:
            pages.append(PlannedPage(f"{prefix}/{alias}.md", entry.title, REDIRECT_TEMPLATE,
                                     (entry.namespace, entry.slug), description=page_description(site, entry)))
    return pages
