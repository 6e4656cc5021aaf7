"""`jishi new`: a new story or entity file, written from the schema.

Every required key is present, each with a Chinese comment built from the
schema's title and description (so the comments never drift from the
schema); values not given yet are placeholders starting with ``TODO``,
which ``jishi check`` reports as errors until they are filled in. Fields
of which one must be given (a case's `author` or `author_team`: the
schema's anyOf/oneOf of single required fields) are said to be either/or,
in `--help` as in the file; a value jishi fills by itself (today's date)
is listed in `Scaffold.filled` for the command to say.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from jishi.content.lint import PLACEHOLDER, is_placeholder
from jishi.content.story_files import find_story_files
from jishi.content.loader import LoadError, read_source, yaml_scalar
from jishi.content.model import ENTITY_KINDS, STORY_KINDS, URL_PREFIX, folder_of
from jishi.content.schema import KindSchema, Schema

__all__ = ["Scaffold", "scaffold", "slugify", "label_field", "has_body", "either_or", "need", "yaml_lines",
           "scan_files", "known_entities"]

_LABEL_FIELDS = {"photo": "caption", "team": "name", "enterprise": "name", "column": "name", "person": "name"}
_SLUG_SUFFIX = {"testimonial": "xinsheng"}  # slug from the speaker when there is no title
_WITH_BODY = {"case", "commentary", "testimonial"}
_BUILT_IN = {*STORY_KINDS, *ENTITY_KINDS}
_SKIP = {"kind", "slug", "date"}
_MAX_SYLLABLES = 8


@dataclass
class Scaffold:
    """A file to write: where, what, and the URL it will have."""

    path: Path
    text: str
    slug: str
    url: str
    filled: dict = field(default_factory=dict)  # field -> value jishi chose itself (the date)


def label_field(kind: str) -> str:
    """The field a kind's name or title goes in."""
    return _LABEL_FIELDS.get(kind, "title")


def has_body(kind: str) -> bool:
    """Whether a kind's files have a body (a site's own kinds are stories with a body)."""
    return kind in _WITH_BODY or kind not in _BUILT_IN


def either_or(ks: KindSchema) -> list[str]:
    """The fields of which one must be given: anyOf/oneOf branches each requiring one field."""
    for key in ("anyOf", "oneOf"):
        branches = ks.raw.get(key) or []
        names = [b["required"][0] for b in branches if isinstance(b, dict) and set(b) == {"required"}
                 and len(b["required"]) == 1]
        if len(names) >= 2 and len(names) == len(branches):
            return names
    return list(ks.one_of_required)


def need(ks: KindSchema, name: str, spell=str) -> str:
    """必填, 可选, or which fields name is either/or with; spell writes a field's name (e.g. as --option)."""
    if name in ks.required:
        return "必填"
    group = either_or(ks)
    if name in group:
        return "与 " + "、".join(spell(n) for n in group if n != name) + " 二选一，必须写一个"
    return "可选"


def slugify(text: str, kind: str = "") -> str:
    """An ASCII slug from Chinese text, through pinyin: 张彩萍 → zhang-caiping."""
    from pypinyin import lazy_pinyin  # late: its dictionaries take a moment to load

    syllables = []
    for part in lazy_pinyin(text):
        syllables += re.findall(r"[a-z0-9]+", part.lower())
    if kind == "person" and 2 <= len(syllables) <= 4 and re.fullmatch(r"[\u4e00-\u9fff]+", text):
        return f"{syllables[0]}-{''.join(syllables[1:])}"
    return "-".join(syllables[:_MAX_SYLLABLES])


def scaffold(kind: str, schema: Schema, root: Path, values: dict, today: dt.date | None = None) -> Scaffold:
    """The new file for kind, with values filled in and placeholders elsewhere."""
    ks = schema.kinds[kind]
    label = label_field(kind)
    base = values.get(label) or values.get("speaker", "")
    if not values.get(label) and kind in _SLUG_SUFFIX and base:
        base_slug = f"{base}-{_SLUG_SUFFIX[kind]}"
    else:
        base_slug = slugify(base, kind) if base else ""
    existing = scan_files(Path(root))
    slug = _unique(values.get("slug") or base_slug or kind, kind, existing)
    known = _known(existing)
    lines = ["---", f"# 类型：{ks.title}（不要改）", f"kind: {kind}", _comment(ks, "slug"), f"slug: {slug}"]
    filled = {}
    if ks.is_story:
        if not values.get("date"):
            filled["date"] = (today or dt.date.today()).isoformat()
        lines += [_comment(ks, "date"), f'date: "{values.get("date") or filled["date"]}"']
    for name in _fields(ks, values):
        lines.append(_comment(ks, name, known))
        lines += yaml_lines(name, values.get(name), ks.properties[name])
        lines += _alternatives(ks, name)
    lines += _optional(ks, values)
    lines.append("---")
    if has_body(kind):
        lines.append(f"{PLACEHOLDER}：在这里写正文（照原文，一段一行，段与段之间空一行）")
    namespace = "story" if ks.is_story else kind
    path = Path(root) / "stories" / folder_of(kind) / f"{slug}.md"
    return Scaffold(path, "\n".join(lines) + "\n", slug, f"{URL_PREFIX[namespace]}/{slug}/", filled)


