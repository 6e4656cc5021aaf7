"""The content schema: JSON Schema 2020-12 written as YAML, one file per kind.

Validators are compiled once per process. Errors from jsonschema are turned
into Chinese messages that name the field and, for unknown keys and enum
values, suggest the nearest valid one.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from jishi.content.source import SourceFile
from jishi.content.problems import Problem, did_you_mean
from jishi.content.schema_fast import fast_validator

__all__ = ["Schema", "KindSchema", "load_schema", "read_schema_docs", "compile_schema", "validate_front_matter",
           "translate_error", "inline_refs", "SCHEMA_DIR", "STORY_KINDS", "ENTITY_KINDS", "closest"]

SCHEMA_DIR = Path(__file__).parent / "schema"
# The built-in kinds, in the order lists show them (the model re-exports these).
STORY_KINDS = ["case", "commentary", "testimonial", "photo", "voices", "figures", "changes"]
ENTITY_KINDS = ["team", "enterprise", "column", "person"]

_TYPE_NAMES = {
    "string": "文字", "integer": "整数", "number": "数字", "boolean": "true 或 false",
    "array": "列表（每项一行，以 - 开头）", "object": "“字段: 值”的映射", "null": "空值",
}


@dataclass
class RefField:
    """A front-matter field that names another entry by slug."""

    name: str
    target: str  # kind of the entry referred to
    many: bool


@dataclass
class KindSchema:
    """One kind's schema, compiled, with what the rest of jishi needs from it."""

    kind: str
    title: str
    description: str
    is_story: bool
    raw: dict
    properties: dict  # own and inherited, name -> property schema
    required: list
    validator: Draft202012Validator
    refs: list
    one_of_required: list
    fast: Callable[[dict], bool] | None = None  # the same rules, $refs inlined: a quick yes/no
    site_fields: list = field(default_factory=list)  # fields the site's schema/ folder added

    def field_title(self, name: str) -> str:
        """The Chinese title of a field, or its name."""
        return self.properties.get(name, {}).get("title", name)

    def __getstate__(self) -> dict:
        # A pickled Site (jishi build's saved state) keeps the labels and fields,
        # not the compiled validators, which cannot be pickled: it validates nothing.
        return {**self.__dict__, "validator": None, "fast": None}


@dataclass
class Schema:
    kinds: dict  # kind -> KindSchema
    common: dict

    @property
    def story_kinds(self) -> list[str]:
        return [k for k, s in self.kinds.items() if s.is_story]

    @property
    def entity_kinds(self) -> list[str]:
        return [k for k, s in self.kinds.items() if not s.is_story]

    @property
    def labels(self) -> dict[str, str]:
        """Each kind's Chinese name, as this site calls it: {"team": "工作队", …}."""
        return {k: s.title for k, s in self.kinds.items()}


