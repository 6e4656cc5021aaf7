"""Reading story files: bytes → text → front matter + body, losing nothing.

The loader is strict where PyYAML is lenient: a duplicate key, an anchor, a
non-mapping front matter or a file in GBK is an error with file, line and
column, never a silent guess. Dates stay the strings the editor wrote.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import re
from pathlib import Path

import yaml

from jishi.content.problems import Problem
from jishi.content.source import LoadError, SourceFile
from jishi.content.yaml_diagnosis import fullwidth_yaml_problem, mend_fullwidth_key

__all__ = ["SourceFile", "LoadError", "read_source", "parse_source", "read_yaml_file", "looks_like_gb18030",
           "yaml_scalar", "MAX_FILE_BYTES"]

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_DEPTH = 20
# libyaml composes flow collections ([ {) recursively in C: ~30,000 levels
# overflow the stack and kill the process, so deep flows are refused unread.
MAX_FLOW_DEPTH = 200

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
# Only the plain data types of YAML's core schema; !!python/*, !!binary, !!set
# and custom !tags are refused rather than silently read as something else.
_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
_STR = "tag:yaml.org,2002:str"


def read_source(path: Path | str, rel: str) -> SourceFile:
    """Read and parse one file; raise LoadError with a Chinese message."""
    try:
        with open(path, "rb") as file:
            raw = file.read()
    except OSError as exc:
        raise LoadError(Problem(rel, message=f"无法读取文件（{exc.strerror}）")) from None
    return parse_source(raw, rel)


def parse_source(raw: bytes, rel: str) -> SourceFile:
    """Parse raw bytes of a story file into a SourceFile."""
    text = _decode(raw, rel)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    fm_text, body, body_line = _split_front_matter(text, rel)
    data, positions, found = _parse_mending(fm_text, rel)
    return SourceFile(rel, data, body, body_line, positions, fm_text, found)


MAX_MENDS = 20


def _parse_mending(fm_text: str, rel: str) -> tuple[dict, dict, list[Problem]]:
    """Parse the front matter; a key typed with a full-width colon is reported and
    mended in memory, so the file's other mistakes are still found in the same run."""
    found: list[Problem] = []
    for _ in range(MAX_MENDS):
        try:
            data, positions = _parse_yaml(fm_text, rel)
            return data, positions, found
        except LoadError as exc:
            mended = mend_fullwidth_key(fm_text, exc.problem) if exc.problem.code == "yaml-fullwidth-colon" else None
            if mended is None:
                if found:  # the mended text broke otherwise: report what was found first
                    raise LoadError(found[0]) from None
                raise
            found.append(exc.problem)
            fm_text = mended
    raise LoadError(found[0])


