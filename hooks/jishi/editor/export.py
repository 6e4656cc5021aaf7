"""Editor-tool integration generated from the schema: JSON Schema and Front Matter CMS.

``write_json_schemas`` writes one self-contained JSON Schema per kind (every
``$ref`` inlined, so any editor can use it without resolving ``urn:`` ids)
and a combined ``jishi.schema.json`` choosing by ``kind``.
``frontmatter_config`` builds a ``frontmatter.json`` for the Front Matter CMS
extension of VS Code: one content type per kind, one page folder per
stories/ folder, field forms with the schema's Chinese titles.
"""

from __future__ import annotations

import json
from pathlib import Path

from jishi.content.model import folder_of
from jishi.content.schema import Schema, inline_refs

__all__ = ["json_schemas", "write_json_schemas", "frontmatter_config", "write_frontmatter_config"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"
COMBINED = "jishi.schema.json"


def json_schemas(schema: Schema) -> dict[str, dict]:
    """{file name: JSON Schema}: one per kind and the combined one."""
    out = {}
    for kind, ks in schema.kinds.items():
        doc = {"$schema": DRAFT, "$id": f"{kind}.schema.json", "title": ks.title,
               "description": ks.description, "type": "object", "required": ks.required,
               "properties": {n: inline_refs(p, schema.common) for n, p in ks.properties.items()},
               "additionalProperties": False}
        doc["properties"]["kind"] = {"title": "类型", "description": f"{kind}（{ks.title}）", "const": kind}
        if ks.one_of_required:
            doc["anyOf"] = [{"required": [n]} for n in ks.one_of_required]
        out[f"{kind}.schema.json"] = doc
    kinds = list(schema.kinds)
    out[COMBINED] = {
        "$schema": DRAFT, "$id": COMBINED, "title": "纪实稿件", "description": "按 kind 选用对应类型的字段规定。",
        "type": "object", "required": ["kind"],
        "properties": {"kind": {"title": "类型", "enum": kinds}},
        "allOf": [{"if": {"properties": {"kind": {"const": k}}, "required": ["kind"]},
                   "then": {"$ref": f"{k}.schema.json"}} for k in kinds],
    }
    return out


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_json_schemas(schema: Schema, out_dir: Path) -> list[Path]:
    """Write json_schemas(schema) into out_dir; return the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, doc in json_schemas(schema).items():
        path = out_dir / name
        path.write_text(_dump(doc), encoding="utf-8")
        written.append(path)
    return written


_FM_TYPES = {"string": "string", "integer": "number", "number": "number", "boolean": "boolean",
             "array": "list", "object": "fields"}


def _fm_field(name: str, prop: dict, required: bool) -> dict:
    """One Front Matter CMS field from one schema property."""
    kind = prop.get("type")
    kind = kind[0] if isinstance(kind, list) else kind
    field = {"title": prop.get("title", name), "name": name, "type": _FM_TYPES.get(kind, "string")}
    if prop.get("description"):
        field["description"] = prop["description"]
    if required:
        field["required"] = True
    if "enum" in prop:
        field.update(type="choice", choices=list(prop["enum"]))
    if "const" in prop:
        field.update(type="string", default=prop["const"], hidden=True)
    if name == "draft":
        field["type"] = "draft"
    if name == "image":
        field["type"] = "image"
    items = prop.get("items") or {}
    if kind == "array" and items.get("type") == "object":
        field.update(type="block", fieldGroup=f"{name}-item")
    return field


def frontmatter_config(schema: Schema) -> dict:
    """The frontmatter.json for Front Matter CMS, built from the schema."""
    types, groups, folders = [], [], {}
    for kind, ks in schema.kinds.items():
        props = {n: inline_refs(p, schema.common) for n, p in ks.properties.items()}
        fields = [_fm_field(n, p, n in ks.required) for n, p in props.items()]
        types.append({"name": kind, "pageBundle": False, "previewPath": None,
                      "fields": fields, "template": None})
        for name, prop in props.items():
            items = prop.get("items") or {}
            if items.get("type") == "object":
                groups.append({"id": f"{name}-item", "fields": [
                    _fm_field(n, p, n in items.get("required", [])) for n, p in items["properties"].items()]})
        folders.setdefault(folder_of(kind), []).append(kind)
    return {
        "$schema": "https://frontmatter.codes/frontmatter.schema.json",
        "frontMatter.taxonomy.contentTypes": types,
        "frontMatter.taxonomy.fieldGroups": groups,
        "frontMatter.content.pageFolders": [
            {"title": f"stories/{folder}", "path": f"[[workspace]]/stories/{folder}", "contentTypes": kinds}
            for folder, kinds in sorted(folders.items())],
        "frontMatter.content.publicFolder": "docs",
        "frontMatter.preview.host": "http://127.0.0.1:8000",
        "frontMatter.content.fmHighlight": True,
    }


def write_frontmatter_config(schema: Schema, path: Path) -> Path:
    """Write frontmatter_config(schema) to path."""
    path = Path(path)
    path.write_text(_dump(frontmatter_config(schema)), encoding="utf-8")
    return path
