"""The Atom feed of stories at /feed.xml: newest first, drafts never, each story whole.

Each entry carries the story's full HTML (as the page shows it), its summary,
and its kind and column as categories with their Chinese names. The feed is a
window on the newest stories (``feed_entries`` in jishi.yml, 50 unless set),
as feed readers expect: with every story in it, a 10,000-story archive made a
45 MB feed, rendered and written on every build.

Dates. A story often carries only a year ("2017") or a month; the feed never
turns that into an instant. ``published`` is written only for a full date,
the one case where the source gave a day. Atom requires ``updated`` on every
entry: jishi writes the instant the story's file last changed on this site —
its last git commit, or the file's modification time when the file is not
committed as it stands — which is what Atom means by it (when the entry was
last modified), not a date the story was printed.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import jinja2

from jishi.content.model import Site, Story
from jishi.site.share import absolute_url

__all__ = ["FEED_PATH", "render_feed", "feed_dates", "feed_stories", "changed_times"]

FEED_PATH = "feed.xml"
TEMPLATES = Path(__file__).parent / "templates"
_EPOCH = "1970-01-01T00:00:00Z"


def _instant(seconds: float) -> str:
    return dt.datetime.fromtimestamp(int(seconds), dt.timezone.utc).isoformat().replace("+00:00", "Z")


def changed_times(root: Path, paths: list[str]) -> dict[str, str]:
    """RFC 3339 instant each file (root-relative path) last changed: git commit, else mtime.

    Two git calls for the whole site (log and diff), whatever its size.
    """
    committed: dict[str, str] = {}
    try:
        log = subprocess.run(["git", "log", "--format=@%ct", "--name-only", "--relative", "--", "."],
                             cwd=root, capture_output=True, text=True, timeout=120, check=True).stdout
        # Committed files changed since (untracked ones are not in the log at all).
        changed = subprocess.run(["git", "diff", "--name-only", "--relative", "HEAD", "--", "."],
                                 cwd=root, capture_output=True, text=True, timeout=120, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        log = changed = ""
    when = ""
    for line in log.splitlines():
        if line.startswith("@"):
            when = _instant(int(line[1:]))
        elif line and line not in committed:
            committed[line] = when
    dirty = set(changed.splitlines())
    out = {}
    for path in paths:
        if path in committed and path not in dirty:
            out[path] = committed[path]
        else:
            try:
                out[path] = _instant(os.stat(Path(root) / path).st_mtime)
            except OSError:
                out[path] = _EPOCH
    return out


def feed_dates(story: Story, changed: str = _EPOCH) -> tuple[str, str]:
    """(updated, published) as RFC 3339: updated is when the file changed; published only for a full date."""
    date = story.date
    return changed, (date + "T00:00:00+08:00" if len(date) == 10 else "")


def feed_stories(site: Site) -> list[Story]:
    """The stories the feed carries: the newest ``feed_entries`` (jishi.yml) published ones."""
    return site.latest[: site.settings.feed_entries]


def render_feed(site: Site, site_url: str, site_name: str, description: str = "", *,
                contents: dict[str, str] | None = None, changed: dict[str, str] | None = None) -> str:
    """The Atom document for the newest published stories (``feed_stories``), newest first.

    contents maps a story's slug to its rendered body HTML; changed maps its
    path to the instant its file last changed (see changed_times).
    """
    from jishi.site.render import format_figure  # late: render imports share, as this module does

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["jishi_figure"] = format_figure
    contents, changed = contents or {}, changed or {}
    entries = []
    for story in feed_stories(site):
        updated, published = feed_dates(story, changed.get(story.path, _EPOCH))
        by = story.byline_person or story.author_team
        entries.append({"story": story, "url": absolute_url(site_url, story.url),
                        "updated": updated, "published": published, "html": contents.get(story.slug, ""),
                        "author": by.title if by else ""})
    home = absolute_url(site_url, "")
    return env.get_template("jishi/feed.xml.html").render(
        site_name=site_name, description=description, entries=entries, home=home,
        self_url=absolute_url(site_url, FEED_PATH),
        updated=max((e["updated"] for e in entries), default=_EPOCH))
