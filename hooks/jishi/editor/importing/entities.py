"""People, teams, enterprises and columns named in an import: linked or created.

A name that matches an existing entity's `name` (or `short_name`) exactly is
linked to that file. Otherwise a new entity file is planned with a pinyin
slug (as `jishi new` makes them), and an existing entity whose name is close
(one contains the other, or difflib finds them alike) is suggested in the
report: the editor decides whether they are the same.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from jishi.content.loader import LoadError, read_source
from jishi.content.model import ENTITY_KINDS
from jishi.editor.importing.plan import Draft, ImportPlan, Note
from jishi.content.model import folder_of
from jishi.editor.scaffold import slugify

__all__ = ["EntityBook", "existing_files"]

_NEAR = 0.6  # 陈小兰 ~ 陈晓兰 (0.67); two-character names must match exactly or contain each other


def existing_files(stories_dir: Path) -> list[tuple[Path, dict, str]]:
    """Every readable file under stories_dir with its front matter and body."""
    found = []
    for path in sorted(Path(stories_dir).rglob("*.md")):
        try:
            source = read_source(path, str(path))
        except LoadError:
            continue
        found.append((path, source.data or {}, source.body))
    return found


class EntityBook:
    """The entities an import refers to, existing and new, by kind and name."""

    def __init__(self, plan: ImportPlan, stories_dir: Path, existing: list[tuple[Path, dict, str]]):
        self.plan, self.stories_dir = plan, Path(stories_dir)
        self._by_name: dict[tuple[str, str], Draft] = {}
        self._existing: dict[str, list[Draft]] = {k: [] for k in ENTITY_KINDS}
        self.taken: set[str] = set()
        for path, data, _ in existing:
            slug, kind = str(data.get("slug") or path.stem), data.get("kind")
            self.taken.add(f"{kind if kind in ENTITY_KINDS else 'story'}:{slug}")
            if kind not in ENTITY_KINDS:
                continue
            draft = Draft(kind, dict(data), slug=slug, path=path, status="linked")
            self._existing[kind].append(draft)
            for name in (data.get("name"), data.get("short_name")):
                if name:
                    self._by_name.setdefault((kind, str(name)), draft)

    def get(self, kind: str, name: str, source: str, line: int, fields: dict | None = None,
            derived: dict | None = None, slug: str = "") -> Draft:
        """The entity of this kind with this name: existing, already planned, or new."""
        found = self._by_name.get((kind, name))
        if found is not None:
            if found.status == "linked" and found not in self.plan.drafts:
                self.plan.add(found)
                self.plan.recognised.append(Note(source, line, f"{_KIND[kind]}“{name}”：已有文件 {found.slug}，直接关联"))
            return found
        draft = Draft(kind, {"name": name, **(fields or {})}, derived=dict(derived or {}), source=f"{source}:{line}")
        draft.slug = self.unique(kind, slug or _slug(name, kind))
        draft.path = self.stories_dir / folder_of(kind) / f"{draft.slug}.md"
        self._by_name[(kind, name)] = draft
        self.plan.add(draft)
        near = self._near(kind, name)
        if near:
            self.plan.uncertain.append(Note(source, line, f"新建{_KIND[kind]}“{name}”；已有相近的"
                                            + "、".join(f"“{d.fields.get('name')}”（{d.slug}）" for d in near)
                                            + "，如果是同一个，请改用已有的网址名并删掉新文件"))
        return draft

    def unique(self, namespace: str, slug: str) -> str:
        """slug, or slug-2, slug-3 … when another file of the namespace has it."""
        candidate, n = slug, 1
        while f"{namespace}:{candidate}" in self.taken:
            n += 1
            candidate = f"{slug}-{n}"
        self.taken.add(f"{namespace}:{candidate}")
        return candidate

    def _near(self, kind: str, name: str) -> list[Draft]:
        out = []
        for draft in self._existing[kind]:
            other = str(draft.fields.get("name") or "")
            if other and (name in other or other in name
                          or difflib.SequenceMatcher(None, name, other).ratio() >= _NEAR):
                out.append(draft)
        return out[:3]


def _slug(name: str, kind: str) -> str:
    """A pinyin slug; a company's legal suffix (有限公司 …) adds nothing to it."""
    if kind == "enterprise":
        name = _LEGAL.sub("", name) or name
    return slugify(name, kind) or kind


_LEGAL = re.compile(r"(股份有限公司|有限责任公司|有限公司|集团公司|集团|公司)$")
_KIND = {"person": "人物", "team": "工作队", "enterprise": "企业", "column": "栏目"}
