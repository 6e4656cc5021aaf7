"""`site.incremental` knows every page that shows a story: a preview or `jishi build` rebuild renders them all.

incremental._listed_on (the pages listing a story) and _links (the stories a
story page links) must mirror the templates: a template that starts listing
stories somewhere new must be taught there too, or a rebuild after an edit of
that story keeps the old title on that page. Here every link to a story page in
the real site's built pages must come from a page the rebuild would render.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from support import ROOT
from jishi.content.load import load_site
from jishi.site.check import plan_site
from jishi.site.incremental import ALWAYS, _links, _listed_on

HREF = re.compile(r'href="([^"#]+)')


def _url(src_uri: str) -> str:
    path = src_uri[: -len(".md")]
    path = path[: -len("index")] if path == "index" or path.endswith("/index") else path + "/"
    return "/" + path


def _dest(src_uri: str) -> str:
    url = _url(src_uri).lstrip("/")
    return url + "index.html"


def _rendered_again(site, story) -> set[tuple]:
    """The refs a rebuild renders when story changes (as incremental.affected_pages gathers them)."""
    refs = set(ALWAYS) | _listed_on(story)
    for other in site.stories:
        label, owner, prev, nxt, related = _links(site, other.slug)
        if story.slug in (prev, nxt, *related):
            refs.add(("story", other.slug))
    return refs


def test_every_page_linking_a_story_is_one_a_rebuild_renders(built_site):
    site, _ = load_site(ROOT)
    pages = plan_site(site, "x")
    story_url = {_url(p.src_uri): p.ref[1] for p in pages if p.ref[0] == "story" and p.template != "jishi/redirect.html"}
    missed = []
    for page in pages:
        if page.template == "jishi/redirect.html":
            continue
        html = (built_site / _dest(page.src_uri)).read_text(encoding="utf-8")
        linked = {urlsplit(urljoin(_url(page.src_uri), href)).path for href in HREF.findall(html)}
        for url in sorted(linked & set(story_url)):
            slug = story_url[url]
            if tuple(page.ref) != ("story", slug) and tuple(page.ref) not in _rendered_again(site, site.by_slug[slug]):
                missed.append((page.src_uri, slug))
    assert len(story_url) > 10
    assert missed == [], "pages that link a story which site.incremental does not render again when it changes"