def yaml_scalar(value) -> str:
    """A YAML scalar as the site's files write it (strings in double quotes), read back unchanged."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def read_yaml_file(path: Path, rel: str) -> tuple[dict, dict]:
    """A whole YAML file (jishi.yml, a site's schema file), read as strictly as front matter.

    Returns the mapping and the (line, column) of every key path, as lines of
    the file itself. An empty file is an empty mapping; anything unreadable
    raises LoadError naming rel and the line.
    """
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise LoadError(Problem(rel, message=f"无法读取文件（{exc.strerror}）")) from None
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    if not raw.strip() or all(not line.strip() or line.lstrip().startswith(b"#") for line in raw.splitlines()):
        return {}, {}
    # The file is read as the front matter of a file whose line 1 is "---":
    # one loader, one set of checks and messages; every line is then one less.
    try:
        source = parse_source(b"---\n" + raw + b"\n---\n", rel)
    except LoadError as exc:
        problem = exc.problem
        raise LoadError(dataclasses.replace(problem, line=max(problem.line - 1, 1) if problem.line else 0)) from None
    if source.body.strip():
        line = source.body_line - 2
        raise LoadError(Problem(rel, line, 1, message="文件里不能有单独一行的 --- 或 ...",
                                hint="一个文件只写一组“字段: 值”，请删掉这一行"))
    positions = {key: (line - 1, col) for key, (line, col) in source.positions.items()}
    return source.data, positions


def _decode(raw: bytes, rel: str) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise LoadError(Problem(rel, message=f"文件过大（{len(raw) // 1024} KB，上限 {MAX_FILE_BYTES // 1024} KB）",
                                hint="请把过长的稿件拆成几篇"))
    if not raw.strip():
        raise LoadError(Problem(rel, 1, 1, message="文件是空的", hint="请用 jishi new 生成带前置信息的稿件"))
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise LoadError(Problem(rel, 1, 1, message="文件是 UTF-16 编码，本系统只接受 UTF-8",
                                hint="请在编辑器里选择“另存为 → 编码 UTF-8”"))
    if b"\x00" in raw:
        raise LoadError(Problem(rel, 1, 1, message="这不是文本文件（含有二进制内容）",
                                hint="稿件必须是 UTF-8 编码的 Markdown 文本；图片请放在 docs/images/ 下"))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        if looks_like_gb18030(raw):
            raise LoadError(Problem(
                rel, line, col, message="文件是 GBK/GB18030 编码，本系统只接受 UTF-8",
                hint="运行 jishi check --fix-encoding 自动转存为 UTF-8（不改动任何字），或在编辑器里“另存为 → 编码 UTF-8”",
                code="encoding-gbk")) from None
        raise LoadError(Problem(rel, line, col, message="文件不是有效的 UTF-8 编码",
                                hint="请用编辑器“另存为 → 编码 UTF-8”后重新保存")) from None


def looks_like_gb18030(raw: bytes) -> bool:
    """True when raw decodes as GB18030 with Chinese in it (call it on bytes that are not UTF-8)."""
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in text)
    return cjk >= 1


# A line that is "---" or "..." and trailing whitespace (what str.rstrip removes).
_FM_END = re.compile(r"\n(?:---|\.\.\.)[^\S\n]*(?=\n|\Z)")


def _split_front_matter(text: str, rel: str) -> tuple[str, str, int]:
    first_end = text.find("\n")
    if (text if first_end < 0 else text[:first_end]).strip() != "---":
        raise LoadError(Problem(rel, 1, 1, message="文件开头缺少前置信息（第一行应为 ---）",
                                hint="稿件以 --- 开始，写完 YAML 字段后再用一行 --- 结束"))
    # Found in the text, not line by line: splitting and re-joining every
    # line of every file was most of the cost of this function.
    end = _FM_END.search(text, first_end) if first_end >= 0 else None
    if end is not None:
        fm = text[first_end + 1:end.start()]
        if len(fm) * 4 > MAX_FRONT_MATTER_BYTES and len(fm.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
            line, key, size = _largest_field(fm)
            raise LoadError(Problem(rel, line, 1, key, message="前置信息过长（上限 64 KB）",
                                    hint=(f"{key} 占了 {size // 1024} KB；" if key else "") + "正文请写在第二个 --- 之后"))
        body = text[end.end() + 1:]
        return fm, body, text.count("\n", 0, end.start()) + 3
    raise LoadError(Problem(rel, 1, 1, message="前置信息没有结束（找不到第二行 ---）",
                            hint="在 YAML 字段之后加一行 ---，正文写在它下面"))


_TOP_KEY = re.compile(r"^(?![\s#-])['\"]?([^:'\"]+?)['\"]?\s*:(?:\s|$)")


def _largest_field(fm: str) -> tuple[int, str, int]:
    """(line in the file, key, bytes) of the top-level field that takes most of an oversized front matter
    (at least half of it); else (2, "", 0)."""
    best = current = (0, 2, "")  # (bytes, line, key)
    for i, text in enumerate(fm.split("\n")):
        match = _TOP_KEY.match(text)
        if match:
            best = max(best, current)
            current = (0, i + 2, match[1].strip())
        current = (current[0] + len(text.encode("utf-8")) + 1, *current[1:])
    size, line, key = max(best, current)
    if size * 2 < len(fm.encode("utf-8")):  # many fields, none of them the cause
        return 2, "", 0
    return line, key, size


def _check_flow_depth(fm_text: str, rel: str) -> None:
    """Refuse absurdly deep [ { nesting before the C parser recurses into it."""
    depth = 0
    for match in re.finditer(r"[\[\]{}]", fm_text):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_FLOW_DEPTH:
            pos = match.start()
            line = fm_text.count("\n", 0, pos) + 2
            col = pos - (fm_text.rfind("\n", 0, pos) + 1) + 1
            raise LoadError(Problem(rel, line, col, message=f"嵌套层次过深（超过 {MAX_DEPTH} 层）",
                                    hint="前置信息只需要简单的字段、列表和映射"))


def _parse_yaml(fm_text: str, rel: str) -> tuple[dict, dict]:
    _check_flow_depth(fm_text, rel)
    loader = _Loader(fm_text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        generic = _yaml_problem(exc, rel, fm_text)
        raise LoadError(fullwidth_yaml_problem(fm_text, rel, generic.line) or generic) from None
    except yaml.reader.ReaderError as exc:
        raise LoadError(_reader_problem(exc, rel, fm_text)) from None
    except yaml.YAMLError as exc:
        raise LoadError(Problem(rel, 2, 1, message=f"YAML 语法错误（{exc}）")) from None
    finally:
        loader.dispose()
    if node is None:
        raise LoadError(Problem(rel, 2, 1, message="前置信息是空的", hint="至少要写 kind 和 slug"))
    if not isinstance(node, yaml.MappingNode):
        line, col = _mark(node.start_mark)
        raise LoadError(Problem(rel, line, col, message="前置信息必须是“字段: 值”的映射",
                                hint="每行写一个字段，例如 title: 标题"))
    walker = _Walker(rel, loader)  # its constructor still works after dispose()
    data = walker.build(node, ())
    return data, walker.positions


def _mark(mark) -> tuple[int, int]:
    # +2: line 1 is the opening ---, and marks are 0-based.
    return mark.line + 2, mark.column + 1


_YAML_REASONS = [
    ("tab", "这一行有 Tab 字符", "YAML 不能用 Tab 缩进，请改用空格"),
    ("mapping values are not allowed", "这里不能出现冒号", "值里有冒号时，请给整个值加上英文引号"),
    ("could not find expected ':'", "缺少冒号", "每行写成“字段: 值”，冒号是英文冒号，后面加一个空格"),
    ("found unexpected end of stream", "引号没有配对", "检查这个值的引号是否成对"),
    ("while scanning a quoted scalar", "引号没有配对", "检查这个值的引号是否成对"),
    ("found undefined alias", "不支持 YAML 别名（*）", "请把内容直接写出来"),
    ("expected <block end>", "缩进不一致", "同一层的字段要左对齐，用空格缩进"),
]


def _reader_problem(exc, rel: str, fm_text: str) -> Problem:
    """A character YAML refuses outright (control characters, stray surrogates)."""
    pos = min(exc.position, len(fm_text))
    line = fm_text.count("\n", 0, pos) + 2
    col = pos - (fm_text.rfind("\n", 0, pos) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    return Problem(rel, line, col, message=f"含有不允许的控制字符（U+{code:04X}）",
                   hint="多半是从别处粘贴带进来的看不见的字符，请删掉这个位置的字符后重新输入",
                   code="yaml-control-char")


def _yaml_problem(exc: yaml.MarkedYAMLError, rel: str, fm_text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = _mark(mark) if mark else (2, 1)
    english = f"{exc.context or ''} {exc.problem or ''}"
    reason, hint = "格式有误", "检查引号、缩进和冒号；冒号后要有一个空格"
    for needle, why, fix in _YAML_REASONS:
        if needle in english:
            reason, hint = why, fix
            break
    bad_line = fm_text.split("\n")[mark.line] if mark and mark.line < fm_text.count("\n") + 1 else ""
    if "\t" in bad_line:
        reason, hint = _YAML_REASONS[0][1:]
    return Problem(rel, line, col, message=f"YAML 语法错误：{reason}", hint=hint, code="yaml-syntax")


class _Walker:
    """Turns a composed YAML node tree into Python data and a position map."""

    def __init__(self, rel: str, constructor):
        self.rel = rel
        self.constructor = constructor
        self.positions: dict[tuple, tuple[int, int]] = {}
        self.seen: set[int] = set()

    def fail(self, node, message: str, hint: str = "", field: str = "") -> None:
        line, col = _mark(node.start_mark)
        raise LoadError(Problem(self.rel, line, col, field=field, message=message, hint=hint))

    def build(self, node, path: tuple):
        if id(node) in self.seen:
            self.fail(node, "不支持 YAML 锚点和别名（& 和 *）", "请把内容直接写出来", ".".join(map(str, path)))
        if len(path) > MAX_DEPTH:
            self.fail(node, f"嵌套层次过深（超过 {MAX_DEPTH} 层）")
        self.positions[path] = _mark(node.start_mark)
        if node.tag not in _PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.fail(node, f"不支持 YAML 类型标记 '{tag}'", "请去掉 ! 开头的标记，直接写值", ".".join(map(str, path)))
        if isinstance(node, yaml.MappingNode):
            self.seen.add(id(node))
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            self.seen.add(id(node))
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        if node.tag == _TIMESTAMP or node.tag == _STR:
            return node.value  # dates stay exactly as written; strings need no constructor
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError):
            self.fail(node, f"值 '{str(node.value)[:20]}…' 无法读取（数字过大，或与 !! 标记的类型不符）",
                      "数字请写成普通大小，不要用 !! 开头的标记", ".".join(map(str, path)))

    def _mapping(self, node, path: tuple) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(key_node, "不支持 YAML 合并键（<<）", "请把字段直接写出来")
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, "字段名必须是文字")
            key = key_node.value
            key_path = path + (key,)
            if key in result:
                first = self.positions[key_path][0]
                self.fail(key_node, f"字段重复（第 {first} 行已写过一次）",
                          "同一字段只能写一次，请删掉或合并其中一个", ".".join(map(str, key_path)))
            key_mark = _mark(key_node.start_mark)
            self.positions[key_path] = key_mark
            result[key] = self.build(value_node, key_path)
            self.positions[key_path] = key_mark
        return result
