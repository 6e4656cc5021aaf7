"""The content model: stories and the entities they refer to.

Plain data classes; nothing here reads files or knows about MkDocs. The
indexes (stories by team, by enterprise, by column, by person, by kind) are
computed once, when the Site is built, never per page.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

from jishi.content.relations import Relations, build_relations
from jishi.content.schema import ENTITY_KINDS, STORY_KINDS
from jishi.content.settings import SiteSettings

__all__ = [
    "inline_text",
    "Entry", "Story", "Team", "Enterprise", "Column", "Person", "Site",
    "KIND_LABELS", "STORY_KINDS", "ENTITY_KINDS", "URL_PREFIX", "folder_of",
]

KIND_LABELS = {
    "case": "纪实报道", "commentary": "专家点评", "testimonial": "心声", "photo": "图片",
    "voices": "网友声音", "figures": "数字", "changes": "变化",
    "team": "工作队", "enterprise": "企业", "column": "栏目", "person": "人物",
}
URL_PREFIX = {"story": "stories", "team": "teams", "enterprise": "enterprises",
              "column": "columns", "person": "people"}
# Where each kind's files live under stories/ (the seed's 链接 kinds share a folder).
_FOLDERS = {"voices": "link", "figures": "link", "changes": "link"}


def folder_of(kind: str) -> str:
    """The folder under stories/ for files of this kind."""
    if kind in ENTITY_KINDS:
        return URL_PREFIX[kind]
    return _FOLDERS.get(kind, kind)  # a story kind, built-in or the site's own



_INLINE = [(re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # [text](url), ![alt](src): the text
           (re.compile(r"<[^>]+>"), ""),  # inline HTML tags (the text between them stays)
           (re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1"), r"\2")]  # emphasis and code marks


def inline_text(markdown: str) -> str:
    """A line of Markdown as a reader sees it: link, emphasis and tag marks gone, every word kept."""
    if not any(mark in markdown for mark in "[<*_`"):
        return markdown  # no mark any pattern could match
    for pattern, repl in _INLINE:
        markdown = pattern.sub(repl, markdown)
    return markdown

@dataclass(eq=False)
class Entry:
    """Anything an editor wrote: a story or an entity, with its source file."""

    path: str
    data: dict
    body: str = ""
    body_line: int = 1
    source: object = field(default=None, repr=False)
    valid: bool = True
    kind_title: str = ""  # the kind's Chinese name in the site's schema (load_site sets it)
    # Every reference field, linked: field name -> the entries it names that exist (never None).
    links: dict = field(default_factory=dict, repr=False)

    # The reference fields the model has an attribute for: name -> (kind referred to, a list?).
    # Any other reference (a site's own field) is only in links: a field named like an
    # attribute of another shape (a site's `url`, a single `people`) never replaces it.
    REFERENCES: ClassVar[dict] = {}

    def link(self, name: str, targets: list, target_kind: str, many: bool) -> None:
        """Record the entries a reference field names (load_site: only those found and without errors)."""
        self.links[name] = targets
        if self.REFERENCES.get(name) == (target_kind, many):
            setattr(self, name, list(targets) if many else (targets[0] if targets else None))

    @property
    def kind(self) -> str:
        return self.data["kind"]

    @property
    def slug(self) -> str:
        return self.data["slug"]

    @property
    def kind_label(self) -> str:
        return self.kind_title or KIND_LABELS.get(self.kind, self.kind)

    @property
    def namespace(self) -> str:
        return self.kind

    @property
    def url(self) -> str:
        """Site-relative URL with trailing slash, e.g. stories/zhang-song/."""
        return f"{URL_PREFIX[self.namespace]}/{self.slug}/"

    @property
    def src_uri(self) -> str:
        return f"{URL_PREFIX[self.namespace]}/{self.slug}.md"

    @property
    def aliases(self) -> list[str]:
        return self.data.get("aliases", [])

    @property
    def derived(self) -> dict:
        return self.data.get("derived", {})

    @property
    def mends(self) -> list[str]:
        return self.data.get("mends", [])

    def get(self, key, default=None):
        return self.data.get(key, default)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.slug}>"


@dataclass(eq=False, repr=False)
class Story(Entry):
    """A story of any kind; links to entities are filled in by the Site."""

    team: "Team | None" = None
    enterprise: "Enterprise | None" = None
    column: "Column | None" = None
    author: "Person | None" = None
    author_team: "Team | None" = None
    speaker: "Person | None" = None
    people: list = field(default_factory=list)
    status: str = "published"  # or "draft", "embargoed" (set by load_site)

    REFERENCES: ClassVar[dict] = {
        "team": ("team", False), "enterprise": ("enterprise", False), "column": ("column", False),
        "author": ("person", False), "author_team": ("team", False), "speaker": ("person", False),
        "people": ("person", True),
    }

    @property
    def namespace(self) -> str:
        return "story"

    @property
    def title(self) -> str:
        """The printed title, or, for kinds without one, a label built from the data."""
        if self.data.get("title"):
            return self.data["title"]
        if self.kind == "testimonial" and self.speaker:
            return f"{self.speaker.name}：{self.kind_label}"
        if self.kind == "photo":
            return self.data["caption"]
        return self.slug

    @property
    def date(self) -> str:
        return str(self.data["date"])

    @property
    def order(self) -> int:
        return self.data.get("order", 0)

    @property
    def draft(self) -> bool:
        return bool(self.data.get("draft", False))

    @property
    def byline_person(self) -> "Person | None":
        return self.author or self.speaker

    @property
    def role(self) -> str:
        return self.data.get("author_role") or self.data.get("speaker_role") or ""

    @property
    def all_people(self) -> list["Person"]:
        """Everyone the story is by, of or about, once each, in that order."""
        seen = []
        for p in [self.author, self.speaker, *self.people]:
            if p is not None and p not in seen:
                seen.append(p)
        return seen

    @property
    def summary(self) -> str:
        """The editor's summary, or the body's first sentence, cut to 120 characters."""
        text = self.full_summary
        if self.data.get("summary") or len(text) <= 120:
            return text
        return text[:119] + "…"

    @cached_property
    def full_summary(self) -> str:
        """The editor's summary, or the body's whole first sentence (for the feed); once per entry."""
        if self.data.get("summary"):
            return self.data["summary"]
        text = inline_text(self.body.strip().split("\n", 1)[0]) if self.body.strip() else ""
        if not text:
            text = self.data.get("caption") or "；".join(
                i if isinstance(i, str) else i.get("text", "") for i in self.data.get("items", [])[:2])
        ends = [text.index(stop) + 1 for stop in "。！？" if stop in text]
        return text[: min(ends)] if ends else text

    @property
    def sort_key(self) -> tuple:
        return (self.column.order if self.column else 0, self.order, self.slug)

    @property
    def print_key(self) -> tuple:
        """Where the story stood on the printed page: pieces outside any column
        (the lead) first, then the columns in their order, photos last."""
        band = 2 if self.kind == "photo" else (1 if self.column else 0)
        return (band, self.column.order if self.column else 0, self.order, self.slug)


@dataclass(eq=False, repr=False)
class NamedEntry(Entry):
    """An entity whose page title is its printed name."""

    @property
    def name(self) -> str:
        return self.data["name"]

    @property
    def title(self) -> str:
        return self.name


@dataclass(eq=False, repr=False)
class Team(NamedEntry):
    enterprise: "Enterprise | None" = None
    members: list = field(default_factory=list)

    REFERENCES: ClassVar[dict] = {"enterprise": ("enterprise", False), "members": ("person", True)}


@dataclass(eq=False, repr=False)
class Enterprise(NamedEntry):
    @property
    def short_name(self) -> str:
        return self.data.get("short_name") or self.name


@dataclass(eq=False, repr=False)
class Column(NamedEntry):
    @property
    def order(self) -> int:
        return self.data["order"]


@dataclass(eq=False, repr=False)
class Person(NamedEntry):
    pass


ENTRY_CLASSES = {"team": Team, "enterprise": Enterprise, "column": Column, "person": Person}


@dataclass
class Site:
    """Every published entry, linked, with the indexes pages are listed from."""

    stories: list  # published stories only, newest/ordered
    teams: dict
    enterprises: dict
    columns: dict
    people: dict
    drafts: list = field(default_factory=list)  # withheld: drafts and embargoed stories
    settings: SiteSettings = field(default_factory=SiteSettings)  # jishi.yml (set by load_site)
    schema: object = None  # the site's jishi.content.schema.Schema (set by load_site)
    hidden: list = field(default_factory=list)  # entities withheld: only withheld stories or none lead to them
    invalid: list = field(default_factory=list)  # entries of files with errors (checked, never published)
    orphans: list = field(default_factory=list)  # entities no story refers to (in hidden too)
    retracted: list = field(default_factory=list)  # retracted stories, and entities only they led to

    def retraction_of(self, entry) -> dict:
        """{date, reason, story} of the retraction that took entry's page away."""
        own = entry.get("retracted") if isinstance(entry.get("retracted"), dict) else None
        if own is not None:
            return {"date": str(own.get("date", "")), "reason": str(own.get("reason", "")), "story": True}
        return {"date": "", "reason": "与之相关的稿件已撤回", "story": False}

    def __post_init__(self):
        self.by_team = defaultdict(list)
        self.by_enterprise = defaultdict(list)
        self.by_column = defaultdict(list)
        self.by_person = defaultdict(list)
        self.by_kind = defaultdict(list)
        for story in self.stories:
            self.by_kind[story.kind].append(story)
            if story.column:
                self.by_column[story.column.slug].append(story)
            for team in {story.team, story.author_team} - {None}:
                self.by_team[team.slug].append(story)
            enterprise = story.enterprise or (story.team.enterprise if story.team else None)
            if enterprise:
                self.by_enterprise[enterprise.slug].append(story)
            for person in story.all_people:
                self.by_person[person.slug].append(story)
        for index in (self.by_column,):
            for stories in index.values():
                stories.sort(key=lambda s: (s.order, s.slug))

    def label(self, kind: str) -> str:
        """A kind's Chinese name as this site calls it (its schema's title): 工作队, 服务队 …"""
        ks = self.schema.kinds.get(kind) if self.schema is not None else None
        return ks.title if ks is not None else KIND_LABELS.get(kind, kind)

    def field_title(self, kind: str, name: str) -> str:
        """A field's Chinese name in this site's schema: 所驻企业, 所在社区 …"""
        ks = self.schema.kinds.get(kind) if self.schema is not None else None
        return ks.field_title(name) if ks is not None else name

    @property
    def story_kinds(self) -> list[str]:
        """Every kind of story the site's schema knows, built-in first."""
        known = self.schema.story_kinds if self.schema is not None else []
        return [k for k in STORY_KINDS if k in known or not known] + [k for k in known if k not in STORY_KINDS]

    @cached_property
    def by_slug(self) -> dict[str, Story]:
        """Published stories by slug."""
        return {s.slug: s for s in self.stories}

    @cached_property
    def columns_in_order(self) -> list[Column]:
        return sorted(self.columns.values(), key=lambda c: (c.order, c.slug))

    @cached_property
    def latest(self) -> list[Story]:
        """Stories newest first; same date keeps the printed order."""
        by_print = sorted(self.stories, key=lambda s: s.print_key)
        return sorted(by_print, key=lambda s: s.date, reverse=True)

    @cached_property
    def relations(self) -> Relations:
        """Previous/next and related stories, computed once per build."""
        return build_relations(self)

    @cached_property
    def teams_by_enterprise(self) -> dict:
        index = defaultdict(list)
        for team in self.teams.values():
            if team.enterprise is not None:
                index[team.enterprise.slug].append(team)
        return index

    def teams_of(self, enterprise: Enterprise) -> list[Team]:
        return self.teams_by_enterprise.get(enterprise.slug, [])

    def roles_of(self, person: Person) -> list[str]:
        """Every role the person is printed with, once each, in story order."""
        roles = []
        for story in self.by_person.get(person.slug, []):
            if story.byline_person is person and story.role and story.role not in roles:
                roles.append(story.role)
        return roles

    def entries(self):
        """All published entries, stories first."""
        yield from self.stories
        for group in (self.teams, self.enterprises, self.columns, self.people):
            yield from group.values()
