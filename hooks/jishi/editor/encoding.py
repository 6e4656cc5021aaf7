"""Re-saving GBK/GB18030 stories as UTF-8, losing nothing.

Windows editors often save Chinese text as GBK (its ANSI code page). jishi
reads only UTF-8, so such a file is an error; ``jishi check --fix-encoding``
converts it after checking that decoding and re-encoding gives back exactly
the same bytes, so no character can be lost or changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jishi.content.loader import looks_like_gb18030

__all__ = ["EncodingChange", "find_gb18030_files", "fix_encoding", "is_gb18030"]


@dataclass
class EncodingChange:
    """What fix_encoding did to one file."""

    path: Path
    chars: int
    preview: list[str]


def is_gb18030(raw: bytes) -> bool:
    """True for text that is not UTF-8 but is GB18030 with Chinese in it."""
    try:
        raw.decode("utf-8")
        return False
    except UnicodeDecodeError:
        return looks_like_gb18030(raw)


def find_gb18030_files(stories_dir: Path) -> list[Path]:
    """Every Markdown file under stories_dir saved as GBK/GB18030."""
    return sorted(p for p in Path(stories_dir).rglob("*.md") if p.is_file() and is_gb18030(p.read_bytes()))


def fix_encoding(path: Path) -> EncodingChange:
    """Re-save one GB18030 file as UTF-8, byte-exact otherwise (line ends kept)."""
    raw = path.read_bytes()
    text = raw.decode("gb18030")
    if text.encode("gb18030") != raw:  # pragma: no cover - GB18030 round-trips all of Unicode
        raise ValueError(f"{path}: GB18030 round trip is not exact; not converting")
    path.write_bytes(text.encode("utf-8"))
    preview = [line for line in text.splitlines() if line.strip() and line.strip() != "---"][:3]
    return EncodingChange(path, len(text), preview)
