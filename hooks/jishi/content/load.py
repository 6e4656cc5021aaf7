"""Load → validate → link: every file under stories/ into one Site.

Like pelican's generate_context, this reads everything and reports every
problem in one run; a broken file is reported and the rest still read.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from contextlib import contextmanager
from pathlib import Path

from jishi.content.drafts import PUBLISHED, reachable, resolve_today, story_status
from jishi.content.image_checks import CheckedImages
from jishi.content.images import image_problem
from jishi.content.lint import is_placeholder, lint_sources, placeholder_problems
from jishi.content.loader import LoadError, SourceFile, parse_source
from jishi.content.model import ENTRY_CLASSES, KIND_LABELS, STORY_KINDS, Entry, Site, Story
from jishi.content.problems import Problem, ProblemList, did_you_mean
from jishi.content.sanitize import check_body_html
from jishi.content.schema import Schema, closest, load_schema, validate_front_matter
from jishi.content.settings import load_settings
from jishi.content.source_cache import NO_CACHE, SourceCache

__all__ = ["load_site", "load_texts", "find_story_files", "check_sources", "collector_paused"]


def find_story_files(stories_dir: Path) -> list[Path]:
    """Every Markdown file under stories/, in a stable order (Path order).

    What sorted(p for p in rglob("*.md") if p.is_file()) finds, in one
    os.scandir per directory instead of two plus a stat per file.
    """
    return [Path(path) for path, _ in _story_files(stories_dir)]


def _story_files(stories_dir: Path) -> list[tuple[str, bool]]:
    """find_story_files as strings, each with whether it is a symlink (known from the scan)."""
    found: list[tuple[str, bool]] = []
    _scan(os.fspath(stories_dir), found)
    found.sort(key=lambda item: item[0].split(os.sep))
    return found


def _scan(directory: str, found: list[tuple[str, bool]]) -> None:
    """Collect .md files (symlinks to files too) below directory; never follow linked directories."""
    try:
        with os.scandir(directory) as it:
            entries = list(it)
    except PermissionError:
        return
    for entry in entries:
        if entry.name.endswith(".md") and entry.is_file():
            found.append((entry.path, entry.is_symlink()))
        if entry.is_dir(follow_symlinks=False):
            _scan(entry.path, found)


def load_site(root: Path, stories_dir: Path | None = None, schema: Schema | None = None, *,
              today: dt.date | str | None = None, show_drafts: bool = False,
              docs_dir: Path | None = None, cache: SourceCache = NO_CACHE) -> tuple[Site | None, ProblemList]:
    """Read and check every story file under root/stories, and the site's jishi.yml.

    Returns the linked Site (None if any error was found) and every problem.
    Drafts and stories dated after `today` (default: $JISHI_TODAY or the
    clock) are left out of the Site unless show_drafts (previews only).
    Photo files are looked for under docs_dir (default root/docs).
    With jishi.content.source_cache.SHARED (the hook's, across `mkdocs serve`
    rebuilds), files whose bytes did not change since the last load are neither
    parsed nor checked again; the default cache remembers nothing.
    """
    root = Path(root)
    stories_dir = Path(stories_dir) if stories_dir else root / "stories"
    schema = schema or load_schema()
    problems = ProblemList()
    try:
        today = resolve_today(today)
    except ValueError as exc:
        problems.add("JISHI_TODAY", str(exc), hint="不设这个环境变量时按今天的日期判断")
        return None, problems
    if not stories_dir.is_dir():
        problems.add(_rel(stories_dir, root), "找不到稿件目录", hint="请在网站根目录下建立 stories/ 目录")
        return None, problems
    docs = Path(docs_dir) if docs_dir else root / "docs"
    settings, found = load_settings(root, docs)
    problems.extend(found)
    cache.begin(schema)
    with collector_paused():
        sources = _read_sources(root, stories_dir, cache, problems)
        cache.end()
        site, problems = _assemble(sources, schema, problems, docs, today, show_drafts, cache,
                                   cache_dir=root / ".jishi-cache")
        if site is not None:
            site.settings = settings
        return site, problems


def _read_sources(root: Path, stories_dir: Path, cache: SourceCache, problems: ProblemList) -> list[SourceFile]:
    """Every story file read (through cache); problems for those that cannot be read."""
    sources = []
    resolved_root = root.resolve()
    # Plain strings until a file is read: 14,000 Path objects cost ~0.1 s.
    base = resolved_root.as_posix().rstrip("/") + "/"
    for name, is_link in _story_files(stories_dir.resolve()):
        if is_link and not Path(name).resolve().is_relative_to(resolved_root):
            problems.add(_rel(Path(name), root), "稿件文件是指向网站目录之外的链接", line=1, col=1,
                         hint="请把稿件本身复制进 stories/，不要用链接")
            continue
        rel = name[len(base):] if name.startswith(base) else _rel(Path(name), resolved_root)
        try:
            sources.append(cache.read(name, rel))
        except LoadError as exc:
            problems.append(exc.problem)
    return sources


@contextmanager
def collector_paused():
    """Loading only adds objects that stay alive; the cyclic collector's repeated
    full scans of them cost ~20% of load time at 10,000 stories, for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_texts(files: dict[str, str | bytes], schema: Schema | None = None) -> tuple[Site | None, ProblemList]:
    """Like load_site, for files given in memory as {relative path: text} (no photo files)."""
    schema = schema or load_schema()
    problems = ProblemList()
    sources = []
    for rel, text in sorted(files.items()):
        try:
            sources.append(parse_source(text.encode("utf-8") if isinstance(text, str) else text, rel))
        except LoadError as exc:
            problems.append(exc.problem)
    return _assemble(sources, schema, problems, None, dt.date.today(), False)


