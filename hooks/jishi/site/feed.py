"""The Atom feed of stories at /feed.xml: newest first, drafts never.

Stories often carry only a year ("2017") or a month ("2017-06"). Atom
requires an ``updated`` instant on every entry, so jishi writes the start of
the printed period there (midnight, Beijing time) as a sort key, and writes
``published`` only for a full date, the one case where the source gave a day.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from jishi.content.model import Site, Story
from jishi.site.share import absolute_url

__all__ = ["FEED_PATH", "render_feed", "feed_dates"]

FEED_PATH = "feed.xml"
TEMPLATES = Path(__file__).parent / "templates"
_TZ = "+08:00"


def feed_dates(story: Story) -> tuple[str, str]:
    """(updated, published) as RFC 3339; published is "" unless the date is full."""
    date = story.date
    parts = date.split("-") + ["01"] * (3 - len(date.split("-")))
    updated = "-".join(parts) + "T00:00:00" + _TZ
    return updated, updated if len(date) == 10 else ""


def render_feed(site: Site, site_url: str, site_name: str, description: str = "") -> str:
    """The Atom document for every published story, newest first."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    entries = []
    for story in site.latest:
        updated, published = feed_dates(story)
        by = story.byline_person or story.author_team
        entries.append({"story": story, "url": absolute_url(site_url, story.url),
                        "updated": updated, "published": published,
                        "author": by.title if by else ""})
    return env.get_template("jishi/feed.xml.html").render(
        site_name=site_name, description=description, entries=entries,
        home=absolute_url(site_url, ""), self_url=absolute_url(site_url, FEED_PATH),
        updated=max((e["updated"] for e in entries), default="1970-01-01T00:00:00Z"))
