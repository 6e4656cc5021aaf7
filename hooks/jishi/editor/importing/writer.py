"""Naming, rendering and writing an import's drafts; recognising what was imported before.

Story slugs follow `jishi new`: a testimonial is <speaker>-xinsheng, other
stories take the pinyin of their title or caption (a commentary and a photo
take their person's slug, which is shorter and stays readable). A story that
an earlier import already wrote (same kind, same title or speaker, same
body) is not written again, so importing the same page twice duplicates
nothing; an existing file is never overwritten.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from jishi.content.images import publish_image
from jishi.editor.importing.entities import EntityBook
from jishi.editor.importing.plan import Draft, ImportPlan
from jishi.content.loader import yaml_scalar
from jishi.content.model import folder_of
from jishi.editor.scaffold import slugify

__all__ = ["name_stories", "render", "write_plan", "story_identity"]

_FIRST = ("kind", "slug", "draft")
_LAST = ("mends", "derived")


def story_identity(kind: str, data: dict, body: str) -> tuple:
    """What makes two story files the same story: kind, title or speaker, body text."""
    label = data.get("title") or data.get("caption") or data.get("speaker") or ""
    return kind, str(label), "".join(str(body).split())


def name_stories(plan: ImportPlan, book: EntityBook, stories_dir: Path, existing: list) -> None:
    """Give every new story draft its slug and path, or mark it as imported before."""
    known = {story_identity(d.get("kind"), d, body): path for path, d, body in existing}
    for draft in plan.drafts:
        if draft.kind in ("person", "team", "enterprise", "column"):
            continue
        same = known.get(story_identity(draft.kind, draft.fields, draft.body))
        if same is not None:
            draft.status, draft.path, draft.slug = "exists", same, same.stem
            continue
        draft.slug = book.unique("story", _slug_base(draft))
        draft.path = Path(stories_dir) / folder_of(draft.kind) / f"{draft.slug}.md"


def _slug_base(draft: Draft) -> str:
    f = draft.fields
    if draft.kind == "testimonial":
        return f"{f['speaker']}-xinsheng"
    if draft.kind == "commentary" and not str(f.get("author", "")).startswith("TODO"):
        return f"{f['author']}-commentary"
    if draft.kind == "photo" and f.get("people"):
        return f"{f['people'][0]}-photo"
    return slugify(str(f.get("title") or f.get("caption") or draft.kind)) or draft.kind


def render(draft: Draft) -> str:
    """The file's text: front matter in the site's style, then the body."""
    fields = {"kind": draft.kind, "slug": draft.slug, **{k: v for k, v in draft.fields.items()
                                                         if not k.startswith("_") and k not in ("kind", "slug")}}
    if draft.kind in ("person", "team", "enterprise", "column"):
        fields.pop("draft", None)
    if draft.mends:
        fields["mends"] = draft.mends
    if draft.derived:
        fields["derived"] = draft.derived
    order = [k for k in _FIRST if k in fields] + [k for k in fields if k not in _FIRST + _LAST] \
        + [k for k in _LAST if k in fields]
    lines = ["---"]
    for key in order:
        lines += _yaml(key, fields[key])
    lines.append("---")
    text = "\n".join(lines) + "\n"
    return text + (draft.body.strip() + "\n" if draft.body.strip() else "")


def _yaml(key: str, value) -> list[str]:
    if isinstance(value, dict):
        return [f"{key}:"] + [f"  {k}: {yaml_scalar(v)}" for k, v in value.items()]
    if isinstance(value, list):
        out = [f"{key}:"]
        for item in value:
            if isinstance(item, dict):
                (k0, v0), *rest = item.items()
                out.append(f"  - {k0}: {yaml_scalar(v0)}")
                out += [f"    {k}: {yaml_scalar(v)}" for k, v in rest]
            else:
                out.append(f"  - {yaml_scalar(item)}")
        return out
    return [f"{key}: {yaml_scalar(value)}"]


def write_plan(plan: ImportPlan, docs_dir: Path) -> list[Path]:
    """Write every new file (images first, stripped of metadata); return the paths written."""
    written = []
    for data, _draft, rel in plan.images:
        target = Path(docs_dir) / rel
        if not target.exists():
            _write_stripped_image(data, target)
            written.append(target)
    for draft in plan.drafts:
        if draft.status != "new" or draft.path is None or draft.path.exists():
            continue
        draft.path.parent.mkdir(parents=True, exist_ok=True)
        draft.path.write_text(render(draft), encoding="utf-8")
        written.append(draft.path)
    return written


def _write_stripped_image(data: bytes, target: Path) -> None:
    """Save an image as the site publishes it: through publish_image, without EXIF, GPS or XMP."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jishi-import-") as tmp:
        staging = Path(tmp) / "docs"
        (staging / target.name).parent.mkdir(parents=True)
        (staging / target.name).write_bytes(data)
        published = publish_image(target.name, staging, Path(tmp) / "cache", widths=())
        shutil.copyfile(published.files[target.name], target)
