"""The search index: Pagefind over the built site, one word per Han character.

Pagefind reads the HTML MkDocs wrote, indexes only elements marked
``data-pagefind-body`` (the <article> of story and entity pages), and writes
its bundle (index chunks, fragments, filters, the search API) into
``<site>/pagefind/``. The browser then downloads only the chunks a query
needs. The header search is jishi's own small UI over ``pagefind.js``
(assets/search.js), so Pagefind's prebuilt UIs are deleted from the bundle:
nothing links them, and nobody should have to deploy them.

Chinese has no spaces, so words must be cut somewhere, and Pagefind cuts them
differently on the two sides: its indexer uses a dictionary segmenter
(charabia), the browser cuts the query with Intl.Segmenter (ICU). They
disagree on names and rare words: 裕大华 is indexed as 裕|大华 but queried as
裕|大|华, and 华 starts no indexed word, so the page is not found. We make
both sides agree on the one cut that never surprises a reader: each Han
character is a word. The HTML handed to Pagefind (never the served HTML) has
an invisible U+200B between adjacent Han characters; the browser side
(assets/search.js) spaces the query's characters the same way. A query then
finds every page holding all its characters, and Pagefind's ranking (title
and name weights, term rarity) puts the pages that use the word first.

Drafts never reach the built HTML (the model has no draft pages), and the old
bundle is removed before each run, so no fragment of an earlier build, such as
a story since marked ``draft: true``, survives in ``site/``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from pagefind.service import get_executable

__all__ = ["BUNDLE_DIR", "UNUSED", "SearchIndexError", "SearchIndexStats", "build_search_index", "run_pagefind",
           "split_han", "scratch_page"]

BUNDLE_DIR = "pagefind"
WORD_BREAK = "\u200b"  # zero-width space: a word boundary for Pagefind, invisible in excerpts
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_BETWEEN_HAN = re.compile(f"(?<=[{_HAN}])(?=[{_HAN}])")
_TAG = re.compile(r"(<[^>]*>)")
_ANGLES = re.compile(r"&lt;|&gt;|&#60;|&#62;|&#x3[cCeE];|>")
# Pagefind's prebuilt UIs and its highlighter, which jishi does not use.
UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")


class SearchIndexError(Exception):
    """Pagefind could not build the index; the message is for editors (Chinese)."""


@dataclass(frozen=True)
class SearchIndexStats:
    """What one indexing run did."""

    pages: int
    seconds: float
    bundle: Path


def build_search_index(site_dir: Path, language: str = "zh") -> SearchIndexStats:
    """Index the built site in ``site_dir`` and write the bundle to ``site_dir/pagefind``.

    ``language`` forces one index for the whole site, whatever ``lang`` a
    page declares; with ``zh`` the browser treats every query as Chinese.
    """
    site_dir = Path(site_dir).resolve()
    bundle = site_dir / BUNDLE_DIR
    if not site_dir.is_dir():
        raise SearchIndexError(f"{site_dir}: 网站目录不存在，无法建立搜索索引")
    shutil.rmtree(bundle, ignore_errors=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="jishi-search-") as scratch:
        pages = _write_pages(site_dir, Path(scratch))
        home = site_dir / "index.html"
        if pages == 0 and home.is_file():  # nothing published yet: the home page alone, so search still loads
            html = home.read_text(encoding="utf-8")
            (Path(scratch) / "index.html").write_text(split_han(html.replace("<body", "<body data-pagefind-body", 1)),
                                                     encoding="utf-8")
        run_pagefind(Path(scratch), bundle, language)
    return SearchIndexStats(pages=pages, seconds=time.perf_counter() - started, bundle=bundle)


_LANG = re.compile(r'<html[^>]*\blang="([^"]*)"')
_TITLE = re.compile(r"<title>.*?</title>", re.S)


def split_han(html: str) -> str:
    """The HTML with a word break between adjacent Han characters of its text (tags untouched).

    Angle brackets in the text are escaped once more: Pagefind stores text
    decoded, so an editor's ``&lt;script&gt;`` would otherwise sit in the
    index as ``<script>``; the browser side decodes them for display.
    """
    parts = _TAG.split(html)
    parts[::2] = [_BETWEEN_HAN.sub(WORD_BREAK, _ANGLES.sub(_escape_angle, text)) for text in parts[::2]]
    return "".join(parts)


def _escape_angle(match: re.Match) -> str:
    return "&amp;lt;" if match.group(0).lower() in ("&lt;", "&#60;", "&#x3c;") else "&amp;gt;"


def _write_pages(site_dir: Path, scratch: Path) -> int:
    """Copy every page with content to index into scratch, Han characters split; count them."""
    count = 0
    for path in site_dir.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        if "data-pagefind-body" not in html:
            continue
        target = scratch / path.relative_to(site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(scratch_page(html), encoding="utf-8")
        count += 1
    return count


def scratch_page(html: str) -> str:
    """What Pagefind is given for a built page: its indexed part, Han characters split."""
    return split_han(indexed_part(html))


def indexed_part(html: str) -> str:
    """The page cut down to what Pagefind reads: its language, title and the indexed article.

    Every data-pagefind-* attribute sits inside that article, so the theme's
    header, navigation and scripts (most of each page's bytes) are left out
    of the scratch copy; Pagefind parses a third as much. A page whose
    article holds another <article> is kept whole.
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


def run_pagefind(scratch: Path, bundle: Path, language: str, *, started=None, niceness: int = 0) -> None:
    """Run Pagefind over the pages in scratch, writing the bundle to bundle (its prebuilt UIs removed).

    started(process) is called once Pagefind runs (to stop it from elsewhere);
    niceness lowers its CPU priority. Raises SearchIndexError on failure.
    """
    # The binary the pagefind package ships, run once over the scratch copy.
    # (pagefind.index.PagefindIndex drives the same binary, but its reply
    # loop sleeps 0.1 s per message and writing the bundle through it took
    # twice as long as this.)
    executable = get_executable()
    if executable is None:
        raise SearchIndexError("找不到 Pagefind 程序；请安装 pagefind[extended]")
    command = [str(executable), "--site", str(scratch), "--output-path", str(bundle),
               "--force-language", language, "--silent"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if started is not None:
        started(process)
    if niceness:
        try:
            os.setpriority(os.PRIO_PROCESS, process.pid, niceness)
        except OSError:
            pass
    out, err = process.communicate()
    if process.returncode != 0:
        detail = (err or out).strip().splitlines()[-5:]
        raise SearchIndexError("建立搜索索引失败（Pagefind）：" + " / ".join(detail))
    for pattern in UNUSED:
        for path in bundle.glob(pattern):
            path.unlink()
