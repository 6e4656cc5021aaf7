"""docs/ is checked like stories: everything in it is published under the site's own origin.

Images are checked (and later re-encoded) as photos are; an SVG passes only
through jishi.content.svg's allowlist; Markdown pages go through the body
HTML allowlist; a stylesheet may not fetch from another host; anything a
browser would run (HTML, JavaScript, XML, Flash, WebAssembly …) and any
file of a kind jishi does not know is refused. Dotfiles are not published
by MkDocs and are skipped.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from jishi.content.images import ImageError
from jishi.content.problems import Problem
from jishi.content.svg import SvgError, sanitize_svg

__all__ = ["docs_problems", "docs_files", "PASSIVE_SUFFIXES", "PILLOW_SUFFIXES"]

# Opened by Pillow, so a wrong format gets the photo checks' exact message.
PILLOW_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff", ".ico"})
# Files a browser shows or downloads but never runs.
PASSIVE_SUFFIXES = frozenset({".pdf", ".txt", ".csv", ".json", ".woff", ".woff2", ".ttf", ".otf",
                              ".mp3", ".m4a", ".ogg", ".mp4", ".webm", ".zip", ".docx", ".xlsx", ".pptx"})
_REMOTE_CSS = re.compile(r"@import|url\(\s*['\"]?\s*(?:[a-z][a-z0-9+.-]*:|//|/\\)|expression\s*\(", re.I)


def docs_files(docs_dir: Path) -> list[str]:
    """docs/ files MkDocs publishes (dotfiles and dot-directories left out), relative, POSIX."""
    found = []
    base = os.fspath(docs_dir)
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel_dir = os.path.relpath(folder, base).replace(os.sep, "/")
        for name in sorted(files):
            if not name.startswith("."):
                found.append(name if rel_dir == "." else f"{rel_dir}/{name}")
    return found


def docs_problems(docs_dir: Path, check_image, skip=frozenset(), render=None) -> list[Problem]:
    """A problem for every file in docs/ that may not be published (skip: already reported;
    render: the site's Markdown, text → HTML, for its pages; see sanitize.find_unsafe_html)."""
    if not Path(docs_dir).is_dir():
        return []
    out = []
    for rel in docs_files(docs_dir):
        if rel in skip:
            continue
        path = Path(docs_dir) / rel
        if path.is_symlink() and not path.resolve().is_relative_to(Path(docs_dir).resolve()):
            out.append(Problem(f"docs/{rel}", 0, 0, "", "这个文件是指向 docs/ 之外的链接，会把网站目录外的文件发布出去",
                               "请把文件本身复制进 docs/", code="docs-refused"))
            continue
        reason = _reason(Path(docs_dir), rel, check_image, render)
        if reason:
            out.append(Problem(f"docs/{rel}", 0, 0, "", reason[0], reason[1], code="docs-refused"))
    return out


def _reason(docs_dir: Path, rel: str, check_image, render=None):
    suffix = os.path.splitext(rel)[1].lower()
    path = docs_dir / rel
    try:
        if suffix in PILLOW_SUFFIXES:
            check_image(rel, docs_dir)
            return None
        if suffix == ".svg":
            sanitize_svg(path.read_bytes())
            return None
        if suffix == ".md":
            return _page_reason(path, render)
        if suffix == ".css":
            text = path.read_text(encoding="utf-8", errors="replace")
            return (("样式表会向其他网站请求内容（@import 或外部 url(…)）", "网站不向其他网站请求任何内容；字体和图片请放进 docs/ 用相对路径")
                    if _REMOTE_CSS.search(text) else None)
        if suffix == ".pdf":
            return None if path.read_bytes()[:5] == b"%PDF-" else ("文件扩展名是 .pdf，内容却不是 PDF", "请重新导出 PDF")
        if suffix in PASSIVE_SUFFIXES:
            return None
    except ImageError as exc:
        return exc.message, exc.hint
    except SvgError as exc:
        return exc.message, exc.hint
    except OSError as exc:
        return f"无法读取文件（{exc.strerror}）", ""
    if suffix in (".html", ".htm", ".xhtml", ".shtml", ".js", ".mjs", ".xml", ".xsl", ".xslt", ".swf",
                  ".wasm", ".svgz", ".php", ".jsp", ".asp", ".aspx", ".cgi", ".pl", ".py", ".sh", ".exe"):
        return (f"docs/ 里不能放网页或脚本文件（{suffix}）：它会在本站的网址下运行",
                "页面请写成 Markdown（.md）；脚本不能发布")
    return (f"docs/ 里不认识这种文件（{suffix or '没有扩展名'}），不会发布",
            "可以放：JPEG/PNG/WebP 图片、SVG、PDF、Markdown 页面；其他文件请删掉")


def _page_reason(path: Path, render=None):
    from jishi.content.sanitize import find_unsafe_html  # late: sanitize imports links, which is pure too

    text = path.read_text(encoding="utf-8", errors="replace")
    found = find_unsafe_html(text, render)
    return (found[0].message, found[0].hint) if found else None
