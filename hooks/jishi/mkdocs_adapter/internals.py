"""Every reach into MkDocs' (and Jinja's) internals, in one place.

MkDocs 1.6 has no API for what the preview and the fragment cache need, so
these lean on how MkDocs and Jinja are built today. Each reach checks the
shape it expects and, when that shape is gone, falls back to the slower
behaviour that is still correct (full rebuilds, pages rendered again,
fragments drawn per page). tests/unit/test_internals.py fails with a clear
message when a new MkDocs or Jinja changes any of these shapes.

- serve's builder: `mkdocs.commands.serve.serve` defines a closure `builder`
  over `get_config`, `serve_url` and `is_clean`; we read those cells by name
  to make a dirty rebuild (fallback: MkDocs' own full rebuilds);
- `File.is_modified`: a dirty build skips a file whose `is_modified()` is
  False; we replace the method on one instance (fallback: it is written);
  `copied_since` asks its question (copy older than source?) of the live
  site, reading `File._content` and `abs_src_path` (fallback: copied again);
- MkDocs warns on every dirty build with an English sentence starting
  "A 'dirty' build", which strict mode would count: a log filter drops it
  (fallback: the warning shows, under serve only);
- Jinja's `Template.root_render_func`: replaced to render a fragment once per
  key (fallback: the fragment is rendered for every page);
- Jinja's `Template.blocks`: a block's render function replaced the same way
  (fallback: the block is rendered for every page);
- `LiveReloadServer.observer`, `_watched_paths`, `_watch_refs`: MkDocs
  watches with watchdog's PollingObserver (a save is noticed up to 0.5 s
  late); the watched folders move to an inotify observer of their own
  (fallback: polling, where inotify is missing or cannot start);
- `LiveReloadServer.build_delay`: the wait for more changes after one,
  shortened (fallback: MkDocs' 0.1 s);
- `Page.update_date`: the date MkDocs' sitemap (and its .gz's time) gives
  every page, which MkDocs otherwise takes from SOURCE_DATE_EPOCH or the
  clock; set on every page so that it comes from the content without
  changing the process environment (fallback: the clock's date).

Material's names are here too: the partials and base.html blocks the fragment
cache draws once per folder (a name gone is simply not cached), and the file
names of its search, main and palette stylesheet that the build trims and
merges (a name gone leaves that file in the site).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from datetime import datetime, timezone

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.utils import get_build_date

__all__ = [
    "BASE_BLOCKS", "MAIN_CSS", "NAV_FRAGMENTS", "PAGE_FREE", "PALETTE_CSS", "SEARCH_FILES",
    "BUILDER_CELLS", "DIRTY_WARNING", "DIRTY_LOGGER", "BUILD_DELAY",
    "build_date", "copied_since", "date_pages", "dirty_rebuilds", "mark_unmodified", "quiet_dirty_warning",
    "quiet_dirty_builds", "watch_at_once", "wrap_block", "wrap_root_render",
]

# Material's partials drawn once per folder (jishi.mkdocs_adapter.fragments): the site navigation,
# and those that read nothing of the page but its URL (for relative links).
NAV_FRAGMENTS = ("partials/nav.html", "partials/tabs.html")
PAGE_FREE = ("partials/logo.html", "partials/palette.html", "partials/javascripts/palette.html",
             "partials/search.html", "partials/icons.html", "partials/javascripts/base.html")
# Blocks of Material's base.html that read nothing of the page but its URL.
BASE_BLOCKS = ("styles", "libs", "fonts", "analytics", "config", "scripts")
# Material's files as the build trims them (jishi.mkdocs_adapter.files): its search (lunr and the
# search worker; jishi searches with Pagefind), its main stylesheet, its palette (merged into jishi.css).
SEARCH_FILES = re.compile(r"assets/javascripts/(lunr|workers)/.*")
MAIN_CSS = re.compile(r"assets/stylesheets/main\.[0-9a-f]+\.min\.css")
PALETTE_CSS = re.compile(r"assets/stylesheets/palette\.[0-9a-f]+\.min\.css")

BUILDER_CELLS = ("get_config", "serve_url", "is_clean")
DIRTY_WARNING = "A 'dirty' build"
DIRTY_LOGGER = "mkdocs.commands.build"
# Seconds MkDocs' server waits after a change for more (each one restarts the wait); its own is 0.1.
# An editor's save is one write (a few events within milliseconds); a later change only means one more rebuild.
BUILD_DELAY = 0.05


def dirty_rebuilds(builder) -> Callable | None:
    """The serve command's builder, as a dirty build that keeps the site folder; None if unsure.

    The config loader and URL are read from the builder's closure; any other
    shape (or `--clean`) keeps MkDocs' own full rebuilds.
    """
    code, cells = getattr(builder, "__code__", None), getattr(builder, "__closure__", None) or ()
    names = dict(zip(code.co_freevars, cells)) if code is not None else {}
    try:
        get_config, serve_url, clean = (names[n].cell_contents for n in BUILDER_CELLS)
    except (KeyError, ValueError):
        return None
    if clean or not callable(get_config):
        return None

    def rebuild(config=None):
        if config is None:
            config = get_config()
            config.site_url = serve_url
        mkdocs_build(config, serve_url=serve_url, dirty=True)

    return rebuild


def mark_unmodified(file) -> bool:
    """Make a dirty build skip this file; False (and nothing changed) if File has no is_modified."""
    if not callable(getattr(file, "is_modified", None)):
        return False
    file.is_modified = _unmodified
    return True


def _unmodified() -> bool:
    return False


def copied_since(file, copy) -> bool:
    """MkDocs' File.is_modified asked of another copy: True if copy exists and is no older than file's source.

    MkDocs copies a file from disk (theme, docs/) when its copy in the site
    folder is missing or older than the source; generated files (content in
    memory) are always written. False where the file has no source path.
    """
    source = getattr(file, "abs_src_path", None)
    if getattr(file, "_content", None) is not None or not source:
        return False
    try:
        return os.path.getmtime(copy) >= os.path.getmtime(source)
    except OSError:
        return False


def quiet_dirty_warning(record) -> bool:
    """A logging filter: MkDocs warns on every dirty build, which strict mode would count as a failure."""
    return not record.getMessage().startswith(DIRTY_WARNING)


def quiet_dirty_builds() -> None:
    """Install quiet_dirty_warning on the logger MkDocs' build warns on (once)."""
    logger = logging.getLogger(DIRTY_LOGGER)
    if quiet_dirty_warning not in logger.filters:
        logger.addFilter(quiet_dirty_warning)


