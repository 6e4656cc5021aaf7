"""MkDocs adapter: nav entries for pages with nothing in them are left out.

A site's nav (written by `jishi init`, or by hand) may name every kind and
list; one a site does not use (yet) would lead readers to a page saying
暂无稿件. The pages stay (a published URL keeps working); only the nav, and
the previous/next links MkDocs derives from it, skip them.

Reaches into mkdocs.structure.nav: Navigation.items/.pages, Section.children,
Page.previous_page/.next_page (MkDocs 1.6; ProperDocs keeps them).
"""

from __future__ import annotations

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

__all__ = ["drop_from_nav"]


def drop_from_nav(nav: Navigation, src_uris: set[str]) -> Navigation:
    """nav without the pages of src_uris, and without sections left empty."""
    if not src_uris:
        return nav
    nav.items = _kept(nav.items, src_uris)
    nav.pages = [p for p in nav.pages if p.file.src_uri not in src_uris]
    for i, page in enumerate(nav.pages):
        page.previous_page = nav.pages[i - 1] if i else None
        page.next_page = nav.pages[i + 1] if i + 1 < len(nav.pages) else None
    return nav


def _kept(items: list, src_uris: set[str]) -> list:
    kept = []
    for item in items:
        if isinstance(item, Page) and item.file.src_uri in src_uris:
            continue
        if isinstance(item, Section):
            item.children = _kept(item.children, src_uris)
            if not item.children:
                continue
        kept.append(item)
    return kept
