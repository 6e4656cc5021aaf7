"""The line under a story's title: its date as printed, its source, its reading time.

“2017 年（编辑推定）· 原载《对话“到职工中去”》专版 · 约 2 分钟读完”: the date
comes from the story (marked 编辑推定 when the editor derived it, as its note
says), the source line from the site settings; nothing is added that the
content does not carry. Reading time counts characters, not words: Chinese is
read at about 400–500 characters a minute, so 450 is used; a Latin word
counts as one unit, as in a word count.
"""

from __future__ import annotations

import math
import re

__all__ = ["CHARS_PER_MINUTE", "story_date", "reading_units", "reading_minutes", "reading_time"]

CHARS_PER_MINUTE = 450
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:[.'’-][A-Za-z0-9]+)*")
_MARKUP = re.compile(r"<[^>]+>|\{:[^}]*\}|[#*_>`\[\]()|]")


def story_date(story) -> str:
    """The story's date in Chinese (2017 年, 2017 年 6 月, 2017 年 6 月 1 日), 编辑推定 when derived."""
    parts = story.date.split("-")
    text = " ".join(f"{int(value)} {unit}" for value, unit in zip(parts, ("年", "月", "日")))
    return text + ("（编辑推定）" if "date" in story.derived else "")


def reading_units(text: str) -> int:
    """Characters a reader reads: CJK characters, plus Latin words and numbers as one each."""
    text = _MARKUP.sub(" ", text)
    return len(_CJK.findall(text)) + len(_WORD.findall(text))


def _story_text(story) -> str:
    items = story.data.get("items") or []
    extra = []
    for item in items:
        if isinstance(item, dict):
            extra.extend(str(v) for v in item.values())
        else:
            extra.append(str(item))
    return "\n".join([story.body, story.data.get("caption", "") or "", *extra])


def reading_minutes(story) -> int:
    """Whole minutes to read the story at CHARS_PER_MINUTE, at least 1."""
    return max(1, math.ceil(reading_units(_story_text(story)) / CHARS_PER_MINUTE))


def reading_time(story) -> str:
    """约 N 分钟读完, or 不到 1 分钟 for a short piece (under a third of a minute's reading)."""
    units = reading_units(_story_text(story))
    if units < CHARS_PER_MINUTE / 3:
        return "不到 1 分钟读完"
    return f"约 {reading_minutes(story)} 分钟读完"
