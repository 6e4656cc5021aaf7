"""What templates see: one TemplateContext per page, and a few Jinja filters.

Everything a template lists comes from the Site's indexes, computed once per
build; nothing here walks all stories per page.
"""

from __future__ import annotations

from functools import cached_property

from jinja2 import BytecodeCache

from jishi.content.model import KIND_LABELS, Site
from jishi.site.charts import figure_chart
from jishi.site.dateline import reading_time, story_date
from jishi.site.quotes import first_paragraph, glossed_terms
from jishi.site.share import absolute_url, published_time, repeats, share_image, share_title

__all__ = ["TemplateContext", "register_filters", "autoescape_jishi_templates", "DIRECTORY_MAX",
           "MemoryBytecodeCache"]

# The 404 page lists at most this many entries of each group, so it stays
# small however many stories the site has.
DIRECTORY_MAX = 300

class TemplateContext:
    """The model, seen from one page."""

    def __init__(self, site: Site, ref: tuple, *, guide: dict | None = None, images: dict | None = None,
                 description: str = ""):
        """ref is a planned page's (page type, key); guide the editor's guide's data (computed
        when the pages were planned); images what the build published (path → PublishedImage);
        description the page's share description as planned, unescaped ("" where it has none)."""
        self.site = site
        self.description = description
        self.page_type, self.key = ref
        self._guide = guide or {}
        self.images = images or {}

    @property
    def settings(self):
        """The site's jishi.yml (jishi.content.settings.SiteSettings)."""
        return self.site.settings

    @cached_property
    def entry(self):
        # site.by_slug is built once per build: a dict per page here made the build O(N²).
        groups = {"story": self.site.by_slug, "team": self.site.teams,
                  "enterprise": self.site.enterprises, "column": self.site.columns,
                  "person": self.site.people}
        return groups.get(self.page_type, {}).get(self.key)

    @cached_property
    def retraction(self) -> dict:
        """{date, reason, story} of a withdrawn page (page type "retracted")."""
        if self.page_type != "retracted":
            return {}
        for entry in self.site.retracted:
            if f"{entry.namespace}:{entry.slug}" == self.key:
                return self.site.retraction_of(entry)
        return {}

    @cached_property
    def stories(self) -> list:
        """The stories this page lists."""
        index = {"team": self.site.by_team, "enterprise": self.site.by_enterprise,
                 "column": self.site.by_column, "person": self.site.by_person,
                 "kind": self.site.by_kind}.get(self.page_type)
        if index is None:
            return []
        return list(index.get(self.key, []))

    @property
    def kind_label(self) -> str:
        return self.site.label(self.key) if self.page_type == "kind" else ""

    def label(self, kind: str) -> str:
        """A kind's Chinese name in this site's schema (工作队, or what the site renamed it to)."""
        return self.site.label(kind)

    def field_title(self, kind: str, name: str) -> str:
        """A field's Chinese name in this site's schema (所驻企业 …)."""
        return self.site.field_title(kind, name)

    def details(self, entry) -> list[tuple[str, list[tuple[str, str]]]]:
        """The fields the site's schema/ folder added, for a 详细信息 list: [(title, [(text, url)])].

        url is "" for plain values; a reference links to the entry it names.
        """
        ks = self.site.schema.kinds.get(entry.kind) if self.site.schema is not None else None
        rows = []
        for name in ks.site_fields if ks is not None else []:
            value = entry.get(name)
            if value is None or value == "" or value == []:
                continue
            linked = entry.links.get(name) if _is_ref(ks.properties.get(name, {})) else None
            if linked is not None:
                values = [(e.title, e.url) for e in linked]
            else:
                values = [(_text(v), "") for v in (value if isinstance(value, list) else [value])]
            rows.append((ks.field_title(name), values))
        return rows

    @cached_property
    def roles(self) -> list[str]:
        return self.site.roles_of(self.entry) if self.page_type == "person" else []

    @cached_property
    def teams(self) -> list:
        if self.page_type == "enterprise":
            return self.site.teams_of(self.entry)
        return sorted(self.site.teams.values(), key=lambda t: t.slug)

    @cached_property
    def listing(self) -> list:
        """Entities of an index page (teams/, enterprises/, people/, columns/)."""
        groups = {"teams": self.site.teams, "enterprises": self.site.enterprises,
                  "people": self.site.people, "columns": self.site.columns}
        entries = list(groups.get(self.key, {}).values())
        if self.key == "columns":
            return self.site.columns_in_order
        return sorted(entries, key=lambda e: e.slug)

    def count_for(self, entry) -> int:
        index = {"team": self.site.by_team, "enterprise": self.site.by_enterprise,
                 "column": self.site.by_column, "person": self.site.by_person}[entry.kind]
        return len(index.get(entry.slug, []))

    @property
    def guide(self) -> dict:
        """The editor's guide (guide page only), computed before any page renders."""
        return self._guide

    # --- home page -------------------------------------------------------
    @cached_property
    def lead(self):
        cases = self.site.by_kind.get("case", [])
        return cases[0] if cases else None

    @cached_property
    def figures(self) -> list:
        return self.site.by_kind.get("figures", [])

    @property
    def kinds(self) -> list[tuple[str, str, int]]:
        return [(k, self.site.label(k), len(self.site.by_kind[k])) for k in self.site.story_kinds
                if self.site.by_kind.get(k)]

    def column_stories(self, column) -> list:
        return self.site.by_column.get(column.slug, [])

    @cached_property
    def intro(self) -> str:
        """The lead story's first paragraph, as printed."""
        return first_paragraph(self.lead.body) if self.lead else ""

    @cached_property
    def terms(self) -> list:
        """The terms the lead story explains in brackets (六同, 六小, 六有), as printed."""
        return glossed_terms(self.lead.body) if self.lead else []

    def latest(self, n: int = 6) -> list:
        """The n newest stories after the lead, which the home page shows on its own."""
        return [s for s in self.site.latest[: n + 1] if s is not self.lead][:n]

    # --- story page ------------------------------------------------------
    @cached_property
    def previous(self):
        return self.site.relations.previous.get(self.key) if self.page_type == "story" else None

    @cached_property
    def next(self):
        return self.site.relations.next.get(self.key) if self.page_type == "story" else None

    @cached_property
    def related(self) -> list:
        return self.site.relations.related.get(self.key, []) if self.page_type == "story" else []

    @cached_property
    def sequence_label(self) -> str:
        """What previous/next walk through: 栏目“护根之举”, or a kind such as 图片."""
        label, owner = self.site.relations.sequence.get(self.key, (None, None))
        if label == "column" and owner is not None:
            return f"栏目“{owner.name}”"
        return self.site.label(owner) if label == "kind" else ""

    # --- person, team, enterprise pages ----------------------------------
    @cached_property
    def said(self) -> list:
        """A person's own stories (bylined or spoken), or a page's stories other than photos."""
        if self.page_type == "person":
            return [s for s in self.stories if s.byline_person is self.entry]
        return [s for s in self.stories if s.kind != "photo"]

    @cached_property
    def appears(self) -> list:
        """Stories a person appears in without speaking (photos, mentions)."""
        return [s for s in self.stories if s.byline_person is not self.entry] if self.page_type == "person" else []

    @cached_property
    def photos(self) -> list:
        return [s for s in self.stories if s.kind == "photo"]

    def roles_for(self, person) -> list[str]:
        return self.site.roles_of(person)

    # --- 404 page ----------------------------------------------------------
    @cached_property
    def directory(self) -> list[tuple[str, list]]:
        """What the 404 page lists to find a page by name: stories by kind, then entities."""
        groups = [(self.site.label(k), self.site.by_kind[k][:DIRECTORY_MAX]) for k in self.site.story_kinds
                  if self.site.by_kind.get(k)]
        groups.append((self.site.label("column"), self.site.columns_in_order))
        for kind, entries in (("team", self.site.teams), ("enterprise", self.site.enterprises),
                              ("person", self.site.people)):
            if entries:
                groups.append((self.site.label(kind), sorted(entries.values(), key=lambda e: e.slug)[:DIRECTORY_MAX]))
        return groups

    @cached_property
    def find_examples(self) -> str:
        """What the 404 page's filter suggests typing: names from this site, or neutral words."""
        names = [group[0].name for group in (sorted(self.site.people.values(), key=lambda e: e.slug),
                                             sorted(self.site.enterprises.values(), key=lambda e: e.slug)) if group]
        names += [self.site.label(k) for k in self.site.story_kinds if self.site.by_kind.get(k)][:1]
        return "例如：" + "、".join(names) if names else "输入标题或名称"


