"""Quoting a story's own words on other pages, exactly as printed.

The home page explains the campaign with the lead story's words: its first
paragraph and the terms it defines in brackets, such as
“六同”(同吃、同住、同劳动、同学习、同活动、同成长). Everything returned here is
an exact substring of the story's body, so nothing is retyped or invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["GlossedTerm", "glossed_terms", "first_paragraph"]

# A short quoted term followed at once by its explanation in ASCII or
# full-width brackets: “六同”(同吃、同住…).
_GLOSSED = re.compile(r"“(?P<term>[^“”\s]{1,12})”[(（](?P<gloss>[^()（）]{1,200})[)）]")


@dataclass(frozen=True)
class GlossedTerm:
    """A term the text explains: the term, its explanation, and the parts of it."""

    term: str
    gloss: str
    quote: str  # the exact printed substring, quotes and brackets included

    @property
    def parts(self) -> list[str]:
        """The explanation split at the Chinese enumeration comma 、."""
        return [p for p in self.gloss.split("、") if p]


def glossed_terms(text: str) -> list[GlossedTerm]:
    """Every “term”(explanation) in text, in order, each term once."""
    found, seen = [], set()
    for match in _GLOSSED.finditer(text or ""):
        if match["term"] in seen:
            continue
        seen.add(match["term"])
        found.append(GlossedTerm(match["term"], match["gloss"], match.group(0)))
    return found


def first_paragraph(text: str) -> str:
    """The first non-empty paragraph of a Markdown body, whitespace-trimmed."""
    for block in re.split(r"\n\s*\n", text or ""):
        if block.strip():
            return " ".join(line.strip() for line in block.strip().splitlines())
    return ""
