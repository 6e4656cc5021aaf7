"""Grouping a page's classified lines into blocks: articles, testimonials, labelled blocks, photos.

A title and its byline open an article; a byline without a title opens a
testimonial; a label ("数字：") opens a labelled block; a caption is a photo;
a column heading sets the column of everything after it, until the next.
Prose belongs to the block it follows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jishi.editor.importing.page import Unit

__all__ = ["Para", "Block", "group_blocks"]


@dataclass(eq=False)
class Para:
    """A paragraph of a block: its text and the lines it was made of."""

    parts: list[Unit]

    @property
    def text(self) -> str:
        return "".join(u.text for u in self.parts)

    @property
    def line(self) -> int:
        return self.parts[0].line


@dataclass(eq=False)
class Block:
    """A piece of the page: its kind, its head lines, its paragraphs, its column."""

    kind: str  # article | testimonial | label | photo | orphan
    head: list[Unit]
    paras: list[Para] = field(default_factory=list)
    column: Unit | None = None
    mends: list[str] = field(default_factory=list)
    column_unsure: str = ""  # why the column is a guess, if it is
    gave_away: bool = False  # a continuation printed inside it was moved to another block
    printings: list[int] = field(default_factory=list)  # first lines of every printing, if printed twice

    @property
    def line(self) -> int:
        return (self.head or [p.parts[0] for p in self.paras])[0].line

    def signature(self) -> tuple:
        """What two printings of the same block share."""
        return (self.kind, tuple(u.text for u in self.head), tuple(p.text for p in self.paras))


def group_blocks(units: list[Unit]) -> tuple[list[Block], list[Unit]]:
    """The page's blocks in page order, and the column headings (in order)."""
    blocks: list[Block] = []
    headings: list[Unit] = []
    column = None
    current: Block | None = None
    for unit in units:
        role = unit.role
        if role in ("furniture", "banner"):
            continue
        if role == "heading":
            column, current = unit, None
            headings.append(unit)
        elif role == "title":
            current = _open(blocks, "article", unit, column)
        elif role in ("byline", "teamline") and current is not None and current.kind == "article" \
                and len(current.head) == 1 and not current.paras:
            current.head.append(unit)
        elif role == "byline":
            current = _open(blocks, "testimonial", unit, column)
        elif role == "label":
            current = _open(blocks, "label", unit, column)
        elif role == "caption":
            _open(blocks, "photo", unit, None)
        elif role == "voice" and current is not None and current.kind == "label":
            current.paras.append(Para([unit]))
        else:
            if current is None or current.kind == "photo":
                current = _open(blocks, "orphan", None, column)
            current.paras.append(Para([unit]))
    return blocks, headings


def _open(blocks: list[Block], kind: str, head: Unit | None, column: Unit | None) -> Block:
    block = Block(kind, [head] if head else [], column=column)
    blocks.append(block)
    return block
