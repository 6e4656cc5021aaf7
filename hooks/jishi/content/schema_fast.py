"""A fast "is this file valid?" check: each kind's schema with every $ref inlined.

jsonschema spends most of its time resolving $ref and tracking evaluated
properties for `unevaluatedProperties` (~240 µs per story with our schemas).
The same rules, inlined into one self-contained schema per kind with
`additionalProperties` (draft-07 keywords only), are compiled to Python code
by fastjsonschema and check a valid file in ~12 µs. Only the yes/no answer
is used: a file the fast check rejects is validated again by the original
schema with jsonschema, so every message stays exactly as before.

The flattened schema must never accept what the original rejects. It keeps
every assertion keyword; where it meets a construct it does not know how to
inline faithfully, it gives up and that kind is checked the slow way only.
"""

from __future__ import annotations

from collections.abc import Callable

import fastjsonschema
from jsonschema import Draft7Validator

__all__ = ["fast_validator", "flatten_kind"]

# Keywords that assert nothing: safe to drop.
_ANNOTATIONS = {"title", "description", "$comment", "examples", "default", "$schema", "$id", "$defs"}
# Keywords that mean the same in draft 2020-12 and draft-07. Anything else (prefixItems,
# dependentRequired, unevaluated*, …) would be ignored by a draft-07 validator, making
# the fast check looser than the schema: the kind is then checked the slow way only.
_SAME_IN_DRAFT7 = {
    "type", "enum", "const", "pattern", "format", "minLength", "maxLength", "minimum", "maximum",
    "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "items", "minItems", "maxItems",
    "uniqueItems", "contains", "properties", "patternProperties", "additionalProperties",
    "required", "minProperties", "maxProperties", "propertyNames", "allOf", "anyOf", "oneOf",
    "not", "if", "then", "else",
}
# What a kind's top level may hold for it to be flattened.
_TOP = {"type", "required", "properties", "unevaluatedProperties", "anyOf", "$ref"}


class _CannotFlatten(Exception):
    pass


def fast_validator(doc: dict, common: dict) -> Callable[[dict], bool] | None:
    """is_valid(data) for the flattened schema of one kind, or None if it cannot be built."""
    try:
        flat = {"$schema": "http://json-schema.org/draft-07/schema#", **flatten_kind(doc, common)}
    except _CannotFlatten:
        return None
    Draft7Validator.check_schema(flat)
    validate = fastjsonschema.compile(flat, use_default=False)

    def is_valid(data: dict) -> bool:
        try:
            validate(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return is_valid


def flatten_kind(doc: dict, common: dict) -> dict:
    """One kind's schema (which $refs a base in common's $defs) as one flat schema."""
    if "$defs" in doc:
        raise _CannotFlatten("a kind with its own $defs")
    base = _resolve(doc.get("$ref", ""), common)
    parts = [base, doc]
    for part in parts:
        extra = {k for k in part if k not in _ANNOTATIONS and not k.startswith("x-")} - _TOP
        if extra or "$ref" in base:
            raise _CannotFlatten(f"keywords {sorted(extra)}")
    types = {p["type"] for p in parts if "type" in p}
    if types - {"object"}:
        raise _CannotFlatten("top level is not an object")
    names = list(dict.fromkeys(k for p in parts for k in p.get("properties", {})))
    properties = {}
    for name in names:
        rules = [_inline(p["properties"][name], common) for p in parts if name in p.get("properties", {})]
        properties[name] = rules[0] if len(rules) == 1 else {"allOf": rules}
    flat = {"type": "object", "properties": properties,
            "required": list(dict.fromkeys(r for p in parts for r in p.get("required", [])))}
    if any(p.get("unevaluatedProperties") is False for p in parts):
        flat["additionalProperties"] = False
    elif any("unevaluatedProperties" in p for p in parts):
        raise _CannotFlatten("unevaluatedProperties other than false")
    branches = [_inline({"anyOf": p["anyOf"]}, common) for p in parts if "anyOf" in p]
    if branches:
        flat["allOf"] = branches
    return flat


def _resolve(ref: str, common: dict) -> dict:
    # Only references into common's $defs, by its $id or (inside common) locally.
    if ref.split("#", 1)[0] not in ("", common.get("$id")) or "#/$defs/" not in ref:
        raise _CannotFlatten(f"$ref {ref!r}")
    name = ref.rsplit("/", 1)[-1]
    if name not in common.get("$defs", {}):
        raise _CannotFlatten(f"$ref {ref!r}")
    return common["$defs"][name]


def _inline(node, common: dict, depth: int = 0):
    """node with every $ref replaced by its target; $ref beside other keywords becomes allOf."""
    if depth > 32:
        raise _CannotFlatten("$ref too deep (recursive?)")
    if isinstance(node, list):
        return [_inline(item, common, depth) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "$ref" or key in _ANNOTATIONS or key.startswith("x-"):
            continue
        if key not in _SAME_IN_DRAFT7 or (key == "items" and not isinstance(value, dict)):
            raise _CannotFlatten(f"keyword {key!r}")
        # Under these keys sit property names or plain values, not schemas keywords.
        if key in ("properties", "patternProperties"):
            out[key] = {name: _inline(sub, common, depth) for name, sub in value.items()}
        elif key in ("enum", "const", "required"):
            out[key] = value
        else:
            out[key] = _inline(value, common, depth)
    if "$ref" in node:
        target = _inline(_resolve(node["$ref"], common), common, depth + 1)
        return {"allOf": [target], **out} if out else target
    return out
