"""Reading a newspaper page's plain text: decoding, lines, and what each line is.

A page extracted to text is a run of lines separated by blank lines. Each
non-blank line is a unit; its *role* is decided from its own shape and its
neighbours' (a short line before a byline is a title, a short line before a
title or byline is a column heading), never from the words of one campaign.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jishi.editor.encoding import is_gb18030

__all__ = ["Unit", "decode_page", "PageEncodingError", "read_units", "classify", "BYLINE", "TEAM_LINE", "LABEL", "VOICE",
           "is_short", "TEAM_SUFFIXES"]

TEAM_SUFFIXES = ("工作队", "小分队", "服务队", "工作组")
_NAME = r"[\u4e00-\u9fff·]{2,5}"
# A role as printed, a space, a name: "湖北省总工会党组书记、常务副主席 董永祥".
BYLINE = re.compile(rf"^(?P<role>[^。！？!?：:\s][^。！？!?：:]{{1,60}}?)[ \u3000]+(?P<name>{_NAME})$")
TEAM_LINE = re.compile(r"^[^。，！？：:\s]{2,40}(?:" + "|".join(TEAM_SUFFIXES) + ")$")
# A label that opens a block: "数字：".
LABEL = re.compile(r"^(?P<label>[^\s，。：:“”]{1,10})(?P<colon>[：:])$")
# Who said it, a colon, what they said: "网友LM：…".
VOICE = re.compile(r"^(?P<who>[^\s，。：:“”]{1,12})(?P<colon>[：:])(?P<text>\S.*)$")
_FURNITURE = re.compile(
    r"^(?:第?\s*[0-9０-９一二三四五六七八九十]+\s*版.{0,20}|[0-9０-９]{1,3}|[-—–]\s*[0-9]+\s*[-—–]|"
    r"(?:责任编辑|版式设计|美术编辑|责任校对|校对|本版编辑)[：:].{0,30})$")
_SENTENCE_MARKS = set("。！？；，：!?;,")
_SHORT = 40
_HEADING = 12


@dataclass
class Unit:
    """One non-blank line of the page: its 1-based line number, text and role."""

    line: int
    text: str
    col: int = 0  # 0-based column where text starts (leading spaces stripped)
    gap_before: int = 0  # blank lines before it
    role: str = "prose"


def decode_page(raw: bytes) -> tuple[str, str]:
    """The page's text and its encoding ("UTF-8" or "GB18030"), as --fix-encoding decides."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if is_gb18030(raw):
        return raw.decode("gb18030"), "GB18030"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        raise PageEncodingError(raw[:exc.start].count(b"\n") + 1) from exc


class PageEncodingError(ValueError):
    """A page that is neither UTF-8 nor GB18030 text; line is where decoding failed."""

    def __init__(self, line: int):
        self.line = line
        super().__init__(f"line {line}: not UTF-8 or GB18030 text")


def read_units(text: str) -> list[Unit]:
    """Every non-blank line of the page, with the blank lines before it counted."""
    units, gap = [], 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            gap += 1
            continue
        units.append(Unit(number, stripped, len(line) - len(line.lstrip()), gap))
        gap = 0
    return units


def is_short(text: str, limit: int = _SHORT) -> bool:
    """A line short and unpunctuated enough to be a heading, title or caption."""
    return len(text) <= limit and not any(ch in _SENTENCE_MARKS for ch in text)


def classify(units: list[Unit]) -> None:
    """Set each unit's role: furniture, banner, byline, teamline, title, heading, label, voice, caption, prose."""
    for unit in units:
        unit.role = _own_role(unit.text)
    for i, unit in enumerate(units):
        after = units[i + 1] if i + 1 < len(units) else None
        if unit.role == "short" and after is not None and (
                after.role == "byline" or (after.role == "short" and TEAM_LINE.match(after.text))):
            unit.role = "title"
            if after.role == "short":
                after.role = "teamline"
    for i, unit in enumerate(units):
        if unit.role == "voice" and not _in_voice_run(units, i):
            unit.role = "prose"
    _mark_banner(units)
    for i, unit in enumerate(units):
        if unit.role == "short":
            unit.role = _short_role(units, i)
    _headings_before_testimonials(units)


def _mark_banner(units: list[Unit]) -> None:
    """The page's first line, when a heading or title follows it, names the page (版头)."""
    body = [u for u in units if u.role != "furniture"]
    if len(body) > 2 and body[0].role == "short" and body[1].role in ("title", "short") \
            and len(body[0].text) <= _HEADING:
        body[0].role = "banner"


def _headings_before_testimonials(units: list[Unit]) -> None:
    """A "title" before a byline is a column heading when untitled bylines follow (a run of testimonials),
    or, after that, when it is no longer than the page's column headings."""
    candidates = [i for i, u in enumerate(units)
                  if u.role == "title" and len(u.text) <= _HEADING and units[i + 1].role == "byline"]
    for i in candidates:
        later = [j for j in range(i + 2, len(units)) if units[j].role in ("byline", "title", "heading")]
        if later and units[later[0]].role == "byline" and units[later[0] - 1].role != "title":
            units[i].role = "heading"
    longest = max((len(u.text) for u in units if u.role == "heading"), default=0)
    for i in candidates:
        if len(units[i].text) <= longest:
            units[i].role = "heading"


def _own_role(text: str) -> str:
    """What a line is by its shape alone."""
    if _FURNITURE.match(text):
        return "furniture"
    if LABEL.match(text):
        return "label"
    if BYLINE.match(text) and not any(ch in text for ch in "“”"):
        return "byline"
    if VOICE.match(text) and not VOICE.match(text)["who"].isdigit():
        return "voice"
    return "short" if is_short(text) else "prose"


def _in_voice_run(units: list[Unit], i: int) -> bool:
    """A voice is one of two or more in a row, or follows a label."""
    before = units[i - 1].role if i else ""
    after = units[i + 1].role if i + 1 < len(units) else ""
    return before in ("voice", "label") or after == "voice"


def _short_role(units: list[Unit], i: int) -> str:
    """A short line not before a byline: a column heading if a piece follows, else a caption."""
    unit = units[i]
    after = units[i + 1] if i + 1 < len(units) else None
    if len(unit.text) <= _HEADING and after is not None and after.role in ("title", "byline", "label"):
        return "heading"
    before = units[i - 1] if i else None
    floating = unit.gap_before >= 2 or after is None or after.gap_before >= 2
    if floating or (after is not None and after.role == "short") or (before is not None and before.role == "caption"):
        return "caption"
    return "prose"
