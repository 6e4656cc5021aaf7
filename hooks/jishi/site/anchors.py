"""Stable paragraph anchors: a Python-Markdown extension.

Every paragraph gets an id derived from its own text (``p-`` plus a short
hash), so a link to a paragraph survives edits to any other paragraph;
a running number would shift when a paragraph is inserted above. Identical
paragraphs are told apart by their order among themselves (``-2``, ``-3``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

__all__ = ["ParagraphAnchorExtension", "paragraph_id", "makeExtension"]

PREFIX = "p-"
HASH_CHARS = 6
# Python-Markdown's placeholders for stashed raw HTML carry a running number
# that depends on earlier paragraphs; they must not feed the hash.
_PLACEHOLDER = re.compile("\x02[^\x03]*\x03")
_SPACE = re.compile(r"\s+")


def paragraph_id(text: str) -> str:
    """The anchor of a paragraph with this text, without disambiguation."""
    normal = unicodedata.normalize("NFKC", _PLACEHOLDER.sub("", text))
    normal = _SPACE.sub("", normal)
    digest = hashlib.sha1(normal.encode("utf-8")).hexdigest()
    return PREFIX + digest[:HASH_CHARS]


class ParagraphAnchors(Treeprocessor):
    """Give every <p> without an id a content-derived, unique id."""

    def run(self, root: etree.Element) -> None:
        taken = {el.get("id") for el in root.iter() if el.get("id")}
        for para in root.iter("p"):
            if para.get("id"):
                continue
            base = paragraph_id("".join(para.itertext()))
            anchor, n = base, 1
            while anchor in taken:
                n += 1
                anchor = f"{base}-{n}"
            taken.add(anchor)
            para.set("id", anchor)


class ParagraphAnchorExtension(Extension):
    """Register ParagraphAnchors after attr_list (8), so `{#id}` set by hand wins."""

    def extendMarkdown(self, md) -> None:
        md.treeprocessors.register(ParagraphAnchors(md), "jishi_paragraph_anchors", 6)


def makeExtension(**kwargs) -> ParagraphAnchorExtension:  # noqa: N802 (Markdown's API)
    """Entry point for ``markdown_extensions: [jishi.site.anchors]``."""
    return ParagraphAnchorExtension(**kwargs)