def _fields(ks: KindSchema, values: dict) -> list[str]:
    """Required fields, the one-of pair's second choice, and any given value."""
    names = [n for n in ks.required if n not in _SKIP]
    group = either_or(ks)
    if group:
        chosen = next((n for n in group if n in values), group[-1])
        names.append(chosen)
    names += [n for n in values if n in ks.properties and n not in _SKIP and n not in names]
    return names


def _alternatives(ks: KindSchema, name: str) -> list[str]:
    """The either/or fields not written, as commented lines right under the one written."""
    group = either_or(ks)
    if name not in group:
        return []
    return [f"# {other}:  # {ks.properties.get(other, {}).get('title', other)}（与 {name} 二选一）："
            f"要写它，就删掉上面的 {name} 一行，把这一行改写成“{other}: 值”" for other in group if other != name]


def _optional(ks: KindSchema, values: dict) -> list[str]:
    written = set(_fields(ks, values)) | _SKIP | set(either_or(ks))
    rest = [n for n in ks.properties if n not in written]
    if not rest:
        return []
    lines = ["# —— 以下是可选字段。要用哪个，就把那一整行改写成“字段名: 值”，例如 order: 2 ——"]
    for name in rest:
        prop = ks.properties[name]
        lines.append(f"# {name}:  # {prop.get('title', name)}：{_oneline(prop.get('description', ''))}")
    return lines


def _comment(ks: KindSchema, name: str, known: dict | None = None) -> str:
    prop = ks.properties.get(name, {})
    text = f"# {prop.get('title', name)}（{need(ks, name)}）：{_oneline(prop.get('description', ''))}"
    target = prop.get("x-ref") or prop.get("items", {}).get("x-ref")
    if known and target and known.get(target):
        names = [f"{slug}（{label}）" for slug, label in known[target][:10]]
        text += "\n#   已有：" + "、".join(names) + ("……" if len(known[target]) > 10 else "")
    return text


def _oneline(text: str) -> str:
    return " ".join(str(text).split())


def yaml_lines(name: str, value, prop: dict) -> list[str]:
    """One field as YAML lines; a placeholder where no value was given."""
    kind = prop.get("type")
    if value is None:
        value = _placeholder(prop)
    if kind == "array":
        items = value if isinstance(value, list) else [v.strip() for v in str(value).split(",") if v.strip()]
        out = [f"{name}:"]
        for item in items:
            if isinstance(item, dict):
                first, *rest = item.items()
                out.append(f"  - {first[0]}: {yaml_scalar(first[1])}")
                out += [f"    {k}: {yaml_scalar(v)}" for k, v in rest]
            else:
                out.append(f"  - {yaml_scalar(item)}")
        return out
    if isinstance(value, dict):
        return [f"{name}:"] + [f"  {k}: {yaml_scalar(v)}" for k, v in value.items()]
    if kind == "integer" and str(value).isdigit():
        value = int(value)
    if kind == "boolean" and isinstance(value, str) and not is_placeholder(value):
        value = value.strip().lower() in ("true", "yes", "1", "是")
    return [f"{name}: {yaml_scalar(value)}"]


def _placeholder(prop: dict):
    title = prop.get("title", "")
    if prop.get("type") == "array":
        items = prop.get("items", {})
        if items.get("type") == "object":
            return [{k: f"{PLACEHOLDER}：{p.get('title', k)}" for k, p in items["properties"].items()
                     if k in items.get("required", [])}]
        what = "网址名" if items.get("x-ref") else items.get("title", title)
        return [f"{PLACEHOLDER}：{title}的{what}" if what != title else f"{PLACEHOLDER}：{title}"]
    if prop.get("x-ref"):
        return f"{PLACEHOLDER}：{title}的网址名"
    return f"{PLACEHOLDER}：{title}"


def scan_files(root: Path) -> list[tuple[Path, dict]]:
    """Every readable file under stories/ with its front matter."""
    found = []
    stories = Path(root) / "stories"
    for path in find_story_files(stories) if stories.is_dir() else []:  # what the check reads (README.md is not a story)
        try:
            found.append((path, read_source(path, str(path)).data))
        except LoadError:
            found.append((path, {}))
    return found


def known_entities(root: Path) -> dict[str, list[tuple[str, str]]]:
    """The entities under root's stories/ that references can point to: kind -> [(slug, name)]."""
    return _known(scan_files(Path(root)))


def _known(existing: list[tuple[Path, dict]]) -> dict[str, list[tuple[str, str]]]:
    """Entities that references can point to: kind -> [(slug, name)]."""
    known: dict[str, list[tuple[str, str]]] = {}
    for _, data in existing:
        if data.get("kind") in ENTITY_KINDS and isinstance(data.get("slug"), str):
            known.setdefault(data.get("kind"), []).append((data["slug"], str(data.get("name", ""))))
    return known


def _unique(slug: str, kind: str, existing: list[tuple[Path, dict]]) -> str:
    """slug, or slug-2, slug-3 … if a file or another entry already has it."""
    is_story = kind not in ENTITY_KINDS
    taken = set()
    for path, data in existing:
        if path.parent.name == folder_of(kind):
            taken.add(path.stem)
        if (data.get("kind") not in ENTITY_KINDS) == is_story and (is_story or data.get("kind") == kind):
            taken.update(str(s) for s in [data.get("slug"), *data.get("aliases", [])] if s)
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    return candidate
