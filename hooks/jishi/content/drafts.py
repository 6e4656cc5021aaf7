"""Drafts and embargoes: what the site may publish today, and nothing more.

A story is withheld when it says `draft: true` or when its full date
(YYYY-MM-DD) is after today. Withheld stories are out of everything the site
serves, and so is any team, enterprise, person or column that only withheld
stories lead to: a new person named in an embargoed story must not get a
page before the story does. Previews (`JISHI_DRAFTS=1 mkdocs serve`) show
everything, each withheld story marked with its status.

"Today" is injectable (the JISHI_TODAY environment variable or an argument)
so that tests and builds are deterministic.
"""

from __future__ import annotations

import datetime as dt
import os

__all__ = ["PUBLISHED", "DRAFT", "EMBARGOED", "RETRACTED", "resolve_today", "story_status",
           "reachable", "source_date_epoch"]

PUBLISHED, DRAFT, EMBARGOED, RETRACTED = "published", "draft", "embargoed", "retracted"
TODAY_ENV = "JISHI_TODAY"


def resolve_today(today: dt.date | str | None = None) -> dt.date:
    """The date embargoes are measured against: argument, else $JISHI_TODAY, else the clock.

    Raises ValueError (with a Chinese message) for a JISHI_TODAY that is not a date.
    """
    if isinstance(today, dt.date):
        return today
    value = today or os.environ.get(TODAY_ENV, "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{TODAY_ENV} 不是有效日期：'{value}'（应写成 2017-06-01）") from None


def story_status(story, today: dt.date) -> str:
    """PUBLISHED, DRAFT, EMBARGOED or RETRACTED; only a full date can lie in the future.

    A retracted story (`retracted: {date, reason}`) is withheld like a draft,
    but its URL still answers: with a 本文已撤回 page (jishi.site.plan).
    """
    if isinstance(story.data.get("retracted"), dict):
        return RETRACTED
    if story.draft:
        return DRAFT
    date = str(story.data.get("date", ""))
    if len(date) == 10:
        try:
            if dt.date.fromisoformat(date) > today:
                return EMBARGOED
        except ValueError:
            pass  # reported by the date check
    return PUBLISHED


def _targets(entry, schema):
    """The entries this one refers to (after linking), in schema order."""
    links = getattr(entry, "links", {})
    for ref in schema.kinds[entry.kind].refs:
        yield from links.get(ref.name, ())


def reachable(starts, schema) -> set[int]:
    """ids of every entry reachable from starts through references, starts included."""
    seen: set[int] = set()
    stack = list(starts)
    while stack:
        entry = stack.pop()
        if id(entry) in seen:
            continue
        seen.add(id(entry))
        stack.extend(_targets(entry, schema))
    return seen


def source_date_epoch(stories) -> int:
    """Seconds since 1970 of the newest published story's date (partial dates: its first day).

    Builds use it as SOURCE_DATE_EPOCH so that dates in the output (sitemap
    lastmod) come from the content, not from the clock.
    """
    newest = dt.date(1970, 1, 1)
    for story in stories:
        text = str(story.data.get("date", ""))
        parts = (text.split("-") + ["01", "01"])[:3]
        try:
            newest = max(newest, dt.date(*map(int, parts)))
        except ValueError:
            continue
    return int(dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.timezone.utc).timestamp())
