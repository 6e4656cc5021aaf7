"""What a shared link shows: canonical URLs, share images, dates, QR codes.

QR codes, one SVG and one PNG per story, team and enterprise page, sit next
to the page itself (``stories/<slug>/qr.svg`` and ``qr.png``); they are drawn
and cached by jishi.site.qr.
"""

from __future__ import annotations

import re

from jishi.content.model import Entry, Site
from jishi.site.qr import QR_NAMES, qr_codes

__all__ = [
    "QR_NAMES", "absolute_url", "share_image", "published_time",
    "qr_entries", "qr_codes", "page_description", "story_description", "share_title", "repeats",
    "BARE_TITLE",
]

# A title this short (数字, 声音, 变化, 护根之举) says nothing alone on a share card:
# the site's name goes with it.
BARE_TITLE = 4
_PLAIN = re.compile(r"[\s\W_]+")



def absolute_url(site_url: str, path: str) -> str:
    """The absolute URL of a site-relative path, e.g. for og:url and QR codes."""
    base = site_url or "/"
    return base.rstrip("/") + "/" + path.lstrip("/")


def share_image(entry: Entry | None, default: str | None = None) -> str:
    """Site-relative path of the image a share card shows for this page.

    A photo's own image, else the site's share image (jishi.yml `share_image`),
    else "" (no image: jishi ships none of its own).
    """
    if entry is not None and entry.get("image"):
        return str(entry.get("image")).lstrip("/")
    return default or ""


def published_time(entry: Entry | None) -> str:
    """article:published_time, only when the story carries a full date.

    A year or a month alone ("2017", "2017-06") is not a point in time;
    printing it as 1 January would claim a day the source never gave.
    """
    date = str(entry.get("date", "")) if entry is not None else ""
    return date if len(date) == 10 else ""


def share_title(title: str, site_name: str) -> str:
    """og:title: the page's title, with the site's name when the title alone is a bare word."""
    if not title or title == site_name:
        return site_name
    return f"{title} - {site_name}" if len(title) <= BARE_TITLE and site_name else title


def repeats(text: str, title: str) -> bool:
    """Whether a description says no more than the title (punctuation and spaces aside)."""
    a, b = _PLAIN.sub("", text or ""), _PLAIN.sub("", title or "")
    return not a or a == b or (bool(b) and a in b)


def story_description(story, source: str = "") -> str:
    """A story's share description: its summary, unless that only repeats its title (a photo's caption).

    Then what the model knows: its kind, who is shown, its column, and the
    site's source line (jishi.yml `source`).
    """
    if not repeats(story.summary, story.title):
        return story.summary
    parts = [story.kind_label]
    if story.people:
        parts.append("图中人物：" + "、".join(p.name for p in story.people))
    if story.column:
        parts.append(f"栏目“{story.column.name}”")
    if source:
        parts.append(source)
    return "，".join(parts) + "。"


def page_description(site: Site, entry: Entry) -> str:
    """The share description of an entry's page (a story's as story_description gives it); for an
    entity, a factual line from the model (never its name again). Planned once per page
    (jishi.site.plan), read by the page's template and by its redirects'."""
    if entry.namespace == "story":
        return story_description(entry, site.settings.source or "")
    if entry.kind == "team":
        where = f"所驻企业：{entry.enterprise.name}。" if entry.enterprise else ""
        return f"{where}本站收录相关稿件 {len(site.by_team.get(entry.slug, []))} 篇。"
    if entry.kind == "enterprise":
        teams = "、".join(t.name for t in site.teams_of(entry))
        return (f"驻企工作队：{teams}。" if teams else "") + \
            f"本站收录相关稿件 {len(site.by_enterprise.get(entry.slug, []))} 篇。"
    if entry.kind == "column":
        return f"本栏目收录稿件 {len(site.by_column.get(entry.slug, []))} 篇。"
    if entry.kind == "person":
        roles = "；".join(site.roles_of(entry))
        count = len(site.by_person.get(entry.slug, []))
        return (f"{roles}。" if roles else "") + f"本站收录其稿件与发言 {count} 篇。"
    return ""


def qr_entries(site: Site) -> list[Entry]:
    """The pages that get a QR code: every story, team and enterprise."""
    return [*site.stories, *site.teams.values(), *site.enterprises.values()]
