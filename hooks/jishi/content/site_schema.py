"""A site's own schema: the optional `schema/` folder at the site root.

Same format as the built-in files (JSON Schema 2020-12 written as YAML).

- A file named like a built-in kind (`schema/team.yaml`) extends it: a new
  `title`/`description` relabels the kind (工作队 → 服务队), `properties`
  relabel existing fields (title, description only: their rules stay) or
  add optional fields. Renaming an entity kind renames it in every built-in
  title and description too (所驻企业 → 所驻社区 when 企业 becomes 社区).
- A file with a new name (`schema/event.yaml`) adds a kind of story, drawn by
  the generic story template; `$id`, `$ref` to the common story fields,
  `kind: {const: …}` and `unevaluatedProperties: false` are filled in.

Fields a site adds are listed per kind in KindSchema.site_fields (pages show
them under 详细信息). Every mistake in a schema file is a Problem naming the
file and line, never a traceback.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from jishi.content.loader import read_yaml_file
from jishi.content.source import LoadError, SourceFile
from jishi.content.problems import Problem
from jishi.content.schema import SCHEMA_DIR, Schema, closest, compile_schema, load_schema, read_schema_docs

__all__ = ["load_site_schema", "SITE_SCHEMA_DIR"]

SITE_SCHEMA_DIR = "schema"
COMMON_ID = "urn:jishi:schema:common"
ENTITY_KINDS = ("team", "enterprise", "column", "person")
_ANNOTATIONS = {"title", "description", "x-hint", "examples", "$comment"}
_EXTEND_KEYS = {"title", "description", "properties", "$comment"}
_NEW_KIND_KEYS = {"title", "description", "properties", "required", "x-kind", "$comment"}
_KIND_NAME = re.compile(r"^[a-z][a-z0-9]*$")
_TYPES = ["string", "integer", "number", "boolean", "array", "object", "null"]


def load_site_schema(root: Path) -> tuple[Schema | None, list[Problem]]:
    """The built-in schema as the site's schema/ folder extends it, and every problem.

    Without a schema/ folder (or with no .yaml file in it) this is the
    built-in schema. With any problem the schema is None.
    """
    folder = Path(root) / SITE_SCHEMA_DIR
    files = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    if not files:
        return load_schema(), []
    # the built-in files too: under serve, a saved built-in schema counts on the next rebuild
    stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in [*files, *SCHEMA_DIR.glob("*.yaml")])
    schema, problems = _load(folder, stamp)
    return schema, list(problems)


@lru_cache(maxsize=4)
def _load(folder: Path, stamp: tuple) -> tuple[Schema | None, tuple]:
    """Read, check and merge the site's files (cached while their size and mtime stay)."""
    problems: list[Problem] = []
    sources = []
    for path in sorted(folder.iterdir()):
        rel = f"{SITE_SCHEMA_DIR}/{path.name}"
        if path.suffix == ".yml":
            problems.append(Problem(rel, message="字段规定文件的扩展名要写 .yaml", hint=f"请改名为 {path.stem}.yaml"))
            continue
        if path.suffix != ".yaml" or not path.is_file():
            continue
        try:
            data, positions = read_yaml_file(path, rel)
        except LoadError as exc:
            problems.append(exc.problem)
            continue
        sources.append((path.stem, SourceFile(rel, data, "", 0, positions)))
    docs = copy.deepcopy(read_schema_docs())
    common = docs.pop("common")
    _rename_entities(docs, common, sources)
    site_fields: dict[str, list[str]] = {}
    for name, source in sources:
        if name == "common":
            problems.append(_at(source, (), "不能改公共字段的规定（common）",
                                "要给某一类稿件加字段，请写在以它命名的文件里，例如 schema/case.yaml"))
        elif name in docs:
            problems += _extend(docs[name], common, source, site_fields.setdefault(name, []))
        else:
            problems += _add_kind(name, source, docs, site_fields)
    if problems:
        return None, tuple(sorted(set(problems)))
    return compile_schema(common, docs, site_fields), ()


def _at(source: SourceFile, path: tuple, message: str, hint: str = "") -> Problem:
    line, col = source.position(path)
    return Problem(source.path, line, col, ".".join(map(str, path)), message, hint, code="site-schema")


