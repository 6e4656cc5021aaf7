"""Every file under stories/ for the workbench's home: kind, name, status, problems.

Problems come from the same check `jishi check` runs (editor.commands.check_root),
counted per file; a problem's field names the form's field it is shown beside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from jishi.content.model import ENTITY_KINDS, URL_PREFIX
from jishi.content.loader import LoadError, read_source
from jishi.content.review import review_state
from jishi.content.schema import Schema
from jishi.content.settings import load_settings
from jishi.editor.commands import check_root
from jishi.editor.scaffold import label_field, scan_files

__all__ = ["Entry", "catalog", "problems_by_file", "field_of", "STATUSES", "url_of"]

STATUSES = ("草稿", "待审", "已发布", "已撤回")


@dataclass
class Entry:
    rel: str
    kind: str
    label: str
    slug: str
    name: str
    column: str
    status: str
    problems: list = field(default_factory=list)


def status_of(data: dict, waiting: bool = False) -> str:
    """草稿, 待审 (a step of jishi.yml's review not signed for this text), 已发布 or 已撤回."""
    if data.get("retracted"):
        return "已撤回"
    if data.get("draft") is True:
        return "草稿"
    return "待审" if waiting else "已发布"


def url_of(data: dict) -> list[str]:
    """The preview paths a file's page is served at (its slug, then its aliases)."""
    kind = data.get("kind")
    namespace = kind if kind in ENTITY_KINDS else "story"
    slugs = [data.get("slug"), *(data.get("aliases") or [])]
    return [f"/{URL_PREFIX[namespace]}/{s}/" for s in slugs if isinstance(s, str)]


def name_of(data: dict) -> str:
    kind = str(data.get("kind", ""))
    value = data.get(label_field(kind)) or data.get("title") or data.get("speaker") or data.get("slug") or ""
    return str(value)


def problems_by_file(root: Path, with_steps: bool = False):
    """rel path -> its problems (as `jishi check` prints them), and the problems of no story file
    (and, with_steps, the review steps jishi.yml asks for)."""
    checked = check_root(root)
    by_file: dict[str, list] = {}
    for problem in sorted(set(checked.problems)):
        by_file.setdefault(problem.path, []).append(problem)
    other = [p for path, ps in by_file.items() if not path.startswith("stories/") for p in ps]
    if not with_steps:
        return by_file, other
    settings = checked.site.settings if checked.site is not None else load_settings(root)[0]
    return by_file, other, tuple(settings.review or ())


def catalog(root: Path, schema: Schema) -> tuple[list[Entry], list]:
    """Every file under stories/, and the site's problems that belong to no story file."""
    by_file, other, steps = problems_by_file(root, with_steps=True)
    entries = []
    for path, data in scan_files(root):
        rel = path.relative_to(root).as_posix()
        kind = str(data.get("kind", ""))
        ks = schema.kinds.get(kind)
        waiting = bool(steps and ks is not None and ks.is_story and not _reviewed(path, rel, steps))
        entries.append(Entry(rel, kind, schema.labels.get(kind, kind or "无法读取"), str(data.get("slug", "")),
                             name_of(data) or path.stem, str(data.get("column") or ""), status_of(data, waiting),
                             by_file.get(rel, [])))
    return entries, other


def _reviewed(path: Path, rel: str, steps) -> bool:
    try:
        source = read_source(path, rel)
    except LoadError:
        return False
    return review_state(source.data, source.body, steps).complete


def field_of(problem) -> str:
    """The top-level field a problem concerns (items[0].who → items), or ''."""
    return re.split(r"[.\[]", problem.field or "", maxsplit=1)[0]
