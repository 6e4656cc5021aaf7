"""A form from a kind's schema, and the values an editor typed, read back.

Every field of the kind becomes a control labelled with the field's schema
``title``, its ``description`` as help text; required fields are marked;
enums are choices; references are text inputs with a list of the existing
entries (names shown, slugs stored: a name typed is stored as its slug);
lists of references are separated by 、; lists of text one per line; lists
of objects (留言, 数字) one row per item plus an empty row. Fields the form
does not show (aliases, retracted, derived, mends, anything unknown) are
never touched by a save.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jishi.content.schema import KindSchema
from jishi.editor.scaffold import label_field

__all__ = ["Field", "form_fields", "read_form", "image_field", "BODY_LABEL", "normalized", "HIDDEN", "PATH_LABEL"]

BODY_LABEL = "正文"
PATH_LABEL = "图片路径"  # the path box beside an image field's file chooser (which has the field's title)
HIDDEN = {"kind", "aliases", "retracted", "derived", "mends", "reviews"}  # read-only, or their own actions (reviews: jishi review)
_SPLIT = re.compile(r"[、,，;；\s]+")
_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


@dataclass
class Field:
    """One control of the form."""

    name: str
    title: str
    help: str
    required: bool
    widget: str  # text, number, date, checkbox, select, ref, refs, lines, items
    value: str = ""
    checked: bool = False
    options: list = field(default_factory=list)  # select: values; ref/refs: (slug, name)
    ref: str = ""
    columns: list = field(default_factory=list)  # items: sub-fields (Field, value unset)
    rows: list = field(default_factory=list)  # items: [[Field with value] per row]
    problems: list = field(default_factory=list)
    named: str = ""  # the names of the entries a reference field holds, shown beside it


def form_fields(ks: KindSchema, data: dict, known: dict[str, list[tuple[str, str]]]) -> list[Field]:
    """The form's fields for kind, filled from data (a file's front matter, or {})."""
    return [_field(ks, name, data.get(name), known) for name in field_order(ks)]


def field_order(ks: KindSchema) -> list[str]:
    names = [n for n in ks.properties if n not in HIDDEN]
    first = [label_field(ks.kind)] if label_field(ks.kind) in names else []
    required = [n for n in names if (n in ks.required or n in ks.one_of_required) and n not in first]
    rest = [n for n in names if n not in first and n not in required]
    ordered = first + [n for n in required if n != "slug"] + ["slug"] + [n for n in rest if n != "slug"]
    return [n for n in ordered if n in ks.properties]


def _need(ks: KindSchema, name: str) -> bool:
    return name in ks.required or name in ks.one_of_required


def _field(ks: KindSchema, name: str, value, known: dict) -> Field:
    prop = ks.properties[name]
    help_text = " ".join(str(prop.get("description", "")).split())
    if name in ks.one_of_required:
        others = "、".join(ks.field_title(n) for n in ks.one_of_required if n != name)
        help_text += f"（与{others}二选一）"
    f = Field(name, prop.get("title", name), help_text, _need(ks, name), widget_of(prop))
    _fill(f, prop, value, known)
    return f


def widget_of(prop: dict) -> str:
    kind = prop.get("type")
    if "enum" in prop:
        return "select"
    if prop.get("x-ref"):
        return "ref"
    if kind == "boolean":
        return "checkbox"
    if kind == "string" and "jpg" in str(prop.get("pattern", "")):
        return "image"  # a photo's path under docs/: chosen as a file, stored by the image pipeline
    if kind in ("integer", "number"):
        return "number"
    if kind == "array":
        items = prop.get("items", {})
        if items.get("type") == "object":
            return "items"
        return "refs" if items.get("x-ref") else "lines"
    return "text"


def _fill(f: Field, prop: dict, value, known: dict) -> None:
    if f.widget == "select":
        f.options = [str(v) for v in prop["enum"]]
    ref = prop.get("x-ref") or prop.get("items", {}).get("x-ref")
    if ref:
        f.ref, f.options = ref, known.get(ref, [])
        chosen = value if isinstance(value, list) else [value]
        f.named = "、".join(name for slug, name in f.options if slug in chosen and name)
    if f.widget == "checkbox":
        f.checked = value is True
    elif f.widget == "refs":
        f.value = "、".join(str(v) for v in value) if isinstance(value, list) else _text(value)
    elif f.widget == "lines":
        f.value = "\n".join(str(v) for v in value) if isinstance(value, list) else _text(value)
    elif f.widget == "items":
        sub = prop["items"]
        f.columns = [_sub(sub, n, p, known) for n, p in sub.get("properties", {}).items()]
        rows = value if isinstance(value, list) else []
        for item in [*rows, {}]:
            item = item if isinstance(item, dict) else {}
            f.rows.append([_sub(sub, c.name, sub["properties"][c.name], known, item.get(c.name)) for c in f.columns])
    else:
        f.value = _text(value)


def _sub(sub: dict, name: str, prop: dict, known: dict, value=None) -> Field:
    f = Field(name, prop.get("title", name), " ".join(str(prop.get("description", "")).split()),
              name in sub.get("required", []), widget_of(prop))
    _fill(f, prop, value, known)
    return f


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def read_form(ks: KindSchema, form, known: dict) -> dict:
    """name -> value as the editor typed it (None: left empty), for every field of the form."""
    names = {n: slug for kind in known.values() for slug, n in kind}
    slugs = {slug for kind in known.values() for slug, _ in kind}
    values = {}
    for name in field_order(ks):
        prop = ks.properties[name]
        widget = widget_of(prop)
        if widget == "items":
            values[name] = _read_items(prop["items"], name, form, names, slugs)
        else:
            values[name] = _read_one(widget, prop, form.get(f"f-{name}"), names, slugs)
    return values


def _read_one(widget: str, prop: dict, raw, names: dict, slugs: set):
    if widget == "checkbox":
        return True if raw else None
    text = "" if raw is None else str(raw).replace("\r\n", "\n")
    if not text.strip():
        return None
    if widget == "number" and _NUMBER.match(text.strip()):
        number = text.strip()
        return int(number) if "." not in number else float(number)
    if widget == "ref":
        return _slug_of(text.strip(), names, slugs)
    if widget == "refs":
        return [_slug_of(part, names, slugs) for part in _SPLIT.split(text.strip()) if part]
    if widget == "lines":
        return [line for line in text.split("\n") if line.strip()]
    return text


def _slug_of(text: str, names: dict, slugs: set) -> str:
    """A slug as typed, or the slug of the entry whose name was typed (slugs store, names show)."""
    return text if text in slugs or text not in names else names[text]


def _read_items(sub: dict, name: str, form, names: dict, slugs: set):
    props = sub.get("properties", {})
    rows, i = [], 0
    while any(f"i-{name}-{i}-{col}" in form for col in props):
        row = {}
        for col, prop in props.items():
            value = _read_one(widget_of(prop), prop, form.get(f"i-{name}-{i}-{col}"), names, slugs)
            if value is not None:
                row[col] = value
        if row:
            rows.append(row)
        i += 1
    return rows or None


def image_field(ks: KindSchema) -> str | None:
    """The field an uploaded photo's path goes in, if the kind has one."""
    return next((n for n in field_order(ks) if widget_of(ks.properties[n]) == "image"), None)


def normalized(value):
    """A value as compared for "did the editor change it": empty is absent, numbers as text."""
    if value is None or value is False or value == "" or value == [] or value == {}:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return [normalized(v) for v in value]
    if isinstance(value, dict):
        return {k: normalized(v) for k, v in value.items() if normalized(v) is not None}
    return str(value)