def _rename_entities(docs: dict, common: dict, sources: list) -> None:
    """An entity kind given a new title is renamed in every built-in title and description."""
    renames = {}
    for name, source in sources:
        title = source.data.get("title")
        if name in ENTITY_KINDS and isinstance(title, str) and title and title != docs[name]["title"]:
            renames[docs[name]["title"]] = title
    if renames:
        pattern = re.compile("|".join(map(re.escape, sorted(renames, key=len, reverse=True))))
        for doc in [common, *docs.values()]:
            _replace_text(doc, pattern, renames)


def _replace_text(node, pattern: re.Pattern, renames: dict) -> None:
    if isinstance(node, list):
        for item in node:
            _replace_text(item, pattern, renames)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in ("title", "description", "x-hint") and isinstance(value, str):
                node[key] = pattern.sub(lambda m: renames[m[0]], value)
            else:
                _replace_text(value, pattern, renames)


def _extend(doc: dict, common: dict, source: SourceFile, added: list) -> list[Problem]:
    """Apply a site file to the built-in kind it is named after."""
    data = source.data
    problems = [_at(source, (key,), f"扩展内置类型时不能写 {key}",
                    "只能写 title、description（改中文名称和说明）和 properties（改字段的中文名，或加可选字段）")
                for key in data if key not in _EXTEND_KEYS]
    problems += _text_keys(source, ("title", "description"))
    if problems:
        return problems
    doc.update({k: data[k] for k in ("title", "description") if k in data})
    base = common["$defs"][doc["$ref"].rsplit("/", 1)[-1]]["properties"]
    for name, prop, problem in _properties(source):
        if problem:
            problems.append(problem)
        elif name in doc["properties"] or name in base:
            problems += _relabel(doc, base, name, prop, source)
        else:
            problems += _check_field(source, name, prop)
            doc["properties"][name] = prop
            added.append(name)
    return problems


def _relabel(doc: dict, base: dict, name: str, prop: dict, source: SourceFile) -> list[Problem]:
    """New Chinese labels for a built-in field; its rules stay as they are."""
    rules = [k for k in prop if k not in _ANNOTATIONS]
    if rules:
        return [_at(source, ("properties", name, rules[0]), f"不能改内置字段 {name} 的规则（{rules[0]}）",
                    "已有字段只能改 title 和 description；需要别的规则，请加一个新名字的字段")]
    if name not in doc["properties"]:  # a common field: the kind gets its own copy to label
        doc["properties"][name] = _global_refs(copy.deepcopy(base[name]))
    doc["properties"][name].update(prop)
    return []


def _global_refs(node):
    """Local "#/$defs/…" references of the common file, made valid from any other file."""
    if isinstance(node, list):
        return [_global_refs(n) for n in node]
    if isinstance(node, dict):
        return {k: (COMMON_ID + v if k == "$ref" and v.startswith("#/") else _global_refs(v)) for k, v in node.items()}
    return node


def _add_kind(name: str, source: SourceFile, docs: dict, site_fields: dict) -> list[Problem]:
    """A new kind of story, from a file with a new name."""
    data = source.data
    if not _KIND_NAME.match(name):
        return [_at(source, (), f"类型名 '{name}' 不能用", "文件名就是类型名，只用小写英文字母和数字，例如 event.yaml")]
    problems = [_at(source, (key,), f"新增类型的文件里不能写 {key}",
                    "可以写 title、description、properties、required；其余由系统补上")
                for key in data if key not in _NEW_KIND_KEYS]
    if data.get("x-kind", "story") != "story":
        problems.append(_at(source, ("x-kind",), "新增的类型只能是稿件（x-kind: story）",
                            "工作队、企业、栏目、人物这几类实体不能新增，只能改名或加字段"))
    if not isinstance(data.get("title"), str) or not data.get("title"):
        problems.append(_at(source, ("title",) if "title" in data else (), "必须写 title（这类稿件的中文名称）",
                            "例如 title: 活动"))
    problems += _text_keys(source, ("title", "description"))
    props = {}
    for field_name, prop, problem in _properties(source):
        problems += [problem] if problem else _check_field(source, field_name, prop)
        props[field_name] = prop
    required = data.get("required", [])
    if not isinstance(required, list) or not all(isinstance(r, str) for r in required):
        problems.append(_at(source, ("required",), "required 应为字段名的列表", "例如 required: [title]"))
        required = []
    for i, field_name in enumerate(required):
        if field_name not in props:
            problems.append(_at(source, ("required", i), f"必填字段 {field_name} 没有在 properties 里定义"))
    if problems:
        return problems
    title = data["title"]
    docs[name] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"urn:jishi:schema:{name}",
        "title": title, "description": data.get("description", ""), "x-kind": "story",
        "$ref": f"{COMMON_ID}#/$defs/story", "type": "object", "required": list(required),
        "properties": {"kind": {"title": "类型", "description": f"固定写 {name}（{title}）。", "const": name},
                       **props},
        "unevaluatedProperties": False,
    }
    site_fields[name] = [n for n in props if n != "title"]
    return []


