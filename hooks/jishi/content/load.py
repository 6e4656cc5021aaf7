"""Load → validate → link: every file under stories/ into one Site.

Like pelican's generate_context, this reads everything and reports every
problem in one run; a broken file is reported and the rest still read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import re
from contextlib import contextmanager
from pathlib import Path

from jishi.content.body_html import DEFAULT_RENDERER, BodyRenderer, check_body
from jishi.content.docs_check import docs_problems
from jishi.content.drafts import PUBLISHED, RETRACTED, reachable, resolve_today, story_status
from jishi.content.hygiene import hygiene_problems
from jishi.content.image_checks import CheckedImages
from jishi.content.images import check_image, image_problem
from jishi.content.links import label_problems
from jishi.content.lint import is_placeholder, lint_sources, placeholder_problems
from jishi.content.loader import LoadError, SourceFile, parse_source
from jishi.content.model import ENTRY_CLASSES, Entry, Site, Story
from jishi.content.notes import note_problems
from jishi.content.problems import NOTE, Problem, ProblemList, did_you_mean
from jishi.content.review import review_problems
from jishi.content.schema import Schema, closest, load_schema, validate_front_matter
from jishi.content.settings import load_settings
from jishi.content.site_schema import load_site_schema
from jishi.content.source_cache import NO_CACHE, SourceCache
from jishi.content.story_files import find_story_files, read_sources, relative_path

__all__ = ["orphan_notes", "load_site", "load_texts", "find_story_files", "check_sources", "collector_paused"]


def load_site(root: Path, stories_dir: Path | None = None, schema: Schema | None = None, *,
              today: dt.date | str | None = None, show_drafts: bool = False,
              docs_dir: Path | None = None, cache: SourceCache = NO_CACHE,
              model_despite_errors: bool = False,
              renderer: BodyRenderer = DEFAULT_RENDERER) -> tuple[Site | None, ProblemList]:
    """Read and check every story file under root/stories, and the site's jishi.yml.

    Returns the linked Site (None if any error was found) and every problem.
    Drafts and stories dated after `today` (default: $JISHI_TODAY or the
    clock) are left out of the Site unless show_drafts (previews only).
    Photo files are looked for under docs_dir (default root/docs).
    With jishi.content.source_cache.SHARED (the hook's, across `mkdocs serve`
    rebuilds), files whose bytes did not change since the last load are neither
    parsed nor checked again; the default cache remembers nothing.
    model_despite_errors: return the Site of the valid files even when errors were
    found (for checks that need a model, so one error hides no other); never publish it.
    renderer: the site's Markdown; each body is rendered once with it (jishi.content.body_html).
    """
    root = Path(root)
    stories_dir = Path(stories_dir) if stories_dir else root / "stories"
    problems = ProblemList()
    ready = _before_reading(root, stories_dir, schema, today, problems)
    if ready is None:
        return None, problems
    schema, today = ready
    docs = Path(docs_dir) if docs_dir else root / "docs"
    settings, found = load_settings(root, docs)
    problems.extend(found)
    cache.begin(schema, renderer.key)
    with collector_paused():
        sources = read_sources(root, stories_dir, cache, problems)
        cache.end()
        site, problems = _assemble(sources, schema, problems, docs, today, show_drafts, cache,
                                   cache_dir=root / ".jishi-cache", model_despite_errors=model_despite_errors,
                                   review_steps=settings.review, renderer=renderer)
        if site is not None:
            site.settings = settings
        return site, problems


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


def _before_reading(root: Path, stories_dir: Path, schema: Schema | None, today, problems: ProblemList):
    """(schema, today) if what every story is checked against holds, else None with the problem:
    the site's schema (default: the built-in one as its schema/ folder extends it), the date
    (JISHI_TODAY) and the stories folder."""
    if schema is None:
        schema, found = load_site_schema(root)
        if schema is None:
            problems.extend(found)
            return None
    try:
        today = resolve_today(today)
    except ValueError as exc:
        problems.add("JISHI_TODAY", str(exc), hint="不设这个环境变量时按今天的日期判断")
        return None
    if not stories_dir.is_dir():
        problems.add(relative_path(stories_dir, root), "找不到稿件目录", hint="请在网站根目录下建立 stories/ 目录")
        return None
    return schema, today


def _assemble(sources, schema: Schema, problems: ProblemList, docs_dir: Path | None,
              today: dt.date, show_drafts: bool,
              cache: SourceCache = NO_CACHE, *,
              cache_dir: Path | None = None, model_despite_errors: bool = False,
              review_steps=(), renderer: BodyRenderer = DEFAULT_RENDERER) -> tuple[Site | None, ProblemList]:
    """Validate, lint and link parsed files; the Site, unless any error was found.

    Photos found publishable are recorded under cache_dir (if given), see jishi.content.image_checks.
    review_steps: jishi.yml's `review`; a story not a draft must be signed at each (jishi.content.review).
    """
    entries = check_sources(sources, schema, problems, cache, renderer)
    problems.extend(review_problems([e for e in entries if isinstance(e, Story)], review_steps))
    problems.extend(lint_sources(sources))
    valid = [e for e in entries if e.valid]
    if docs_dir is not None:
        _check_images(valid, docs_dir, problems, cache_dir, renderer)
    _check_urls(valid, problems)
    _link(entries, schema, problems)
    problems.drop_superseded()
    _withhold_faulty(entries, schema, problems)
    problems.extend(note_problems(entries))
    if problems.errors and not model_despite_errors:
        return None, problems
    site = _build_site(entries, schema, today, show_drafts)
    return site, problems


def check_sources(sources: list[SourceFile], schema: Schema, problems: ProblemList,
                  cache: SourceCache = NO_CACHE, renderer: BodyRenderer = DEFAULT_RENDERER) -> list[Entry]:
    """Validate each file alone; return an entry for every file of a known kind.

    Entries of files with errors are kept (marked not valid) so that their
    references are still checked in the same run, but never published.
    """
    def check(source):
        todo = placeholder_problems(source)
        unfilled = {p.field for p in todo}
        # An unfilled placeholder says it all; no second message about its format.
        found = [p for p in validate_front_matter(source, schema) if p.field not in unfilled]
        found = _fold_hygiene(found, hygiene_problems(source))
        return (list(source.problems) + found + _check_date(source) + todo + check_body(source, renderer)
                + label_problems(source))

    entries = []
    for source in sources:
        found = cache.checked(source, check)
        problems.extend(found)
        kind = source.data.get("kind")
        if not isinstance(kind, str) or kind not in schema.kinds or not isinstance(source.data.get("slug"), str):
            continue
        ks = schema.kinds[kind]
        cls = Story if ks.is_story else ENTRY_CLASSES[kind]
        entry = cls(path=source.path, data=source.data, body=source.body,
                    body_line=source.body_line, source=source, kind_title=ks.title)
        entry.valid = not any(p.is_error for p in found)
        entries.append(entry)
    return entries


_FULL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _fold_hygiene(found: list[Problem], hygiene: list[Problem]) -> list[Problem]:
    """Add text-hygiene problems; an invisible character in a value the schema already
    refused (a slug's pattern) is told in that message's hint, not as a second error."""
    refused = {p.field: i for i, p in enumerate(found) if p.is_error}
    for problem in hygiene:
        i = refused.get(problem.field)
        if i is None or problem.code != "text-invisible" or not problem.is_error:
            found.append(problem)
            continue
        old = found[i]
        found[i] = dataclasses.replace(old, hint="；".join(filter(None, [problem.message, old.hint])))
    return found


def _check_date(source: SourceFile) -> list[Problem]:
    value = source.data.get("date")
    if not isinstance(value, str) or not _FULL_DATE.fullmatch(value):
        return []  # any other shape is the schema's "格式不对"
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        line, col = source.position(("date",))
        return [Problem(source.path, line, col, "date", f"日期不存在：'{value}'",
                        "请核对年月日，例如 2 月没有 30 日", code="date-invalid")]
    return []


def _check_images(entries: list[Entry], docs_dir: Path, problems: ProblemList,
                  cache_dir: Path | None = None, renderer: BodyRenderer = DEFAULT_RENDERER) -> None:
    """Every photo's file exists inside docs/ and is a real image (drafts too); so is all of docs/."""
    checked = CheckedImages(cache_dir)
    used = set()
    for entry in entries:
        value = entry.get("image")
        if isinstance(value, str):
            used.add(value)
            line, col = entry.source.position(("image",))
            problem = image_problem(entry.path, line, col, value, docs_dir, check=checked.check)
            if problem:
                problems.append(problem)
    # Every other file in docs/ is published too: checked the same way (a photo's is reported above).
    # Not recorded: the record is of photos (a site has few other images).
    problems.extend(docs_problems(docs_dir, check_image, skip=used, render=renderer.html))
    checked.save()


RESERVED_SLUGS = {"index": "它的页面会落在 /{prefix}/（列表页的位置），而不是 /{prefix}/index/"}


def _check_urls(entries: list[Entry], problems: ProblemList) -> None:
    """Two files may not claim one URL, through a slug or an alias; reserved names are refused.

    Slugs are claimed first, so an alias that takes another entry's current
    URL is blamed on the alias's own file, never on the innocent slug.
    """
    claimed: dict[tuple[str, str], Entry] = {}
    for field in ("slug", "aliases"):
        for entry in entries:
            names = [entry.slug] if field == "slug" else entry.aliases
            for slug in names:
                if not isinstance(slug, str):
                    continue
                prefix = entry.url.split("/")[0]
                line, col = entry.source.position((field,))
                if slug in RESERVED_SLUGS:
                    problems.add(entry.path, f"网址名 '{slug}' 是保留的：{RESERVED_SLUGS[slug].format(prefix=prefix)}",
                                 line=line, col=col, field=field, hint="请换一个网址名", code="slug-reserved")
                    continue
                other = claimed.setdefault((entry.namespace, slug), entry)
                if other is entry:
                    if field == "aliases" and slug == entry.slug:
                        problems.add(entry.path, f"旧网址名 '{slug}' 就是这篇现在的网址名", line=line, col=col,
                                     field=field, hint="aliases 里只写以前用过的网址名；请删掉它", code="alias-self")
                    continue
                problems.add(entry.path, f"网址 /{prefix}/{slug}/ 已被 {other.path} 占用",
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
            label = schema.kinds[ref.target].title
            # A value of the wrong type (the schema's message) or a slug not found (_resolve's)
            # is not linked: the model never holds a reference as None.
            found = [_resolve(entry, ref, i if ref.many else None, v, index[ref.target], problems, label)
                     for i, v in enumerate(values) if isinstance(v, str)]
            entry.link(ref.name, [t for t in found if t is not None], ref.target, ref.many)


def _withhold_faulty(entries: list[Entry], schema: Schema, problems: ProblemList) -> None:
    """Every file with an error is left out of the model, and so are references to it.

    The model of a site with errors (model_despite_errors) is planned and its
    links checked, never published: it holds only files without errors, each
    reference linked to one of them, so nothing built from it meets a broken
    value (a name that is not text, a person that is not there).
    """
    faulty = {p.path for p in problems if p.is_error}
    for entry in entries:
        if entry.path in faulty:
            entry.valid = False
    for entry in entries:
        for ref in schema.kinds[entry.kind].refs:
            targets = entry.links.get(ref.name, [])
            if not all(t.valid for t in targets):
                entry.link(ref.name, [t for t in targets if t.valid], ref.target, ref.many)


def _resolve(entry, ref, i, slug, known: dict, problems: ProblemList, label: str):
    target = known.get(slug)
    if target is not None or is_placeholder(slug):  # placeholders are reported already
        return target
    path = (ref.name,) if i is None else (ref.name, i)
    line, col = entry.source.position(path)
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


def _build_site(checked: list[Entry], schema: Schema, today: dt.date, show_drafts: bool) -> Site:
    """The Site of the files without errors (the others are its `invalid`)."""
    entries = [e for e in checked if e.valid]
    stories = [e for e in entries if isinstance(e, Story)]
    for story in stories:
        story.status = story_status(story, today)
    withheld = [s for s in stories if s.status != PUBLISHED]
    invalid = [e for e in checked if not e.valid]
    # An entity no story at all leads to is an orphan: a name on a page with nothing about it.
    # A story with errors still leads to its entities (they are no orphans while it is being fixed).
    orphans = {id(e) for e in entries if not isinstance(e, Story)} - reachable(
        stories + [e for e in invalid if isinstance(e, Story)], schema)
    if show_drafts:
        published, hidden = stories, set(orphans)
    else:
        published = [s for s in stories if s.status == PUBLISHED]
        # Entities only withheld stories lead to are withheld with them;
        # anything a published story or a kept entity refers to stays.
        maybe = reachable(withheld, schema) - reachable(published, schema)
        kept = [e for e in entries if not isinstance(e, Story) and id(e) not in maybe and id(e) not in orphans]
        hidden = (maybe - reachable(published + kept, schema)) | orphans
    groups = {k: {e.slug: e for e in entries if e.kind == k and id(e) not in hidden} for k in ENTRY_CLASSES}
    site = Site(stories=sorted(published, key=lambda s: s.sort_key),
                teams=groups["team"], enterprises=groups["enterprise"],
                columns=groups["column"], people=groups["person"],
                drafts=withheld, schema=schema)
    site.hidden = [e for e in entries if id(e) in hidden and not isinstance(e, Story)]
    site.invalid = invalid
    site.orphans = [e for e in entries if id(e) in orphans]
    # What a retraction takes away keeps its URL, serving a "withdrawn" page.
    retracted = [s for s in withheld if s.status == RETRACTED] if not show_drafts else []
    gone = reachable(retracted, schema)
    site.retracted = [e for e in retracted] + [e for e in site.hidden if id(e) in gone and id(e) not in orphans]
    return site


def orphan_notes(site: Site) -> list[Problem]:
    """One note per orphan entity (left out of the site): said by `jishi check` and the
    build, but not a problem of the files, so it fails nothing."""
    out = []
    for entry in site.orphans:
        line, col = entry.source.position(("slug",))
        out.append(Problem(entry.path, line, col, "", f"没有任何稿件提到这个{entry.kind_label}，它的页面不会发布",
                           f"写到它的稿件发布时，页面会自动出现；如果它不再需要，可以删掉这个文件",
                           severity=NOTE, code="entity-orphan"))
    return out
