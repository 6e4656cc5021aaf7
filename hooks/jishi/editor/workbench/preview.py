"""The body's live preview: rendered as the check renders it, cleaned by the site's allowlist."""

from __future__ import annotations

import markdown
import nh3

from jishi.content.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, MARKDOWN_EXTENSIONS, URL_SCHEMES

__all__ = ["render_body"]


def render_body(body: str) -> str:
    """HTML of a body as typed; anything the allowlist refuses is left out of the preview only."""
    html = markdown.markdown(body[:500_000], extensions=MARKDOWN_EXTENSIONS)
    return nh3.clean(html, tags=set(ALLOWED_TAGS), attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
                     url_schemes=set(URL_SCHEMES))