def closest(word: str, candidates) -> str | None:
    """The candidate nearest to word, if any is near enough to suggest."""
    matches = difflib.get_close_matches(str(word), list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


@lru_cache(maxsize=4)
def load_schema(schema_dir: Path = SCHEMA_DIR) -> Schema:
    """Read every schema file in schema_dir and compile one validator per kind.

    The built-in schema; a site's schema/ folder is read by jishi.content.site_schema.
    """
    docs = read_schema_docs(schema_dir)
    common = docs.pop("common")
    return compile_schema(common, docs)


def read_schema_docs(schema_dir: Path = SCHEMA_DIR) -> dict[str, dict]:
    """{file stem: document} of every schema file in schema_dir, common included."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: a tenth of the time
    return {p.stem: yaml.load(p.read_text(encoding="utf-8"), Loader=loader)
            for p in sorted(schema_dir.glob("*.yaml"))}


def compile_schema(common: dict, docs: dict, site_fields: dict | None = None) -> Schema:
    """One validator per kind of docs, over the common definitions.

    Kinds come in the built-in order, then a site's own; the common story
    `kind` enum lists every story kind there is.
    """
    order = {k: i for i, k in enumerate(STORY_KINDS + ENTITY_KINDS)}
    docs = dict(sorted(docs.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))
    common = copy.deepcopy(common)
    common["$defs"]["story"]["properties"]["kind"]["enum"] = [k for k, d in docs.items() if d.get("x-kind") == "story"]
    registry = Registry().with_resources(
        (doc["$id"], Resource.from_contents(doc)) for doc in [common, *docs.values()]
    )
    kinds = {}
    for name, doc in docs.items():
        Draft202012Validator.check_schema(doc)
        base_name = doc["$ref"].rsplit("/", 1)[-1]
        base = common["$defs"][base_name]
        properties = {k: inline_refs(v, common) for k, v in {**base["properties"], **doc.get("properties", {})}.items()}
        required = list(dict.fromkeys(base.get("required", []) + doc.get("required", [])))
        refs = [_ref_field(k, v) for k, v in properties.items() if _ref_target(v)]
        kinds[name] = KindSchema(
            kind=name, title=doc["title"], description=doc.get("description", ""),
            is_story=doc.get("x-kind") == "story", raw=doc, properties=properties,
            required=required, validator=Draft202012Validator(doc, registry=registry),
            refs=refs, one_of_required=doc.get("x-one-of-required", []),
            fast=fast_validator(doc, common), site_fields=list((site_fields or {}).get(name, [])),
        )
    return Schema(kinds=kinds, common=common)


def inline_refs(node, common: dict):
    """node with every reference into the common schema merged in, at every depth.

    The node's own keywords win over the definition's (a field's title over
    the shared type's), which is right for titles, hints, references and
    editor forms. It is not a faithful validator: jishi.content.schema_fast
    composes with allOf instead, to never accept what the schema rejects.
    """
    if isinstance(node, list):
        return [inline_refs(n, common) for n in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref", "")
    out = {}
    if "#/$defs/" in ref:
        out.update(inline_refs(common["$defs"][ref.rsplit("/", 1)[-1]], common))
    for key, value in node.items():
        if key != "$ref":
            out[key] = inline_refs(value, common)
    return out


def _ref_target(prop: dict) -> str | None:
    return prop.get("x-ref") or (prop.get("items") or {}).get("x-ref")


def _ref_field(name: str, prop: dict) -> RefField:
    return RefField(name=name, target=_ref_target(prop), many=prop.get("type") == "array")


def validate_front_matter(source: SourceFile, schema: Schema) -> list[Problem]:
    """Every schema problem of one file's front matter, in Chinese."""
    data = source.data
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in schema.kinds:
        return [_bad_kind(source, kind, schema)]
    ks = schema.kinds[kind]
    if ks.fast is not None and ks.fast(data):
        return []  # most files: no need to walk the $refs to find no error
    problems = []
    for error in ks.validator.iter_errors(data):
        problems.extend(translate_error(error, source, ks))
    return sorted(set(_misspelt_required(problems)))


_UNKNOWN_KEY = ("schema-unevaluatedProperties", "schema-additionalProperties")


def _misspelt_required(problems: list[Problem]) -> list[Problem]:
    """A required field missing beside an unknown key close to its name is one mistake, a misspelt
    key (titel: for title:): said once, at the line the editor typed, naming the field it should be."""
    missing = {p.field for p in problems if p.code == "schema-required"}
    merged, out = set(), []
    for p in problems:
        if p.code in _UNKNOWN_KEY:
            parent, _, key = p.field.rpartition(".")
            guess = closest(key, [f.rpartition(".")[2] for f in missing if f.rpartition(".")[0] == parent])
            if guess:
                merged.add(f"{parent}.{guess}" if parent else guess)
                p = replace(p, hint=f"{did_you_mean(guess)}{guess} 是必填字段，现在还没有写")
        out.append(p)
    return [p for p in out if not (p.code == "schema-required" and p.field in merged)]


def _bad_kind(source: SourceFile, kind, schema: Schema) -> Problem:
    names = "、".join(f"{k}（{s.title}）" for k, s in schema.kinds.items())
    if kind is None:
        line, col = source.position(())
        return Problem(source.path, line, col, "kind", "必填字段缺失", f"请写明稿件类型，可选：{names}")
    line, col = source.position(("kind",))
    if not isinstance(kind, str):
        return Problem(source.path, line, col, "kind", f"应为类型名（文字），实际写的是 {_show(kind)}", f"可选：{names}")
    guess = closest(kind, schema.kinds)
    hint = did_you_mean(guess, f"可选：{names}")
    return Problem(source.path, line, col, "kind", f"未知的类型 '{kind}'", hint)


def translate_error(error, source: SourceFile, ks) -> list[Problem]:
    """One jsonschema error as Chinese problems; ks gives the title and the known properties."""
    path = tuple(error.absolute_path)
    field = ".".join(map(str, path))
    line, col = source.position(path)
    v = error.validator
    prop = error.schema if isinstance(error.schema, dict) else {}
    hint = prop.get("x-hint", "")

    def problem(message, hint=hint, field=field, line=line, col=col):
        return Problem(source.path, line, col, field, message, hint, code=f"schema-{v}")

    if v == "required":
        missing = [r for r in error.validator_value if r not in error.instance]
        out = []
        for name in missing:
            desc = ks.properties.get(name, {}).get("description", "") if not path else ""
            out.append(problem("必填字段缺失", hint=desc, field=".".join(map(str, path + (name,)))))
        return out
    if v in ("unevaluatedProperties", "additionalProperties"):
        known = ks.properties if not path else prop.get("properties", {})
        out = []
        for key in error.instance:
            if key in known:
                continue
            kline, kcol = source.position(path + (key,))
            guess = closest(key, known)
            tip = did_you_mean(guess, "可用字段：" + "、".join(known))
            out.append(problem(f"未知字段（{ks.title}没有这个字段）", hint=tip,
                               field=".".join(map(str, path + (key,))), line=kline, col=kcol))
        return out
    if v == "anyOf" and ks.one_of_required and not path:
        names = " 或 ".join(ks.one_of_required)
        choices = "，".join(f"{ks.properties.get(n, {}).get('title', n)}写 {n}" for n in ks.one_of_required)
        return [problem(f"必须写 {names} 中的一个", hint=choices, field="/".join(ks.one_of_required))]
    if v == "type" and _unquoted_word(error):
        hint = f"YAML 把没加引号的 {_show(error.instance)} 读成了{_YAML_READS[type(error.instance)]}；" \
               f"要写成文字，请加英文引号，例如 {field}: \"{_written(source, path, error.instance)}\""
    return [problem(_message(v, error), hint=hint or _default_hint(v, error))]


_YAML_READS = {bool: "是/否（true/false）", int: "数字", float: "数字"}


def _unquoted_word(error) -> bool:
    """A string was wanted, and YAML read the editor's unquoted word as a bool or number."""
    wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
    return "string" in wanted and type(error.instance) in _YAML_READS


def _written(source: SourceFile, path: tuple, value) -> str:
    """The value as the editor typed it on its line (yes, on, 1e3), else as YAML shows it."""
    line, _ = source.position(path)
    text = source.front_matter.split("\n")[line - 2] if line >= 2 and source.front_matter else ""
    _, sep, rest = text.partition(":")
    rest = rest.split(" #", 1)[0].strip()
    if sep and rest:
        return rest
    return str(value).lower() if isinstance(value, bool) else str(value)


def _message(v: str, error) -> str:
    value = error.validator_value
    inst = error.instance
    if v == "type":
        wanted = value if isinstance(value, list) else [value]
        return f"应为{'或'.join(_TYPE_NAMES.get(t, t) for t in wanted)}，实际写的是 {_show(inst)}"
    if v == "const":
        return f"应为 '{value}'"
    if v == "enum":
        return f"取值 {_show(inst)} 无效，可选：" + "、".join(map(str, value))
    if v == "pattern":
        return f"格式不对：{_show(inst)}"
    if v == "minLength":
        return "不能为空"
    if v == "maxLength":
        return f"太长了（{len(inst)} 字，最多 {value} 字）"
    if v == "minItems":
        return f"至少要写 {value} 项"
    if v == "minimum":
        return f"不能小于 {value}"
    if v == "maximum":
        return f"不能大于 {value}"
    if v == "uniqueItems":
        return "列表中有重复项"
    return f"不符合规定（{v}）"


def _default_hint(v: str, error) -> str:
    if v == "minLength":
        return "请填写内容，或删掉这一行"
    if v == "enum":
        guess = closest(error.instance, map(str, error.validator_value))
        return did_you_mean(guess)
    return ""


def _show(value) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    if value is None:
        text = "空值"
    return text if len(text) <= 40 else text[:37] + "…'"
