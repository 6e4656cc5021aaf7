"""Every file under stories/ for the workbench's home: kind, name, status, problems.

Problems come from the same check `jishi check` runs (editor.commands.check_root),
counted per file; a problem's field names the form's field it is shown beside.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from jishi.content.model import ENTITY_KINDS, URL_PREFIX
from jishi.content.schema import Schema
from jishi.editor.commands import check_root
from jishi.editor.scaffold import label_field, scan_files

__all__ = ["Entry", "catalog", "problems_by_file", "field_of", "STATUSES", "url_of"]

STATUSES = ("草稿", "已发布", "已撤回")


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


def status_of(data: dict) -> str:
    if data.get("retracted"):
        return "已撤回"
    if data.get("draft") is True:
        return "草稿"
    return "已发布"


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


def problems_by_file(root: Path) -> tuple[dict[str, list], list]:
    """rel path -> its problems (as `jishi check` prints them), and the problems of no story file."""
    checked = check_root(root)
    by_file: dict[str, list] = {}
    for problem in sorted(set(checked.problems)):
        by_file.setdefault(problem.path, []).append(problem)
    return by_file, [p for path, ps in by_file.items() if not path.startswith("stories/") for p in ps]


def catalog(root: Path, schema: Schema) -> tuple[list[Entry], list]:
    """Every file under stories/, and the site's problems that belong to no story file."""
    by_file, other = problems_by_file(root)
    entries = []
    for path, data in scan_files(root):
        rel = path.relative_to(root).as_posix()
        kind = str(data.get("kind", ""))
        entries.append(Entry(rel, kind, schema.labels.get(kind, kind or "无法读取"), str(data.get("slug", "")),
                             name_of(data) or path.stem, str(data.get("column") or ""), status_of(data),
                             by_file.get(rel, [])))
    return entries, other


def field_of(problem) -> str:
    """The top-level field a problem concerns (items[0].who → items), or ''."""
    return re.split(r"[.\[]", problem.field or "", maxsplit=1)[0]


def today() -> dt.date:
    return dt.date.today()
