"""The search index: Pagefind over the built site, Han text as overlapping character pairs.

Pagefind reads the HTML MkDocs wrote, indexes only elements marked
``data-pagefind-body`` (the <article> of story and entity pages), and writes
its bundle (index chunks, fragments, filters, the search API) into
``<site>/pagefind/``. The browser then downloads only the chunks a query
needs. The header search is jishi's own small UI over ``pagefind.js``
(assets/search.js), so Pagefind's prebuilt UIs are deleted from the bundle:
nothing links them, and nobody should have to deploy them.

What Pagefind is given of each page (Han text written as pairs, names also in
pinyin) is jishi.search.text's business; what is done to the bundle after
Pagefind wrote it (reproducible file names, the traditional → simplified map
the browser folds queries with) is jishi.search.bundle's.

Drafts never reach the built HTML (the model has no draft pages), and the old
bundle is removed before each run, so no fragment of an earlier build, such as
a story since marked ``draft: true``, survives in ``site/``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from pagefind.service import get_executable

from jishi.search.bundle import UNUSED
from jishi.search.finish import finish_bundle
from jishi.search.text import INDEX_LANGUAGE, han_characters, indexed_html, pair_text

__all__ = ["BUNDLE_DIR", "UNUSED", "home_alone", "SearchIndexError", "SearchIndexStats", "build_search_index", "pagefind_executable",
           "run_pagefind",
           "scratch_page"]

BUNDLE_DIR = "pagefind"


class SearchIndexError(Exception):
    """Pagefind could not build the index; the message is for editors (Chinese)."""


@dataclass(frozen=True)
class SearchIndexStats:
    """What one indexing run did."""

    pages: int
    seconds: float
    bundle: Path


def build_search_index(site_dir: Path, language: str = INDEX_LANGUAGE) -> SearchIndexStats:
    """Index the built site in ``site_dir`` and write the bundle to ``site_dir/pagefind``.

    ``language`` forces one index for the whole site, whatever ``lang`` a
    page declares; it must be one Pagefind does not segment (see jishi.search.text).
    """
    site_dir = Path(site_dir).resolve()
    bundle = site_dir / BUNDLE_DIR
    if not site_dir.is_dir():
        raise SearchIndexError(f"{site_dir}: 网站目录不存在，无法建立搜索索引")
    shutil.rmtree(bundle, ignore_errors=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="jishi-search-") as scratch:
        characters: set[str] = set()
        pages = _write_pages(site_dir, Path(scratch), characters)
        if pages == 0:
            home_alone(site_dir, Path(scratch))
        run_pagefind(Path(scratch), bundle, language)
    finish_bundle(bundle, characters)
    return SearchIndexStats(pages=pages, seconds=time.perf_counter() - started, bundle=bundle)


def home_alone(site_dir: Path, scratch: Path) -> None:
    """Nothing published yet: the home page alone goes to Pagefind (it refuses no page at all), so search still loads."""
    home = Path(site_dir) / "index.html"
    if home.is_file():
        html = home.read_text(encoding="utf-8")
        (Path(scratch) / "index.html").write_text(pair_text(html.replace("<body", "<body data-pagefind-body", 1)),
                                                 encoding="utf-8")


def _write_pages(site_dir: Path, scratch: Path, characters: set[str]) -> int:
    """Copy every page with content to index into scratch as Pagefind reads it; count them.

    The Han characters of the copies are added to ``characters``.
    """
    count = 0
    for path in site_dir.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        if "data-pagefind-body" not in html:
            continue
        target = scratch / path.relative_to(site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        copy = scratch_page(html)
        characters |= han_characters(copy)
        target.write_text(copy, encoding="utf-8")
        count += 1
    return count


def scratch_page(html: str) -> str:
    """What Pagefind is given for a built page (see jishi.search.text)."""
    return indexed_html(html)


def pagefind_executable() -> Path:
    """The Pagefind binary the pagefind package ships; SearchIndexError (Chinese) when it is missing."""
    executable = get_executable()
    if executable is None:
        raise SearchIndexError("找不到 Pagefind 程序；请安装 pagefind[extended]")
    return executable


def run_pagefind(scratch: Path, bundle: Path, language: str, *, started=None, niceness: int = 0) -> None:
    """Run Pagefind over the pages in scratch, writing the bundle to bundle.

    The caller then finishes the bundle (jishi.search.finish.finish_bundle:
    prebuilt UIs out, reproducible names, the folding map).

    started(process) is called once Pagefind runs (to stop it from elsewhere);
    niceness lowers its CPU priority. Raises SearchIndexError on failure.
    """
    # The binary the pagefind package ships, run once over the scratch copy.
    # (pagefind.index.PagefindIndex drives the same binary, but its reply
    # loop sleeps 0.1 s per message and writing the bundle through it took
    # twice as long as this.)
    executable = pagefind_executable()
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
