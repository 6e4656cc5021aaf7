"""What templates see: one TemplateContext per page, and a few Jinja filters.

Everything a template lists comes from the Site's indexes, computed once per
build; nothing here walks all stories per page.
"""

from __future__ import annotations

from functools import cached_property

from .model import KIND_LABELS, STORY_KINDS, Site

__all__ = ["TemplateContext", "register_filters", "FIELD_LABELS"]

# Chinese names of fields, for the editor's notes on derived values.
FIELD_LABELS = {
    "date": "日期", "column": "栏目", "team": "工作队", "enterprise": "企业", "name": "名称",
    "short_name": "简称", "period": "驻企时间", "alt": "替代文字", "items": "数字整理",
    "title": "标题", "members": "队员", "author": "作者", "speaker": "讲述人",
}


class TemplateContext:
    """The model, seen from one page."""

    def __init__(self, site: Site, ref: tuple):
        self.site = site
        self.page_type, self.key = ref

    @cached_property
    def entry(self):
        # site.by_slug is built once per build: a dict per page here made the build O(N²).
        groups = {"story": self.site.by_slug, "team": self.site.teams,
                  "enterprise": self.site.enterprises, "column": self.site.columns,
                  "person": self.site.people}
        return groups.get(self.page_type, {}).get(self.key)

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
        return KIND_LABELS.get(self.key, "")

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
        return [(k, KIND_LABELS[k], len(self.site.by_kind[k])) for k in STORY_KINDS if self.site.by_kind.get(k)]

    def column_stories(self, column) -> list:
        return self.site.by_column.get(column.slug, [])


def notes_of(entry) -> list[str]:
    """The editor's notes a reader should see: derived values and mends."""
    notes = []
    for name, reason in entry.derived.items():
        notes.append(f"{FIELD_LABELS.get(name, name)}为编辑推定：{reason}")
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


def register_filters(env) -> None:
    """Add jishi's filters to a Jinja environment."""
    env.filters["jishi_notes"] = notes_of
    env.filters["jishi_figure"] = format_figure
    env.filters["jishi_kind"] = lambda kind: KIND_LABELS.get(kind, kind)
