"""Text hygiene: invisible characters, empty bodies, titles with a body pasted in.

Text pasted from web pages, chat apps and PDFs brings characters a reader
cannot see: bidi controls (U+202E turns "txt.exe" into "exe.txt"), zero-width
spaces and joiners, soft hyphens, byte-order marks, private-use and
unassigned code points. In a title, name, slug or any other front-matter
string they spoof or hide text in every place it is shown (<title>, lists,
feed, share cards), so they are errors naming the exact line and column. In
a body they are warnings, except where a script needs them: a zero-width
joiner inside an emoji sequence, a (non-)joiner between letters of a script
that shapes with it (Arabic, Indic).

A body that is empty or only whitespace, and a title or name far longer
than any printed one, are errors; the limits are in LIMITS (and the guide).
"""

from __future__ import annotations

import re
import unicodedata

from jishi.content.problems import WARNING, Problem

__all__ = ["LIMITS", "BODY_KINDS", "invisible_chars", "hygiene_problems", "describe"]

# Characters, not bytes. The longest printed title in the seed is 13 characters.
LIMITS = {"title": 100, "name": 60, "short_name": 30, "caption": 200, "alt": 200,
          "author_role": 100, "speaker_role": 100, "credit": 100}
# Kinds whose text is the body: an empty one is nothing to publish.
BODY_KINDS = frozenset({"case", "commentary", "testimonial"})
_BAD_CATEGORIES = {"Cf", "Co", "Cn", "Zl", "Zp"}
# Letters and marks that render as nothing (Hangul fillers, combining grapheme joiner, braille blank).
_BLANK_LETTERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u034f", "\u2800"}
_BLANK = re.compile("[" + "".join(sorted(_BLANK_LETTERS)) + "]")
_NAMES = {
    "\u200b": "零宽空格", "\u200c": "零宽不连字", "\u200d": "零宽连字", "\u2060": "零宽不换行",
    "\ufeff": "零宽不换行空格（BOM）", "\u00ad": "软连字符", "\u2028": "行分隔符", "\u2029": "段分隔符",
    "\u180e": "蒙古文元音分隔符",
}
_BIDI = set("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_MAX_BODY_WARNINGS = 20


def _is_bad(ch: str) -> bool:
    return ch in _BLANK_LETTERS or unicodedata.category(ch) in _BAD_CATEGORIES


def describe(ch: str) -> str:
    """'U+202E（文字方向控制符 RIGHT-TO-LEFT OVERRIDE）' and the like."""
    name = unicodedata.name(ch, "")
    zh = "文字方向控制符" if ch in _BIDI else _NAMES.get(ch) or {
        "Co": "私用区字符", "Cn": "未分配的码位"}.get(unicodedata.category(ch), "看不见的格式字符")
    return f"U+{ord(ch):04X}（{zh}{' ' + name if name else ''}）"


def _emoji_like(ch: str) -> bool:
    return bool(ch) and (unicodedata.category(ch) in ("So", "Sk") or "\U0001f000" <= ch <= "\U0001faff"
                         or ch in "\ufe0f\u20e3")


def _legitimate(text: str, i: int) -> bool:
    """A joiner a script needs: ZWJ in an emoji sequence, ZWJ/ZWNJ between non-CJK letters."""
    ch = text[i]
    before, after = text[i - 1] if i else "", text[i + 1] if i + 1 < len(text) else ""
    if ch == "\u200d" and _emoji_like(before) and _emoji_like(after):
        return True
    if ch in "\u200c\u200d" and before and after:
        return _joining_script(before) and _joining_script(after)
    if "\U000e0020" <= ch <= "\U000e007f":  # tag characters of a subdivision flag (🏴 + tags)
        return True
    return False


# Scripts whose shaping uses (non-)joiners: Arabic, Syriac, the Indic scripts, Sinhala.
_JOINING = ((0x0600, 0x074F), (0x0750, 0x077F), (0x08A0, 0x08FF), (0x0900, 0x0DFF), (0xFB50, 0xFDFF),
            (0xFE70, 0xFEFE))


def _joining_script(ch: str) -> bool:
    return any(lo <= ord(ch) <= hi for lo, hi in _JOINING) and unicodedata.category(ch)[0] in "LM"


# Every assigned character _is_bad holds for, as one class (Unicode 14; tests/unit checks it
# against unicodedata): a regular expression scans long bodies ~50x faster than a loop.
_BAD = re.compile(
    "[\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u115f-\u1160\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\u2800\u3164\ue000-\uf8ff\ufeff\uffa0\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f\U000f0000-\U0010ffff]")


def invisible_chars(text: str) -> list[int]:
    """Indexes of the invisible characters in text that nothing legitimate needs.

    A regular expression finds the candidates (bodies are long); front-matter
    values are short, and there unassigned code points count too.
    """
    # isprintable() is False for every Cf, Co, Cn, Zl and Zp character: one C-level pass
    # clears almost every value; only the blank letters are printable.
    if text.isprintable() and not _BLANK.search(text):
        return []
    found = [m.start() for m in _BAD.finditer(text)]
    if len(text) <= 300:
        found = sorted(set(found) | {i for i, ch in enumerate(text)
                                     if ch > "\x7f" and unicodedata.category(ch) == "Cn"})
    return [i for i in found if not _legitimate(text, i)]


def hygiene_problems(source) -> list[Problem]:
    """Errors for invisible characters and over-long values in front matter,
    warnings for invisible characters in the body, an error for an empty body."""
    out = [p for path, value in _strings(source.data) for p in _value_problems(source, path, value)]
    out += _body_problems(source)
    return out


def _strings(data, path: tuple = ()):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _strings(v, path + (i,))
    elif isinstance(data, str):
        yield path, data


def _value_problems(source, path: tuple, value: str) -> list[Problem]:
    field = ".".join(map(str, path))
    out = []
    found = invisible_chars(value)
    if found:
        line, col = _locate(source, path, value[found[0]])
        more = f"（这一项共有 {len(found)} 个）" if len(found) > 1 else ""
        out.append(Problem(source.path, line, col, field,
                           f"含有看不见的字符 {describe(value[found[0]])}{more}，{_where(value, found[0])}",
                           "它会让显示的文字和实际内容不一样；多半是粘贴带进来的，请删掉它后重新输入这几个字",
                           code="text-invisible"))
    limit = LIMITS.get(path[-1]) if len(path) == 1 else None
    if (limit or path == ("summary",)) and value and not value.strip():
        line, col = source.position(path)
        out.append(Problem(source.path, line, col, field, "只有空白，没有内容", "请填写内容，或删掉这一行",
                           code="text-blank"))
    elif limit and "\n" in value.strip():
        line, col = source.position(path)
        out.append(Problem(source.path, line, col, field, "不能换行（这一项只写一行）",
                           "请把它写在一行里；正文写在第二个 --- 之后", code="text-newline"))
    if limit and len(value) > limit:
        line, col = source.position(path)
        out.append(Problem(source.path, line, col, field, f"太长了（{len(value)} 字，最多 {limit} 字）",
                           "像是把正文贴进了这一项：这里只写一行，正文写在第二个 --- 之后", code="text-too-long"))
    return out


def _where(text: str, i: int) -> str:
    """Where in the value the character is, by the visible text around it."""
    before = "".join(c for c in text[max(0, i - 6):i] if not _is_bad(c))
    after = "".join(c for c in text[i + 1:i + 7] if not _is_bad(c))
    if before and after:
        return f"在“{before}”和“{after}”之间"
    if before:
        return f"在“{before}”之后"
    return f"在“{after}”之前" if after else "整项只有这个字符"


def _locate(source, path: tuple, ch: str) -> tuple[int, int]:
    """Line and column of ch as written in the front matter, from the key's line on."""
    line, col = source.position(path)
    lines = source.front_matter.split("\n")
    for n in range(max(line - 2, 0), len(lines)):
        start = col - 1 if n == line - 2 else 0
        at = lines[n].find(ch, start)
        if at >= 0:
            return n + 2, at + 1
    return line, col  # written as an escape ("\u202e"): the key's place


def _body_problems(source) -> list[Problem]:
    body = source.body
    out = []
    first = _BAD.search(body)  # one scan: most bodies have no invisible character at all
    needs_body = str(source.data.get("kind")) in BODY_KINDS  # str(): a kind written as a list is the schema's
    if needs_body and not (body.strip() if first is None else _BAD.sub("", body).strip()):
        out.append(Problem(source.path, source.body_line, 1, "正文", "正文是空的",
                           "正文写在第二个 --- 之后；没有正文的稿件不能发布", code="body-empty"))
    if body.isascii():
        return out
    if first is None:
        return out
    for n, text in enumerate(body.split("\n")):
        for i in invisible_chars(text)[:1]:
            out.append(Problem(source.path, source.body_line + n, i + 1, "正文",
                               f"含有看不见的字符 {describe(text[i])}，{_where(text, i)}",
                               "读者看不见它，复制、搜索却会受影响；如不是有意为之，请删掉",
                               severity=WARNING, code="text-invisible"))
            if len(out) >= _MAX_BODY_WARNINGS:
                return out
    return out
