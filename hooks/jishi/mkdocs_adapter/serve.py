"""MkDocs adapter for `mkdocs serve`: rebuilds that render only what a save changed.

MkDocs 1.6 offers no option for this short of `mkdocs serve --dirty`, so the
serve command's builder is replaced by a "dirty" build (the site folder is
kept) and unchanged generated files are marked as not modified (both through
jishi.mkdocs_adapter.internals). Which pages a
save can change is decided by the core (jishi.site.incremental); when in doubt,
everything is rendered into an emptied folder.
"""

from __future__ import annotations

import logging
from pathlib import Path

from jishi.mkdocs_adapter.internals import mark_unmodified
from jishi.search.index import BUNDLE_DIR
from jishi.site.incremental import affected_pages, clear_output

__all__ = ["skip_unchanged"]

log = logging.getLogger("jishi.preview")


def skip_unchanged(files, site_dir: Path, last, this) -> set[str] | None:
    """Mark generated files this rebuild need not write again; clear the site folder if unsure.

    last and this are Rendered records of the last complete build (or None) and of this one.
    Returns the src_uris of the pages to render, or None when all are.
    """
    affected = None
    if last is not None and last.inputs == this.inputs:
        affected = affected_pages(last.site, this.site, this.pages, last.images, this.images)
    if affected is None:
        clear_output(site_dir, keep=(BUNDLE_DIR, "."))  # the search bundle until replaced
        return None
    planned, before, digests = {p.src_uri for p in this.pages}, last.digests, this.digests
    for file in files:
        uri = file.src_uri
        if uri in digests and before.get(uri) == digests[uri] and (uri not in planned or uri not in affected):
            mark_unmodified(file)
    log.debug(f"{len(affected)} of {len(planned)} pages to render")
    return affected
