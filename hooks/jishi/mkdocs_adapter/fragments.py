"""Render page-independent template fragments once per folder, not once per page.

Material draws the whole site navigation (the sidebar and the tabs) on every
page. For a page that is not itself in the navigation, nothing in it depends
on the page except the relative URLs, and those depend only on the folder the
page sits in. With ten thousand stories under stories/, that is one render
instead of ten thousand. Pages in the navigation (whose entry is highlighted)
and pages above a navigation entry are rendered as usual.

The same holds for the theme's header partials (logo, palette, search box)
and for the blocks of Material's base.html that only link assets or write
the theme's settings (styles, scripts, the ``__config`` JSON): the same
bytes for every page of a folder, drawn once per folder.

This module knows Jinja only; it reads ``page.url`` and ``nav.pages`` from the
template context by duck typing, so the core still imports nothing from MkDocs.
"""

from __future__ import annotations

import posixpath

from jinja2 import Environment, TemplateNotFound

from jishi.mkdocs_adapter.internals import BASE_BLOCKS, NAV_FRAGMENTS, PAGE_FREE, wrap_block, wrap_root_render

__all__ = ["cache_blocks", "cache_fragments", "folder_key", "BASE_BLOCKS", "NAV_FRAGMENTS", "PAGE_FREE"]


def cache_fragments(env: Environment, names=NAV_FRAGMENTS, key_of=None) -> list[str]:
    """Make each named template render once per key; returns the names wrapped.

    key_of(context) returns a hashable key, or None to render normally. The
    cache lives in the template objects of env, so a new environment (every
    MkDocs build makes one) starts empty.
    """
    key_of = key_of or folder_key()
    wrapped = []
    for name in names:
        try:
            template = env.get_template(name)
        except TemplateNotFound:
            continue
        if wrap_root_render(template, lambda render: _render_once_per_key(render, key_of)):
            wrapped.append(name)
    return wrapped


def cache_blocks(env: Environment, name: str = "base.html", blocks=BASE_BLOCKS, key_of=None) -> list[str]:
    """Make the named blocks of one template render once per key; returns the blocks wrapped.

    A child template that overrides a block is unaffected (its own block
    renders; the cached one only where it calls super()).
    """
    key_of = key_of or folder_key()
    try:
        template = env.get_template(name)
    except TemplateNotFound:
        return []
    return [b for b in blocks if wrap_block(template, b, lambda render: _render_once_per_key(render, key_of))]


def _render_once_per_key(render, key_of):
    cache: dict = {}

    def root_render_func(context):
        key = key_of(context)
        if key is None:
            yield from render(context)
            return
        html = cache.get(key)
        if html is None:
            html = cache[key] = "".join(render(context))
        yield html

    return root_render_func


def folder_key():
    """A key function: the parent folder of a page outside the navigation.

    Two pages outside the navigation, in the same folder (stories/a/ and
    stories/b/), see every navigation link through the same relative URL,
    provided no navigation entry lies below the page itself.
    """
    memo: dict = {}

    def key_of(context):
        page, nav = context.get("page"), context.get("nav")
        url = getattr(page, "url", None)
        if url is None or nav is None:
            return None
        if memo.get("nav") is not nav:
            memo["nav"], memo["urls"] = nav, [p.url for p in getattr(nav, "pages", [])]
        folder = _folder(url)
        if url in memo["urls"] or any(u == folder or u.startswith(folder + "/") for u in memo["urls"]):
            return None
        return posixpath.dirname(folder)

    return key_of


def _folder(url: str) -> str:
    # As mkdocs.utils.get_relative_url: a last part with a dot is a file name.
    head, _, tail = url.rpartition("/")
    folder = head if "." in tail else url
    return folder.strip("/")
