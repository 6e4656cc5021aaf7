"""MkDocs adapter for `mkdocs serve`: rebuilds that render only what a save changed.

MkDocs 1.6 offers no option for this short of `mkdocs serve --dirty`, so the
serve command's builder is replaced by a "dirty" build (the site folder is
kept) and unchanged generated files are marked as not modified. Which pages a
save can change is decided by the core (jishi.site.incremental); when in doubt,
everything is rendered into an emptied folder.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build

from jishi.site.incremental import affected_pages, clear_output
from jishi.search.index import BUNDLE_DIR

__all__ = ["dirty_rebuilds", "quiet_dirty_warning", "skip_unchanged"]

log = logging.getLogger("jishi.preview")


def dirty_rebuilds(builder):
    """The serve command's builder, as a dirty build that keeps the site folder; None if unsure.

    The config loader and URL are read from the builder's closure; any other
    shape (or `--clean`) keeps MkDocs' own full rebuilds.
    """
    code, cells = getattr(builder, "__code__", None), getattr(builder, "__closure__", None) or ()
    names = dict(zip(code.co_freevars, cells)) if code is not None else {}
    try:
        get_config, serve_url, clean = (names[n].cell_contents for n in ("get_config", "serve_url", "is_clean"))
    except (KeyError, ValueError):
        return None
    if clean or not callable(get_config):
        return None

    def rebuild(config=None):
        if config is None:
            config = get_config()
            config.site_url = serve_url
        mkdocs_build(config, serve_url=serve_url, dirty=True)

    return rebuild


def quiet_dirty_warning(record) -> bool:
    """A logging filter: MkDocs warns on every dirty build, which strict mode would count as a failure."""
    return not record.getMessage().startswith("A 'dirty' build")


def skip_unchanged(files, site_dir: Path, last, site, pages, inputs, digests: dict) -> set[str] | None:
    """Mark generated files this rebuild need not write again; clear the site folder if unsure.

    last is (site, inputs, digests) of the last complete build, or None.
    Returns the src_uris of the pages to render, or None when all are.
    """
    affected = affected_pages(last[0], site, pages) if last is not None and last[1] == inputs else None
    if affected is None:
        clear_output(site_dir, keep=(BUNDLE_DIR, "."))  # the search bundle until replaced
        return None
    planned, before = {p.src_uri for p in pages}, last[2]
    for file in files:
        uri = file.src_uri
        if uri in digests and before.get(uri) == digests[uri] and (uri not in planned or uri not in affected):
            file.is_modified = _unmodified
    log.debug(f"{len(affected)} of {len(planned)} pages to render")
    return affected


def _unmodified() -> bool:
    return False
