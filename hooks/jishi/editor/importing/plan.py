"""What an import will do: the files to write and where every input character went.

A `Draft` is one file to write (a story or an entity). `Piece` records that
one stretch of one input line went into a field of a draft, or into the
report (a dropped duplicate, page furniture). `ImportPlan` holds both, with
the recognitions, joins and uncertain places the report lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Draft", "Piece", "ImportPlan", "Note"]


@dataclass(eq=False)
class Draft:
    """One file to write: kind, front-matter fields in order, body, repairs and reasons."""

    kind: str
    fields: dict = field(default_factory=dict)
    body: str = ""
    mends: list[str] = field(default_factory=list)
    derived: dict = field(default_factory=dict)
    slug: str = ""
    path: Path | None = None
    status: str = "new"  # new | exists (already imported) | linked (an existing entity)
    source: str = ""  # "file:line" where it was found, for the report

    @property
    def label(self) -> str:
        """The name or title a reader knows the file by."""
        f = self.fields
        return str(f.get("title") or f.get("caption") or f.get("name") or f.get("_name") or self.slug)


@dataclass
class Piece:
    """A stretch of input text and where it went.

    target is the Draft holding it (field names the field: "body", "title",
    "items.2.text" …) or None when the report lists it (field is then
    "duplicate" or "furniture", and note says why).
    """

    source: str
    line: int
    col: int
    text: str
    target: Draft | None
    field: str
    note: str = ""


@dataclass
class Note:
    """One line of the report about a place in the input."""

    source: str
    line: int
    text: str


@dataclass
class ImportPlan:
    """Everything one import found and will write."""

    drafts: list[Draft] = field(default_factory=list)
    pieces: list[Piece] = field(default_factory=list)
    recognised: list[Note] = field(default_factory=list)
    joins: list[Note] = field(default_factory=list)
    duplicates: list[Note] = field(default_factory=list)
    furniture: list[Note] = field(default_factory=list)
    uncertain: list[Note] = field(default_factory=list)
    encodings: list[Note] = field(default_factory=list)
    images: list[tuple[bytes, Draft, str]] = field(default_factory=list)  # (data, photo draft, docs path)

    def add(self, draft: Draft) -> Draft:
        """Add a draft and return it."""
        self.drafts.append(draft)
        return draft

    def account(self, source: str, line: int, col: int, text: str, target: Draft | None, field_name: str,
                note: str = "") -> None:
        """Record where a stretch of input went."""
        if text:
            self.pieces.append(Piece(source, line, col, text, target, field_name, note))
