"""Load → check → plan, once: what `jishi check` and the MkDocs build both run.

The pages are planned here, once per build, and the same plan is what the
published-URL check compares urls.txt against and what the build renders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jishi.content.load import load_site
from jishi.content.model import Site
from jishi.content.problems import ProblemList
from jishi.content.source_cache import NO_CACHE, SourceCache
from jishi.site.plan import PlannedPage, plan_pages, plan_redirects
from jishi.site.urls import SITEMAP, URLS_FILE, check_site_urls

__all__ = ["CheckedSite", "check_site", "plan_site"]


@dataclass
class CheckedSite:
    """The linked site (None if any error kept it from loading), its pages, every problem."""

    site: Site | None
    problems: ProblemList
    pages: list[PlannedPage] = field(default_factory=list)


def plan_site(site: Site, site_name: str = "") -> list[PlannedPage]:
    """Every generated page of the site: pages, then redirects for aliases."""
    return plan_pages(site, site_name) + plan_redirects(site)


def check_site(root: Path, *, site_url: str = "/", site_name: str = "", urls_file: Path | None = None,
               url_sources=None, also_served: set[str] = frozenset(),
               show_drafts: bool = False, docs_dir: Path | None = None,
               cache: SourceCache = NO_CACHE) -> CheckedSite:
    """Load and check every story, plan the pages, and hold them to the published URLs.

    urls_file, else the first of url_sources (default urls.txt, then
    site/sitemap.xml) found under root, lists the published URLs; also_served are URLs served by other means (hand-written
    pages). See jishi.content.load.load_site for the rest.
    """
    site, problems = load_site(root, show_drafts=show_drafts, docs_dir=docs_dir, cache=cache)
    if site is None:
        return CheckedSite(None, problems)
    pages = plan_site(site, site_name)
    sources = (URLS_FILE, SITEMAP) if url_sources is None else url_sources
    problems.extend(check_site_urls(root, site, site_url, urls_file, sources, also_served, pages=pages))
    return CheckedSite(site, problems, pages)
