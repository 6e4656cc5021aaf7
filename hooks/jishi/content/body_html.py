"""A body's Markdown rendered once per check: the allowlist and the link list both read that HTML.

The check renders each body with the Markdown extensions the site's build
will use (a `BodyRenderer`: mkdocs.yml's `markdown_extensions` and their
options, MkDocs' own defaults and jishi's, handed in by jishi.site.check);
the HTML allowlist (jishi.content.sanitize) and the body's links and images
(jishi.content.links, kept on the source as `SourceFile.links`) come from
that one HTML, so MkDocs' render of the page is the second and last one. A
body with nothing either could find (no tag, attribute list, URL, entity or
link syntax) is not rendered at all.
"""

from __future__ import annotations

import importlib
import importlib.util
import threading

import markdown

from jishi.content.links import locate_links
from jishi.content.problems import Problem
from jishi.content.sanitize import MARKDOWN_EXTENSIONS, Inventory, find_unsafe_in_html, locate_findings

__all__ = ["BodyRenderer", "DEFAULT_RENDERER", "check_body"]

_UNSAFE_MARKS = "<{:&"  # a tag, an attribute list, a URL or an entity: what the allowlist can refuse
_LINK_MARKS = ("](", "<", "]:", "][")  # what can make a link or an image


class BodyRenderer:
    """Python-Markdown with one site's extensions, one instance per thread, reset between bodies.

    extensions: names or Extension objects, as MkDocs' `markdown_extensions`;
    configs: their options by name (MkDocs' `mdx_configs`). `key` tells two
    renderers apart for the source cache (equal keys render alike).
    """

    def __init__(self, extensions=MARKDOWN_EXTENSIONS, configs: dict | None = None):
        self.extensions = list(extensions)
        self.configs = dict(configs or {})
        names = [e if isinstance(e, str) else f"{type(e).__module__}.{type(e).__qualname__}"
                 for e in self.extensions]
        self.key = (tuple(names), repr(sorted(self.configs.items(), key=lambda kv: kv[0])))
        self._local = threading.local()

    def markdown(self) -> markdown.Markdown:
        """This thread's instance (made on first use: raises if an extension cannot be loaded)."""
        md = getattr(self._local, "md", None)
        if md is None:
            extensions = [_extension(e, self.configs) for e in self.extensions]
            md = self._local.md = markdown.Markdown(extensions=extensions, extension_configs=self.configs)
        return md

    def html(self, text: str) -> str:
        """text rendered as the site's build renders it (MkDocs' link rewriting aside)."""
        md = self.markdown()
        try:
            return md.reset().convert(text)
        except Exception:
            self._local.md = None  # a half-converted instance is not reused
            raise


def _extension(name, configs: dict):
    """An extension named by module (``toc``, ``pymdownx.superfences``, ``module:Class``) made from its
    module, as Python-Markdown would; a short name that is not one of Markdown's own stays a name.

    Python-Markdown looks every name up among the installed packages' entry points first, which
    reads every package's metadata (~50 ms for `jishi check`); MkDocs' build pays that anyway.
    """
    if not isinstance(name, str):
        return name
    module_name, _, class_name = name.partition(":")
    if "." not in module_name:
        if importlib.util.find_spec(f"markdown.extensions.{module_name}") is None:
            return name  # a third-party extension known by its entry point's name
        module_name = f"markdown.extensions.{module_name}"
    module = importlib.import_module(module_name)
    options = dict(configs.get(name) or {})
    return getattr(module, class_name)(**options) if class_name else module.makeExtension(**options)


DEFAULT_RENDERER = BodyRenderer()  # loads outside a site's check (load_texts, tests)


def check_body(source, renderer: BodyRenderer = DEFAULT_RENDERER) -> list[Problem]:
    """The allowlist's problems for source's body, from one render that also sets source.links."""
    body = source.body
    unsafe = any(c in body for c in _UNSAFE_MARKS)
    if not unsafe and not any(m in body for m in _LINK_MARKS):
        source.links = []
        return []
    inventory = Inventory(renderer.html(body))
    source.links = locate_links(source, inventory.urls)
    return locate_findings(source, find_unsafe_in_html(inventory)) if unsafe else []