def _is_ref(prop: dict) -> bool:
    return bool(prop.get("x-ref") or (prop.get("items") or {}).get("x-ref"))


def _text(value) -> str:
    """A front-matter value as readers see it."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict):
        return "，".join(map(_text, value.values()))
    return str(value)


def notes_of(entry, site: Site | None = None) -> list[str]:
    """The editor's notes a reader should see: derived values (each field named as the site's
    schema names it) and mends."""
    notes = []
    for name, reason in entry.derived.items():
        label = site.field_title(entry.kind, name) if site is not None else name
        notes.append(f"{label}为编辑推定：{reason}")
    notes.extend(entry.mends)
    return notes


def format_figure(item: dict) -> str:
    """A figure as printed: 230余篇, 约150万人, 97.9%."""
    value = item["value"]
    text = f"{value:g}" if isinstance(value, float) else str(value)
    q = item.get("qualifier", "")
    if q in ("约", "近", "超"):
        return f"{q}{text}{item['unit']}"
    return f"{text}{q}{item['unit']}"


def chart_of(items: list) -> list:
    """The figures chart: items grouped by unit, bars sized at build time."""
    return figure_chart(items, format_figure)


def register_filters(env, site: Site | None = None) -> None:
    """Add jishi's filters to a Jinja environment (kind names as the site calls them)."""
    env.filters["jishi_chart"] = chart_of
    env.filters["jishi_notes"] = lambda entry: notes_of(entry, site)
    env.filters["jishi_figure"] = format_figure
    env.filters["jishi_kind"] = site.label if site is not None else (lambda kind: KIND_LABELS.get(kind, kind))
    env.filters["jishi_share_image"] = share_image
    env.filters["jishi_published_time"] = published_time
    env.filters["jishi_absolute"] = absolute_url
    env.filters["jishi_share_title"] = share_title
    env.filters["jishi_story_date"] = story_date
    env.filters["jishi_reading_time"] = reading_time
    env.tests["jishi_repeating"] = repeats


def autoescape_jishi_templates(env) -> None:
    """Turn on HTML autoescaping for jishi's own templates (jishi/…).

    MkDocs builds its Jinja environment with autoescape off and Material's
    templates rely on that, so escaping is switched on by template name: in
    jishi/ templates every value is escaped unless marked `| safe` (the page's
    rendered Markdown, already checked by jishi.content.sanitize).
    """
    previous = env.autoescape

    def by_name(name):
        if name and (name.startswith("jishi/") or name == "404.html"):
            return True
        return previous(name) if callable(previous) else bool(previous)

    env.autoescape = by_name


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory across the rebuilds of one `mkdocs serve`.

    Jinja keys each entry by template name and a checksum of its source, so an
    edited template is compiled afresh.
    """

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()