def wrap_root_render(template, wrap: Callable) -> bool:
    """Replace a Jinja template's render function by wrap(original); False if it has none."""
    render = getattr(template, "root_render_func", None)
    if not callable(render):
        return False
    template.root_render_func = wrap(render)
    return True


def wrap_block(template, name: str, wrap: Callable) -> bool:
    """Replace the render function of a template's block by wrap(original); False if it has no such block."""
    blocks = getattr(template, "blocks", None)
    if not isinstance(blocks, dict) or not callable(blocks.get(name)):
        return False
    blocks[name] = wrap(blocks[name])
    return True


def build_date(epoch: int | None) -> str:
    """The date MkDocs writes for a build at epoch (seconds since 1970); None: MkDocs' own (its environment or clock)."""
    if epoch is None:
        return get_build_date()
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%d")


def date_pages(files, date: str) -> int:
    """Give every page of files the update date ``date`` (the sitemap's lastmod); the number dated."""
    count = 0
    for file in files:
        if getattr(file, "page", None) is not None:
            file.page.update_date = date
            count += 1
    return count


def watch_at_once(server):
    """Move the folders a LiveReloadServer watches to an inotify observer, started now; None if unsure.

    MkDocs polls every watched path each 0.5 s. Folders (stories/, docs/, the
    schema) are watched by inotify instead, which notices a save at once;
    files (mkdocs.yml: one stat per poll, and its change renders everything
    anyway) and paths watched later stay on MkDocs' polling observer. Returns the inotify observer (the caller
    stops it at shutdown), or None with nothing changed: another shape of the
    server, no inotify (not Linux), JISHI_WATCH=poll, or inotify failing to
    start (e.g. the system's limit on inotify instances reached).
    """
    native, polling = _inotify_observer(), getattr(server, "observer", None)
    paths, refs = getattr(server, "_watched_paths", None), getattr(server, "_watch_refs", None)
    if native is None or not isinstance(paths, dict) or not isinstance(refs, dict) or polling is None \
            or polling.is_alive() or not callable(getattr(server, "watch", None)):
        return None
    folders = {path: count for path, count in paths.items() if os.path.isdir(path) and path in refs}
    _move_watches(server, folders, polling, native)
    try:
        native.start()
    except OSError:
        native.unschedule_all()  # stops the emitters that did start
        _move_watches(server, folders, None, polling)
        return None
    if isinstance(getattr(server, "build_delay", None), (int, float)):
        server.build_delay = min(server.build_delay, BUILD_DELAY)
    return native


def _move_watches(server, folders: dict, source, target) -> None:
    """Unschedule folders from source (None: already) and watch them again (the same count) through target.

    The server's own observer stays in place; its _watch_refs then name target's watches
    (MkDocs' unwatch, which jishi does not call, would not find them).
    """
    for path in folders:
        watch = server._watch_refs.pop(path)
        del server._watched_paths[path]
        if source is not None:
            source.unschedule(watch)
    keep, server.observer = server.observer, target
    try:
        for path, count in folders.items():
            for _ in range(count):
                server.watch(path)
    finally:
        server.observer = keep


def _inotify_observer():
    """A new watchdog inotify observer, or None where there is none (or JISHI_WATCH=poll asks for polling)."""
    if os.environ.get("JISHI_WATCH", "") == "poll":
        return None
    try:
        from watchdog.events import FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent
        from watchdog.observers.inotify import InotifyObserver
    except Exception:  # noqa: BLE001 - not Linux, or a libc without inotify: MkDocs' polling stays
        return None

    class ChangesOnly(InotifyObserver):
        """Reports what polling reports: a file made, changed, moved or removed. Not a file opened or
        closed unwritten, which MkDocs would take for a change: every rebuild reads the saved story."""

        def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
            changes = [FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent]
            return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or changes,
                                    follow_symlink=follow_symlink)

    return ChangesOnly()
