"""The body's live preview: rendered as the check renders it, cleaned by the site's allowlist."""

from __future__ import annotations

from jishi.content.body_html import DEFAULT_RENDERER, BodyRenderer
from jishi.content.sanitize import clean_html

__all__ = ["render_body"]


def render_body(body: str, renderer: BodyRenderer = DEFAULT_RENDERER) -> str:
    """HTML of a body as typed, with the site's Markdown (jishi.site.check.site_markdown);
    anything the allowlist refuses is left out of the preview only."""
    return clean_html(renderer.html(body[:500_000]))