def _assemble(sources, schema: Schema, problems: ProblemList, docs_dir: Path | None,
              today: dt.date, show_drafts: bool,
              cache: SourceCache = NO_CACHE, *,
              cache_dir: Path | None = None) -> tuple[Site | None, ProblemList]:
    """Validate, lint and link parsed files; the Site, unless any error was found.

    Photos found publishable are recorded under cache_dir (if given), see jishi.content.image_checks.
    """
    entries = check_sources(sources, schema, problems, cache)
    problems.extend(lint_sources(sources))
    valid = [e for e in entries if e.valid]
    if docs_dir is not None:
        _check_images(valid, docs_dir, problems, cache_dir)
    _check_urls(valid, problems)
    _link(entries, schema, problems)
    problems.drop_superseded()
    if problems.errors:
        return None, problems
    return _build_site(valid, schema, today, show_drafts), problems


def _rel(path: Path, root: Path) -> str:
    # Most calls pass a file under the root, both absolute: relative_to is
    # lexical, and so is comparing the (normalised) strings, ~5x faster.
    if path.is_absolute() and root.is_absolute():
        full, base = path.as_posix(), root.as_posix().rstrip("/") + "/"
        if full.startswith(base):
            return full[len(base):]
    # Tried in turn: resolving both paths costs system calls, needed only for links.
    for pair in (lambda: (path, root), lambda: (path.absolute(), root.absolute()),
                 lambda: (path.resolve(), root.resolve())):
        a, b = pair()
        try:
            return a.relative_to(b).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def check_sources(sources: list[SourceFile], schema: Schema, problems: ProblemList,
                  cache: SourceCache = NO_CACHE) -> list[Entry]:
    """Validate each file alone; return an entry for every file of a known kind.

    Entries of files with errors are kept (marked not valid) so that their
    references are still checked in the same run, but never published.
    """
    def check(source):
        todo = placeholder_problems(source)
        unfilled = {p.field for p in todo}
        # An unfilled placeholder says it all; no second message about its format.
        found = [p for p in validate_front_matter(source, schema) if p.field not in unfilled]
        return found + _check_date(source) + todo + check_body_html(source)

    entries = []
    for source in sources:
        found = cache.checked(source, check)
        problems.extend(found)
        kind = source.data.get("kind")
        if kind not in schema.kinds or not isinstance(source.data.get("slug"), str):
            continue
        cls = Story if kind in STORY_KINDS else ENTRY_CLASSES[kind]
        entry = cls(path=source.path, data=source.data, body=source.body,
                    body_line=source.body_line, source=source)
        entry.valid = not any(p.is_error for p in found)
        entries.append(entry)
    return entries


def _check_date(source: SourceFile) -> list[Problem]:
    value = source.data.get("date")
    if not isinstance(value, str) or len(value) != 10:
        return []
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        line, col = source.position(("date",))
        return [Problem(source.path, line, col, "date", f"日期不存在：'{value}'",
                        "请核对年月日，例如 2 月没有 30 日", code="date-invalid")]
    return []


