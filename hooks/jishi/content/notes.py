"""Editor's notes that tell the truth: where a quoted passage of a note stands.

Every reason under ``derived:`` and every line under ``mends:`` is shown to
readers as 编辑说明. When such a note quotes a passage (“…”) as its evidence it
must say where that passage stands, and the passage must stand there:

- 本篇 / 正文 / 本文 — this story's own body (图注: a photo's own caption);
- 同版《标题》, or for a testimonial without a title 张涌心声 — that story's body;
- 原文 / 版面 — the source page itself (checked against the source document by
  the tests; jishi cannot see it).

The place that counts for a quote is the last one named before it in the same
clause of the note (after the last ；or 。). A quote that does not stand where
the note says, or that another story prints while the note names no place, is
a warning (``mkdocs build --strict`` stops on it). The check costs one
substring search per quote in the body it names; a quote naming no place that
is not in the story's own text is looked for in the other stories' bodies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from jishi.content.problems import WARNING, Problem

__all__ = ["Quote", "quotes_of", "note_problems", "normalise", "SELF_PLACES", "SOURCE_PLACES"]

SELF_PLACES = ("本篇", "正文", "本文", "图注")  # a photo's caption is its own text
SOURCE_PLACES = ("原文", "版面")
_ELLIPSIS = "…"
_TITLE = re.compile(r"《([^《》]+)》")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Quote:
    """A passage a note quotes, and the place named before it ("" when none)."""

    text: str
    start: int
    place: str  # "self", "source", "《title》" or a story's name, or ""


def normalise(text: str) -> str:
    """Text for comparison: no whitespace, inner ‘’ read as “” (quotes nest by alternating)."""
    return _SPACE.sub("", text).replace("‘", "“").replace("’", "”")


def _quoted(note: str) -> Iterator[tuple[int, str]]:
    """(start, passage) of each outermost “…” in a note; inner “” and ‘’ may nest."""
    depth, start = 0, 0
    for i, ch in enumerate(note):
        if ch == "“":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "”" and depth:
            depth -= 1
            if depth == 0:
                yield start, note[start + 1:i]


def quotes_of(note: str, names: Iterable[str] = ()) -> list[Quote]:
    """The quoted passages of a note, each with the place named last before it.

    names are the ways of naming other stories that count as a place (《标题》,
    张涌心声), besides 本篇/正文/本文 and 原文/版面.
    """
    marks: list[tuple[int, str]] = []
    for word in SELF_PLACES:
        marks += [(m.start(), "self") for m in re.finditer(word, note)]
    for word in SOURCE_PLACES:
        marks += [(m.start(), "source") for m in re.finditer(word, note)]
    for m in _TITLE.finditer(note):
        marks.append((m.start(), m[0]))
    for name in names:
        if not name.startswith("《"):
            marks += [(m.start(), name) for m in re.finditer(re.escape(name), note)]
    marks.sort()
    out = []
    masked = _TITLE.sub(lambda m: "□" * len(m[0]), note)  # a title's own quotes are not quotes
    for start, _ in _quoted(masked):
        text = note[start + 1:start + 1 + len(_)]
        clause = max(masked.rfind("；", 0, start), masked.rfind("。", 0, start))
        before = [place for at, place in marks if clause < at < start]
        out.append(Quote(text, start, before[-1] if before else ""))
    return out


def _pieces(passage: str) -> list[str]:
    """The parts of a quoted passage that must stand verbatim (an ellipsis cuts it)."""
    return [p for p in normalise(passage).split(_ELLIPSIS) if p.strip(_ELLIPSIS)]


def _stands_in(passage: str, body: str) -> bool:
    return all(p in body for p in _pieces(passage))


def story_names(entry) -> list[str]:
    """How a note may name this story: 《标题》, and 张涌心声 for an untitled testimonial."""
    names = []
    if entry.data.get("title"):
        names.append(f"《{entry.data['title']}》")
    speaker = getattr(entry, "speaker", None)
    if entry.kind == "testimonial" and speaker is not None:
        names += [f"{speaker.name}的{entry.kind_label}", f"{speaker.name}{entry.kind_label}"]
    return names


def note_problems(entries: list) -> list[Problem]:
    """A warning for every quoted passage of a note that does not stand where the note says.

    entries are every file read, those with errors too: a note is judged
    against all the stories. While some story has errors, a note naming a
    story that is not found is not blamed (it may name that one, whose title
    is missing or misspelt until it is fixed).
    """
    stories = [e for e in entries if hasattr(e, "speaker")]
    unsure = any(not getattr(s, "valid", True) for s in stories)
    by_name: dict[str, list] = {}  # two stories may share a title
    for story in stories:
        for name in story_names(story):
            by_name.setdefault(name, []).append(story)
    bodies: dict[int, str] = {}

    def body(entry) -> str:
        if id(entry) not in bodies:
            bodies[id(entry)] = normalise(entry.body + "\n" + str(entry.data.get("caption") or ""))
        return bodies[id(entry)]

    problems = []
    for entry in entries:
        for keypath, note in _notes(entry):
            for quote in quotes_of(note, by_name):
                message = _check(entry, quote, by_name, body, unsure)
                if message:
                    line, col = entry.source.position(keypath) if entry.source else (0, 0)
                    problems.append(Problem(entry.path, line, col, keypath[0], message[0], message[1],
                                            WARNING, "note-quote"))
    return problems


def _notes(entry) -> Iterator[tuple[tuple, str]]:
    derived = entry.data.get("derived") or {}
    mends = entry.data.get("mends") or []
    if isinstance(derived, dict):
        for name, reason in derived.items():
            if isinstance(reason, str):
                yield ("derived", name), reason
    if isinstance(mends, list):
        for i, mend in enumerate(mends):
            if isinstance(mend, str):
                yield ("mends", i), mend


def _check(entry, quote: Quote, by_name: dict, body, unsure: bool = False) -> tuple[str, str] | None:
    """(message, hint) when the quote does not stand where its note says; None when it does
    (or when it names no story found while unsure: some story has errors)."""
    if quote.place == "source":
        return None
    if quote.place in ("self", ""):
        if _stands_in(quote.text, body(entry)):
            return None
        where = [s for named in by_name.values() for s in named
                 if s is not entry and _stands_in(quote.text, body(s))]
        hint = (f"这段文字出自{story_names(where[0])[0]}，请写明“同版{story_names(where[0])[0]}”"
                if where else "请写明出处：本篇、同版《标题》或原文版面")
        if quote.place == "":  # a word or name mentioned, unless another story prints it
            return (f"编辑说明引用的“{quote.text}”出自别的稿件，却没有写明出处", hint) if where else None
        return f"编辑说明说“{quote.text}”出自本篇，但本篇正文没有这段文字", hint
    named = by_name.get(quote.place)
    if not named and unsure:
        return None
    if not named:
        return f"编辑说明提到的{quote.place}不是本站的稿件", "请写稿件的标题，如同版《到职工中去》"
    if any(_stands_in(quote.text, body(story)) for story in named):
        return None
    return f"编辑说明说“{quote.text}”出自{quote.place}，但那篇正文没有这段文字", "请核对引文和出处"
