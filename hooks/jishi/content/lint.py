"""Lints for how Chinese text really goes wrong on its way into stories/.

Editors paste from WeChat, Word and newspaper PDFs and type with a Chinese
input method. These checks catch what that does to a file and the schema
cannot see: a key typed with a full-width colon, a paragraph split by a page
break, a paragraph pasted twice, half-width punctuation inside Chinese.

The body lints are warnings (``jishi check`` prints them and still exits 0;
``mkdocs build --strict`` fails on them). A full-width colon or space that
breaks the YAML is an error, found by jishi.content.yaml_diagnosis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from jishi.content.problems import WARNING, Problem
from jishi.content.source import SourceFile


__all__ = ["lint_sources", "is_page_break", "ends_mid_sentence", "starts_mid_sentence", "placeholder_problems",
           "is_placeholder", "paragraphs_of", "Paragraph", "PLACEHOLDER"]

PLACEHOLDER = "TODO"  # what `jishi new` writes where a value is still to come
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A paragraph may end on these without being cut off mid-sentence.
_TERMINAL = set("。！？…”’）》」』.!?:：；)]】")
_OPENERS = set("“‘（《「『【(")
_MIN_DUPLICATE = 20  # characters; shorter repeats (a name, a slogan) are normal
_BLOCK_START = re.compile(r"^(#|>|[-*+]\s|\d+[.)]\s|\||<|!\[|```|~~~|    |\t|\{)")


@dataclass(frozen=True)
class Paragraph:
    """A prose paragraph of a story body, its lines joined, with its first line."""

    path: str
    line: int
    last_line: int
    text: str


def paragraphs_of(source: SourceFile) -> Iterator[Paragraph]:
    """The prose paragraphs of a body: no headings, lists, tables, code or HTML."""
    block: list[str] = []
    start = 0
    fenced = False
    lines = source.body.split("\n")
    for i, line in enumerate(lines + [""]):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            block = []
            continue
        if fenced:
            continue
        if line.strip():
            if not block:
                start = i
            block.append(line)
            continue
        if block and not _BLOCK_START.match(block[0]):
            text = "".join(map(str.strip, block))
            yield Paragraph(source.path, source.body_line + start, source.body_line + start + len(block) - 1, text)
        block = []


def lint_sources(sources: list[SourceFile]) -> list[Problem]:
    """Every lint warning for a set of parsed files, in one pass."""
    problems: list[Problem] = []
    all_paragraphs = []
    for source in sources:
        paragraphs = list(paragraphs_of(source))
        all_paragraphs.extend(paragraphs)
        problems += _page_breaks(paragraphs)
        problems += [p for para in paragraphs for p in _punctuation(para)]
        problems += _value_spaces(source)
    problems += _duplicates(all_paragraphs)
    return problems


def is_placeholder(value) -> bool:
    """A value `jishi new` wrote and the editor has not filled in yet."""
    return isinstance(value, str) and value.startswith(PLACEHOLDER)


def placeholder_problems(source: SourceFile, marker: str = PLACEHOLDER) -> list[Problem]:
    """Errors for every placeholder `jishi new` wrote and nobody filled in."""
    out = []
    for path, value in _strings(source.data, lambda value: value.startswith(marker)):
        line, col = source.position(path)
        out.append(Problem(source.path, line, col, ".".join(map(str, path)),
                           f"还没有填写（占位内容“{value}”）",
                           "请换成真实内容；不需要的可选字段整行删掉", code="todo-placeholder"))
    lines = source.body.split("\n") if marker in source.body else []
    for i, line in enumerate(lines):
        if line.lstrip().startswith(marker):
            out.append(Problem(source.path, source.body_line + i, 1, "正文", f"正文还没有填写（占位内容“{line.strip()[:20]}”）",
                               "请把这一行换成正文", code="todo-placeholder"))
    return out


def _strings(data, test, path: tuple = ()) -> list[tuple[tuple, str]]:
    """(key path, value) of every string in nested front matter for which test(value) holds.

    Called twice on every file: a plain loop that makes a key path only for
    the strings found is ~2x faster than walking every scalar with generators.
    """
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return [(path, data)] if isinstance(data, str) and test(data) else []
    found = []
    for k, v in items:
        if isinstance(v, str):
            if test(v):
                found.append((path + (k,), v))
        elif isinstance(v, (dict, list)):
            found += _strings(v, test, path + (k,))
    return found


def _warn(path: str, line: int, col: int, field: str, message: str, hint: str, code: str) -> Problem:
    return Problem(path, line, col, field, message, hint, severity=WARNING, code=code)


_CJK_CHAR = re.compile(f"[{CJK}]")


def _is_cjk(ch: str) -> bool:
    return bool(ch) and bool(_CJK_CHAR.match(ch))


def ends_mid_sentence(text: str) -> bool:
    """A prose paragraph that stops where no sentence can end ("…企业开")."""
    if not text:
        return False
    last = text[-1]
    ends_mid = last not in _TERMINAL and (_is_cjk(last) or last in "，、" or last in _OPENERS)
    # A label line without a comma or full stop ("铸魂之旅") is not prose.
    return ends_mid and any(ch in text for ch in "，。；、")


def starts_mid_sentence(text: str) -> bool:
    """A paragraph that may be the rest of a sentence begun elsewhere ("展工资…")."""
    return bool(text) and (_is_cjk(text[0]) or text[0] in "”’）》，、。")


def is_page_break(first: str, second: str) -> bool:
    """The page-break rule: first stops mid-sentence and second reads on from it."""
    return ends_mid_sentence(first) and starts_mid_sentence(second)


def _page_breaks(paragraphs: list[Paragraph]) -> list[Problem]:
    """A paragraph cut mid-sentence, the next one starting mid-word ("开" / "展")."""
    out = []
    for a, b in zip(paragraphs, paragraphs[1:]):
        if b.line != a.last_line + 2:  # more than one blank line or something between
            continue
        if is_page_break(a.text, b.text):
            tail, head = a.text[-2:].lstrip("，、"), b.text[:2]
            out.append(_warn(
                a.path, a.last_line, 1, "正文",
                f"段落在句子中间断开（“…{tail}” / “{head}…”），像是换页时被拆成了两段",
                f"如果是同一句话，请删掉第 {a.last_line + 1} 行的空行，把两段接起来，并在 mends 里记一笔",
                "lint-page-break"))
    return out


def _duplicates(paragraphs: list[Paragraph]) -> list[Problem]:
    """The same paragraph in two places: text pasted twice."""
    seen: dict[str, Paragraph] = {}
    out = []
    for para in paragraphs:
        if len(para.text) < _MIN_DUPLICATE:
            continue
        key = "".join(para.text.split())  # str.split and re's \s agree on whitespace
        if len(key) < _MIN_DUPLICATE or key.startswith(PLACEHOLDER):  # placeholders are errors already
            continue
        first = seen.setdefault(key, para)
        if first is para:
            continue
        where = f"第 {first.line} 行" if first.path == para.path else f"{first.path}:{first.line}"
        out.append(_warn(
            para.path, para.line, 1, "正文",
            f"这段文字与{where}的段落完全相同（“{para.text[:12]}…”），像是粘贴了两次",
            "同一段话只保留一处；原文印了两次的，删掉一份，并在 mends 里记一笔",
            "lint-duplicate"))
    return out


# A half-width mark between Chinese characters, or a straight quote touching one.
# The mark comes first and its neighbours are looked-around afterwards: a
# pattern that starts with a character set lets the regex engine skip to the
# next candidate mark instead of trying look-behinds at every position.
_HALF_IN_CJK = re.compile(
    rf"[,;:?!.\"](?:(?<=[{CJK}“”][,;:?!.])(?=[{CJK}“”]|$)|(?<=[{CJK}]\")|(?<=\")(?=[{CJK}]))")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_CROSSED = re.compile(r"（[^（）()]*\)|\([^（）()]*）")
# Most paragraphs hold no half-width mark at all; finding that first is ~10x
# cheaper than trying _HALF_IN_CJK's look-behind at every position.
_ANY_HALF = re.compile(r'[,;:?!."()]')
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。", '"': "“ ”", "(": "（", ")": "）"}


def _punctuation(para: Paragraph) -> list[Problem]:
    """Half-width punctuation typed inside Chinese, or both widths of one mark."""
    if not _ANY_HALF.search(para.text):
        return []
    text = para.text
    if "](" in text:
        text = _LINK_TARGET.sub("]", text)  # Markdown link targets are not prose
    match = _HALF_IN_CJK.search(text)
    if match is None and ("（" in text and ")" in text or "(" in text and "）" in text):
        match = _CROSSED.search(text)
    if match is None and ("(" in text and "（" in text or ")" in text and "）" in text):
        match = re.search(r"[()]", text)
    if match is None:
        return []
    mark = next(ch for ch in match.group(0) if ch in _FULL)
    around = text[max(0, match.start() - 6): match.end() + 6]
    return [_warn(
        para.path, para.line, 1, "正文",
        f"中文句子里混用了半角标点 “{mark}”（…{around}…）",
        f"中文里请改用全角的“{_FULL[mark]}”；输入法切到中文标点即可", "lint-punctuation")]


def _value_spaces(source: SourceFile) -> list[Problem]:
    """Front-matter values starting or ending with a full-width space (U+3000)."""
    out = []
    # A value of nothing but spaces is an error of its own (jishi.content.hygiene).
    for path, _ in _strings(source.data, lambda value: value != value.strip("\u3000") and value.strip()):
        line, col = source.position(path)
        out.append(_warn(source.path, line, col, ".".join(map(str, path)),
                         "值的开头或末尾有全角空格（　）", "请删掉这个空格；排版由网站负责",
                         "lint-fullwidth-space"))
    return out