def _check_images(entries: list[Entry], docs_dir: Path, problems: ProblemList,
                  cache_dir: Path | None = None) -> None:
    """Every photo's file exists inside docs/ and is a real image (drafts too)."""
    checked = CheckedImages(cache_dir)
    for entry in entries:
        value = entry.get("image")
        if isinstance(value, str):
            line, col = entry.source.position(("image",))
            problem = image_problem(entry.path, line, col, value, docs_dir, check=checked.check)
            if problem:
                problems.append(problem)
    checked.save()


def _check_urls(entries: list[Entry], problems: ProblemList) -> None:
    """Two files may not claim one URL, through a slug or an alias."""
    claimed: dict[tuple[str, str], Entry] = {}
    for entry in entries:
        for slug, field in [(entry.slug, "slug")] + [(a, "aliases") for a in entry.aliases]:
            key = (entry.namespace, slug)
            other = claimed.get(key)
            if other is None:
                claimed[key] = entry
                continue
            if other is entry:
                continue
            line, col = entry.source.position((field,))
            problems.add(entry.path, f"网址 /{entry.url.split('/')[0]}/{slug}/ 已被 {other.path} 占用",
                         line=line, col=col, field=field,
                         hint="每篇稿件和实体的网址名（slug）必须唯一，请换一个", code="slug-duplicate")


def _link(entries: list[Entry], schema: Schema, problems: ProblemList) -> None:
    """Resolve every reference by slug, suggesting the nearest on a miss."""
    index: dict[str, dict[str, Entry]] = {k: {} for k in ENTRY_CLASSES}
    for entry in entries:
        if entry.kind in index:
            index[entry.kind].setdefault(entry.slug, entry)
    for entry in entries:
        for ref in schema.kinds[entry.kind].refs:
            value = entry.data.get(ref.name)
            if value is None:
                continue
            values = value if ref.many and isinstance(value, list) else [value]
            targets = [_resolve(entry, ref, i if ref.many else None, v, index[ref.target], problems)
                       for i, v in enumerate(values) if isinstance(v, str)]
            setattr(entry, ref.name, targets if ref.many else targets[0])


def _resolve(entry, ref, i, slug, known: dict, problems: ProblemList):
    target = known.get(slug)
    if target is not None or is_placeholder(slug):  # placeholders are reported already
        return target
    path = (ref.name,) if i is None else (ref.name, i)
    line, col = entry.source.position(path)
    label = KIND_LABELS[ref.target]
    by_name = [e.slug for e in known.values() if slug in (e.get("name"), e.get("short_name"))]
    guess = by_name[0] if by_name else closest(slug, known)
    if known:
        otherwise = f"已有的{label}：" + "、".join(sorted(known)[:8])
    else:
        otherwise = f"请先在 stories/ 下建立这个{label}的文件"
    hint = did_you_mean(guess, otherwise, f"{known[guess].get('name')}" if guess else "")
    field = ".".join(map(str, path))
    # It supersedes the schema's "格式不对" for the same field (problems.SUPERSEDES).
    problems.add(entry.path, f"找不到{label} '{slug}'", line=line, col=col,
                 field=field, hint=hint, code="ref-unknown")
    return None


def _build_site(entries: list[Entry], schema: Schema, today: dt.date, show_drafts: bool) -> Site:
    stories = [e for e in entries if isinstance(e, Story)]
    for story in stories:
        story.status = story_status(story, today)
    withheld = [s for s in stories if s.status != PUBLISHED]
    if show_drafts:
        published, hidden = stories, set()
    else:
        published = [s for s in stories if s.status == PUBLISHED]
        # Entities only withheld stories lead to are withheld with them;
        # anything a published story or a kept entity refers to stays.
        maybe = reachable(withheld, schema) - reachable(published, schema)
        kept = [e for e in entries if not isinstance(e, Story) and id(e) not in maybe]
        hidden = maybe - reachable(published + kept, schema)
    groups = {k: {e.slug: e for e in entries if e.kind == k and id(e) not in hidden} for k in ENTRY_CLASSES}
    return Site(stories=sorted(published, key=lambda s: s.sort_key),
                teams=groups["team"], enterprises=groups["enterprise"],
                columns=groups["column"], people=groups["person"],
                drafts=withheld)