def _text_keys(source: SourceFile, keys: tuple) -> list[Problem]:
    return [_at(source, (key,), "应为文字") for key in keys
            if key in source.data and not (isinstance(source.data[key], str) and source.data[key])]


def _properties(source: SourceFile):
    """(name, property, problem or None) for each entry of the file's properties."""
    props = source.data.get("properties", {})
    if not isinstance(props, dict):
        yield "", {}, _at(source, ("properties",), "properties 应为“字段名: 规定”的映射")
        return
    for name, prop in props.items():
        if not isinstance(prop, dict):
            yield name, {}, _at(source, ("properties", name), f"字段 {name} 的规定应为映射",
                                "例如 location: {title: 地点, type: string}")
        elif not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            yield name, {}, _at(source, ("properties", name), f"字段名 '{name}' 不能用",
                                "字段名只用小写英文字母、数字和下划线，例如 location")
        else:
            yield name, prop, None


def _check_field(source: SourceFile, name: str, prop: dict) -> list[Problem]:
    """A field the site adds: a valid JSON Schema, with a Chinese title, referring to what exists."""
    path = ("properties", name)
    problems = []
    if not isinstance(prop.get("title"), str) or not prop.get("title"):
        problems.append(_at(source, path, f"字段 {name} 必须写 title（中文名称）", "例如 title: 地点"))
    try:
        Draft202012Validator.check_schema(prop)
    except SchemaError as error:
        problems.append(_schema_error(source, path, error))
    problems += _bad_refs(source, path, prop)
    return problems


def _schema_error(source: SourceFile, path: tuple, error: SchemaError) -> Problem:
    where = path + tuple(error.path)
    key = where[-1]
    if key == "type" or error.validator in ("anyOf", "enum") and "type" in where:
        guess = closest(error.instance, _TYPES) if isinstance(error.instance, str) else None
        hint = f"你是不是想写 '{guess}'？" if guess else "可选：" + "、".join(_TYPES)
        return _at(source, where, f"不是有效的类型：{error.instance!r}", hint)
    return _at(source, where, f"字段规定的写法不对（{key}: {error.instance!r}）",
               "格式同内置的字段规定文件（JSON Schema），例如 type: string")


def _bad_refs(source: SourceFile, path: tuple, node) -> list[Problem]:
    """$ref may only name a definition of the common file; x-ref only an entity kind."""
    out = []
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and not re.fullmatch(re.escape(COMMON_ID) + r"#/\$defs/(text|ref|date|slug)", ref):
            out.append(_at(source, path + ("$ref",), f"找不到引用 '{ref}'",
                           f"可用：{COMMON_ID}#/$defs/text（文字）、…/ref（网址名）、…/date（日期）"))
        target = node.get("x-ref")
        if target is not None and target not in ENTITY_KINDS:
            out.append(_at(source, path + ("x-ref",), f"x-ref 只能指向 {'、'.join(ENTITY_KINDS)}",
                           "引用字段填对方的网址名，例如 x-ref: person"))
        for key, value in node.items():
            if isinstance(value, (dict, list)):
                out += _bad_refs(source, path + (key,), value)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            out += _bad_refs(source, path + (i,), item)
    return out
