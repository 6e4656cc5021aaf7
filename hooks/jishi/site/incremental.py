"""Which pages a preview rebuild must render again, after some stories changed.

Under `mkdocs serve` an editor saves one story at a time, and rendering every
page again for each save cost a full build. Comparing the model of the last
build with the new one tells which pages can show something different:

- the changed story's own page (and its alias redirects);
- the pages listing it: its team, author team, enterprise (also through its
  team), column, people and kind, before and after the edit;
- every story whose previous/next/related links point at it, before or
  after, or whose links changed at all;
- a story that came into the feed's window (its HTML goes into the feed);
- pages that summarise the whole site (home, guide, the four index pages),
  always: there are few of them.

Anything else that changed (an entity file, a story added, removed, renamed
or withheld, a draft, jishi.yml) gives None: render everything, as a normal build does.
When in doubt, rebuild.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from jishi.content.model import Site, Story
from jishi.site.feed import feed_stories
from jishi.site.plan import INDEX_PAGES

__all__ = ["affected_pages", "changed_stories", "clear_output", "file_stamps", "ALWAYS"]

# Pages that summarise the whole site: rendered on every rebuild.
ALWAYS = frozenset({("home", ""), ("guide", "")} | {("list", prefix) for prefix in INDEX_PAGES})


def _entry_key(entry) -> tuple:
    return (entry.path, entry.data, entry.body)


def _same_entities(old: Site, new: Site) -> bool:
    for name in ("teams", "enterprises", "columns", "people"):
        a, b = getattr(old, name), getattr(new, name)
        if list(a) != list(b) or any(_entry_key(a[k]) != _entry_key(b[k]) for k in a):
            return False
    return [_entry_key(s) for s in old.drafts] == [_entry_key(s) for s in new.drafts]


def changed_stories(old: Site, new: Site, old_images: dict | None = None,
                    new_images: dict | None = None) -> set[str] | None:
    """Slugs of the published stories whose file or photo changed; None if more than stories changed.

    old_images and new_images: what each build published (image path → PublishedImage).
    """
    old_images, new_images = old_images or {}, new_images or {}
    if [(s.slug, s.path) for s in old.stories] != [(s.slug, s.path) for s in new.stories]:
        return None  # a story added, removed, renamed, withheld or moved in the order
    if not _same_entities(old, new) or old.settings != new.settings:  # jishi.yml: the footer of every page
        return None
    changed = set()
    for a, b in zip(old.stories, new.stories):
        image = a.get("image")
        if (_entry_key(a) != _entry_key(b) or a.status != b.status
                or old_images.get(image) != new_images.get(image)):
            changed.add(a.slug)
    return changed


def _listed_on(story: Story) -> set[tuple]:
    """Refs of the pages that list the story, or show its title or byline."""
    refs = {("story", story.slug), ("kind", story.kind)}
    for team in (story.team, story.author_team):
        if team is not None:
            refs.add(("team", team.slug))
            if team.enterprise is not None:
                refs.add(("enterprise", team.enterprise.slug))
    if story.enterprise is not None:
        refs.add(("enterprise", story.enterprise.slug))
    if story.column is not None:
        refs.add(("column", story.column.slug))
    refs.update(("person", p.slug) for p in story.all_people)
    return refs


def _links(site: Site, slug: str) -> tuple:
    """What a story page shows of other stories: its sequence, previous, next, related."""
    rel = site.relations
    label, owner = rel.sequence.get(slug, (None, None))
    prev, nxt = rel.previous.get(slug), rel.next.get(slug)
    return (label, getattr(owner, "slug", owner), prev and prev.slug, nxt and nxt.slug,
            tuple(s.slug for s in rel.related.get(slug, [])))


def _linked_refs(old: Site, new: Site, changed: set[str]) -> set[tuple]:
    """Story pages whose links changed, or that link to a changed story."""
    refs = set()
    for story in new.stories:
        before, after = _links(old, story.slug), _links(new, story.slug)
        linked = {before[2], before[3], *before[4], after[2], after[3], *after[4]}
        if before != after or linked & changed:
            refs.add(("story", story.slug))
    return refs


def affected_pages(old: Site | None, new: Site, pages, old_images: dict | None = None,
                   new_images: dict | None = None) -> set[str] | None:
    """src_uris of the planned pages that may differ from the last build's; None means all.

    old is the model the last build rendered, new the one about to be
    rendered, pages the new build's planned pages (and redirects); the images
    are what each build published.
    """
    if old is None:
        return None
    changed = set() if old is new else changed_stories(old, new, old_images, new_images)
    if changed is None:
        return None
    refs = set(ALWAYS)
    for site in (old, new):
        for slug in changed:
            refs |= _listed_on(site.by_slug[slug])
    if changed:
        refs |= _linked_refs(old, new, changed)
    # A story new to the feed's window is rendered for its HTML, which the feed carries.
    refs |= {("story", s.slug) for s in feed_stories(new) if s.slug not in {t.slug for t in feed_stories(old)}}
    return {page.src_uri for page in pages if tuple(page.ref) in refs}


def file_stamps(folders) -> tuple:
    """(path, modification time, size) of every file under the folders (None skipped)."""
    stamps = []
    for folder in filter(None, folders):
        for path in sorted(Path(folder).rglob("*")):
            stat = path.stat()
            stamps.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


def clear_output(folder: Path, keep: tuple = (".",)) -> None:
    """Empty an output folder as a clean build does, except entries whose names start with keep."""
    for path in folder.iterdir() if folder.is_dir() else ():
        if path.name.startswith(keep):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()

