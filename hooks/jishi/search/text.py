"""What Pagefind reads of a page: Han text as overlapping character pairs, names also in pinyin.

Pagefind is given a copy of each page's HTML (never the served HTML), cut
down to its indexed article and rewritten so that the words it indexes are
the ones the browser asks for (assets/search.js does the same to the query):

- **Han text as overlapping pairs** (bigrams), the way Lucene's CJK analyzer
  indexes it: 同吃同住 is written ``同吃 吃同 同住``, each pair a word. A
  two-character query is then one exact word (工会 never matches a page that
  only holds 工 and 会 apart, and its posting list is far smaller than those
  of 工 and 会), and a longer one is a phrase of pairs. A lone Han character
  (between punctuation, or beside Latin or digits) is a word by itself. Pairs
  run on across inline tags (``<a>``, ``<strong>`` …), not across blocks.
- The index is built with a language Pagefind does not segment (``und``):
  with ``zh`` its dictionary segmenter would split the pairs again, and the
  browser would cut the query with Intl.Segmenter.
- **Readable back**: the browser joins the pairs again for titles and
  excerpts, and takes out the spaces put between Han and anything else
  (``WIT 员工``, ``“ 六有 ”``: Pagefind splits words at whitespace only, so
  without them “六有”目标 would be one word, indexed also as 六有目标).
  Pagefind keeps no whitespace but single spaces (and drops U+200B), so
  where a space really is next to Han (in the text, or between two blocks)
  the Han word gets a U+200C glued on that side, and the space is shown.
- **Full-width Latin letters and digits** are indexed half-width (ＷＩＴ as WIT).
- **Names in pinyin**: an element marked ``data-jishi-pinyin`` (the names of
  people, teams and enterprises) is followed by its full pinyin and initials
  (``yaolijun ylj``), between U+2063 marks so the browser can cut them out of
  excerpts. Only names: the text is never indexed as pinyin.

Angle brackets in the text are escaped once more: Pagefind stores text
decoded, so an editor's ``&lt;script&gt;`` would otherwise sit in the index
as ``<script>``; the browser side decodes them for display.
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import add

__all__ = ["HAN", "INDEX_LANGUAGE", "PINYIN_MARK", "SPACE_MARK", "han_characters", "indexed_html",
           "indexed_part", "name_pinyin", "pair_text", "without_ignored"]

INDEX_LANGUAGE = "und"  # one index, whitespace-separated words, no stemming, no segmentation
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
SPACE_MARK = "\u200c"  # glued to a Han word where the text really has a space next to it
PINYIN_MARK = "\u2063"  # around the pinyin of a name
_H = f"[{HAN}]"
_TAG = re.compile(r"(<[^>]*>)")
_ANGLES = re.compile(r"&lt;|&gt;|&#60;|&#62;|&#x3[cCeE];|>")
_FULL_WIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_HAN_RUN = re.compile(f"{_H}+")
_NOT_HAN = re.compile(f"[^{HAN}]+")
# Tags the pairs run across; any other tag, and any tag Pagefind ignores, ends a run.
_INLINE = frozenset("a abbr b bdi cite code data dfn em i kbd mark q s samp small span strong sub sup time u var".split())
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z][\w-]*)")
_NAMED = re.compile(r"<(\w+)\b[^>]*\bdata-jishi-pinyin\b[^>]*>(.*?)</\1>", re.S)
_IGNORED = re.compile(r"<([a-zA-Z][\w-]*)\b[^>]*\bdata-pagefind-ignore\b[^>]*>")
# The id of any element but a heading. Pagefind keeps an anchor for every element with an id,
# with that element's text: one per paragraph (jishi.site.anchors) doubled each page's fragment.
# Only headings' anchors can make a result (Pagefind's sub-results; jishi shows none).
_ANCHOR = re.compile(r'(<(?![hH][1-6][\s>])[a-zA-Z][^>]*?)\s+id="[^"]*"')
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_LANG = re.compile(r'<html[^>]*\blang="([^"]*)"')
_TITLE = re.compile(r"<title>.*?</title>", re.S)
# What a neighbour across a tag is, as one stand-in character: Latin/digit, a space,
# anything else (Han is handled apart). A tag that ends a run counts as a space:
# Pagefind puts one (or ". ") between blocks, so Han beside it gets the mark of a real space.
_STAND_IN = {"han": "", "latin": "a", "space": " ", "other": "\x00", "break": " "}


def indexed_html(html: str) -> str:
    """The copy of a built page Pagefind reads: its indexed article, names in pinyin, Han text in pairs."""
    return pair_text(_with_pinyin(_ANCHOR.sub(r"\1", without_ignored(indexed_part(html)))))


def without_ignored(html: str) -> str:
    """The HTML with what Pagefind ignores emptied: an element marked ``data-pagefind-ignore``
    keeps its tags but loses its content, unless that holds a ``data-pagefind-*`` attribute
    (a filter or meta field Pagefind still reads inside an ignored element).

    Pagefind indexes none of that text, so nothing it writes changes; it is
    a fifth of a story page's article (related stories, the share box), which
    neither Pagefind nor the pairing then has to read. The tags stay, so a
    Han run still ends there as before.
    """
    if "data-pagefind-ignore" not in html:
        return html
    out, at = [], 0
    for match in _IGNORED.finditer(html):
        if match.start() < at:  # inside an element emptied already
            continue
        name = match.group(1).lower()
        if name in _VOID or match.group(0).endswith("/>"):
            continue
        close = _closing(html, name, match.end())
        if close < 0 or "data-pagefind-" in html[match.end():close]:
            continue
        out += [html[at:match.end()]]
        at = close
    return "".join(out) + html[at:] if out else html


def _closing(html: str, name: str, start: int) -> int:
    """Where the end tag closing an element ``name`` whose content begins at ``start`` is; -1 if none."""
    depth = 1
    for match in re.compile(f"<(/?){name}[\\s/>]", re.I).finditer(html, start):
        depth += -1 if match.group(1) else 1
        if not depth:
            return match.start()
    return -1


def indexed_part(html: str) -> str:
    """The page cut down to what Pagefind reads: its language, title and the indexed article.

    Every data-pagefind-* attribute sits inside that article, so the theme's
    header, navigation and scripts (most of each page's bytes) are left out;
    Pagefind parses a third as much. A page whose article holds another
    <article> is kept whole.
    """
    at = html.find("data-pagefind-body")
    start = html.rfind("<article", 0, at)
    end = html.find("</article>", at)
    if start < 0 or end < 0 or "<article" in html[at:end]:
        return html
    lang = _LANG.search(html)
    title = _TITLE.search(html)
    return (f'<!doctype html><html lang="{lang.group(1) if lang else "zh"}"><head><meta charset="utf-8">'
            f"{title.group(0) if title else ''}</head><body>{html[start:end + len('</article>')]}</body></html>")


def pair_text(html: str) -> str:
    """The HTML with the Han text of its text nodes written as overlapping pairs (tags untouched)."""
    parts = _TAG.split(html.replace(SPACE_MARK, ""))
    left, right = _neighbours(parts)
    for i in range(0, len(parts), 2):
        if parts[i]:
            parts[i] = _pair(parts[i], left[i // 2], right[i // 2])
    return "".join(parts)


def _pair(text: str, left: str, right: str) -> str:
    """One text node in pairs; left and right: the kind of character beside it across tags."""
    if "&" in text or ">" in text:
        text = _ANGLES.sub(_escape_angle, text)
    text = _FULL_WIDTH.sub(_half_width, text)
    if not _HAN_RUN.search(text):
        return text
    end = len(text)

    def pairs(match: re.Match) -> str:
        start, stop = match.span()
        run = match.group()
        # A Han neighbour across a tag: the edge character also pairs with it (工会<a>干部 → 会干).
        glued = start == 0 and left == "han"
        if glued:
            run = "\0" + run
        if stop == end and right == "han":
            run += "\0"
            glued = True
        words = " ".join(map(add, run[:-1], run[1:])) if len(run) > 1 else run
        if glued:
            words = words.replace("\0", "")
        # The characters beside a run are never Han (the run is as long as it goes).
        before = text[start - 1] if start else _STAND_IN[left]
        after = text[stop] if stop < end else _STAND_IN[right]
        return _edge(before) + words + _edge(after)
    return _HAN_RUN.sub(pairs, text)


def _edge(beside: str) -> str:
    """What goes between Han and the (non-Han) character beside it: nothing, a mark glued on, or a space."""
    if not beside:
        return ""
    return SPACE_MARK if beside.isspace() else " "


def _half_width(match: re.Match) -> str:
    return chr(ord(match.group(0)) - 0xFEE0)


def _is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u4dbf" or "\u4e00" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _kind(char: str) -> str:
    if _is_han(char):
        return "han"
    if char.isspace():
        return "space"
    return "latin" if char.isascii() and char.isalnum() else "other"


def _neighbours(parts: list[str]) -> tuple[list[str], list[str]]:
    """For each text part, the kind of character just before and just after it across inline tags."""
    joins = _joining_tags(parts)
    n = len(parts) // 2 + 1
    left, right = ["break"] * n, ["break"] * n
    last = "break"
    for i in range(0, len(parts), 2):
        left[i // 2] = last
        if parts[i]:
            last = _kind(parts[i][-1])
        if i + 1 < len(parts) and not joins[i + 1]:
            last = "break"
    last = "break"
    for i in range(len(parts) - 1, -1, -2):
        right[i // 2] = last
        if parts[i]:
            last = _kind(parts[i][0])
        if i >= 1 and not joins[i - 1]:
            last = "break"
    return left, right


def _joining_tags(parts: list[str]) -> dict[int, bool]:
    """Which tags text runs on across: inline tags, unless Pagefind ignores the element."""
    joins: dict[int, bool] = {}
    stack: list[tuple[str, bool]] = []
    for i in range(1, len(parts), 2):
        closing, name, ignored = _tag(parts[i])
        if name not in _INLINE:
            joins[i] = False
        elif closing:  # ends a run if it closes an ignored element
            while stack:
                opened, ignored = stack.pop()
                if opened == name:
                    break
            joins[i] = not ignored
        else:
            if not parts[i].endswith("/>"):
                stack.append((name, ignored))
            joins[i] = not ignored
    return joins


@lru_cache(maxsize=8192)
def _tag(tag: str) -> tuple[bool, str, bool]:
    """A tag's (closing?, lower-case name, ignored by Pagefind?)."""
    match = _TAG_NAME.match(tag)
    if not match:
        return False, "", False
    return bool(match.group(1)), match.group(2).lower(), "data-pagefind-ignore" in tag


def _escape_angle(match: re.Match) -> str:
    return "&amp;lt;" if match.group(0).lower() in ("&lt;", "&#60;", "&#x3c;") else "&amp;gt;"


def _with_pinyin(html: str) -> str:
    def add(match: re.Match) -> str:
        words = name_pinyin(_TAG.sub("", match.group(2)))
        if not words:
            return match.group(0)
        return f'{match.group(0)}<span data-pagefind-weight="7">{PINYIN_MARK}{" ".join(words)}{PINYIN_MARK}</span>'
    return _NAMED.sub(add, html)


@lru_cache(maxsize=4096)
def name_pinyin(name: str) -> tuple[str, ...]:
    """A name's full pinyin and initials, each one word (姚利军 → yaolijun, ylj); () without Han."""
    if not _HAN_RUN.search(name):
        return ()
    # Imported late: its dictionaries take 0.2 s to load, and the build's own process never
    # writes pinyin (the index worker does).
    from pypinyin import Style, lazy_pinyin
    syllables = [s for s in lazy_pinyin(name, style=Style.NORMAL, errors="ignore") if s.isascii() and s.isalpha()]
    if not syllables:
        return ()
    full, initials = "".join(syllables).lower(), "".join(s[0] for s in syllables).lower()
    return (full, initials) if initials != full else (full,)


def han_characters(html: str) -> set[str]:
    """The Han characters of a page, attributes included (what the browser's folding map must cover)."""
    return set(_NOT_HAN.sub("", html))  # twice as fast as testing each distinct character
