"""Page planning: which pages the site has, at which URL, with which template.

A planned page is thin: a title, a template name, a pointer back into the
model and, for stories, the editor's Markdown body. Lists and cards are drawn
by the Jinja templates from the model, not assembled here.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from .model import KIND_LABELS, STORY_KINDS, Site

__all__ = ["PlannedPage", "plan_pages", "INDEX_PAGES"]

# libyaml's emitter when present: the pure-Python one cost ~0.5 ms per page.
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

INDEX_PAGES = {
    "teams": "工作队", "enterprises": "企业", "people": "人物", "columns": "栏目",
}


@dataclass(frozen=True)
class PlannedPage:
    """One page to generate: its source URI (decides the URL) and content."""

    src_uri: str
    title: str
    template: str
    ref: tuple  # (namespace, key) to find the model object again
    body: str = ""
    description: str = ""

    @property
    def url(self) -> str:
        stem = self.src_uri[:-3]
        if stem == "index":
            return ""
        return (stem[: -len("index")] if stem.endswith("/index") else stem + "/")

    def markdown(self) -> str:
        """The generated Markdown file: front matter plus the body, if any."""
        meta = {"title": self.title, "template": self.template, "jishi": list(self.ref)}
        if self.description:
            meta["description"] = self.description
        head = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
        return f"---\n{head}---\n\n{self.body}\n"


def plan_pages(site: Site, site_name: str = "") -> list[PlannedPage]:
    """Every page the site serves, home first, in a stable order."""
    pages = [PlannedPage("index.md", site_name or "首页", "jishi/home.html", ("home", ""))]
    for story in site.stories:
        pages.append(PlannedPage(story.src_uri, story.title, "jishi/story.html",
                                 ("story", story.slug), story.body, story.summary))
    for group, kind in ((site.teams, "team"), (site.enterprises, "enterprise"),
                        (site.columns, "column"), (site.people, "person")):
        for entry in group.values():
            pages.append(PlannedPage(entry.src_uri, entry.title, f"jishi/{kind}.html",
                                     (kind, entry.slug), entry.body))
    for prefix, label in INDEX_PAGES.items():
        pages.append(PlannedPage(f"{prefix}/index.md", label, "jishi/list.html", ("list", prefix)))
    for kind in STORY_KINDS:
        if site.by_kind.get(kind):
            pages.append(PlannedPage(f"kinds/{kind}.md", KIND_LABELS[kind], "jishi/kind.html", ("kind", kind)))
    return pages
