"""What a shared link shows: canonical URLs, share images, dates, QR codes.

QR codes are drawn by segno at build time, one SVG (for print layouts) and
one PNG per story, team and enterprise page, next to the page itself:
``stories/<slug>/qr.svg`` and ``qr.png``. Drawing one takes a few
milliseconds, so they are kept in a content-addressed cache between builds.
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import segno

from jishi.content.model import Entry, Site

__all__ = [
    "QR_NAMES", "absolute_url", "share_image", "published_time",
    "qr_entries", "qr_codes", "page_description",
]

QR_NAMES = ("qr.svg", "qr.png")
_QR_STYLE = {"scale": 10, "border": 4}
_QR_VERSION = "1"  # bump when the drawing changes, to invalidate the cache


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


def page_description(site: Site, entry: Entry) -> str:
    """A factual one-line description of an entity page, from the model."""
    if entry.kind == "team":
        where = f"，驻{entry.enterprise.name}" if entry.enterprise else ""
        return f"{entry.name}{where}。本站收录相关稿件 {len(site.by_team.get(entry.slug, []))} 篇。"
    if entry.kind == "enterprise":
        return f"{entry.name}。本站收录相关稿件 {len(site.by_enterprise.get(entry.slug, []))} 篇。"
    if entry.kind == "column":
        return f"栏目“{entry.name}”，收录稿件 {len(site.by_column.get(entry.slug, []))} 篇。"
    if entry.kind == "person":
        return f"{entry.name}在本站的全部稿件与发言。"
    return ""


def qr_entries(site: Site) -> list[Entry]:
    """The pages that get a QR code: every story, team and enterprise."""
    return [*site.stories, *site.teams.values(), *site.enterprises.values()]


def qr_codes(url: str, cache_dir: Path | None = None) -> dict[str, bytes]:
    """{"qr.svg": ..., "qr.png": ...} encoding url, from the cache if there."""
    key = hashlib.sha1(f"{_QR_VERSION}\n{url}".encode()).hexdigest()[:20]
    if cache_dir is not None:
        cached = {name: cache_dir / f"{key}.{name}" for name in QR_NAMES}
        if all(p.is_file() for p in cached.values()):
            return {name: p.read_bytes() for name, p in cached.items()}
    qr = segno.make(url, error="m", micro=False)
    out = {}
    for name in QR_NAMES:
        buf = io.BytesIO()
        kind = name.rsplit(".", 1)[1]
        extra = {"title": url, "svgclass": None, "lineclass": None} if kind == "svg" else {}
        qr.save(buf, kind=kind, **_QR_STYLE, **extra)
        out[name] = buf.getvalue()
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        for name, data in out.items():
            # Write then rename, so a parallel build never reads half a file.
            tmp = cache_dir / f"{key}.{name}.{os.getpid()}.tmp"
            tmp.write_bytes(data)
            os.replace(tmp, cache_dir / f"{key}.{name}")
    return out
