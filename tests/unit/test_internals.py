"""The shapes of MkDocs and Jinja that jishi.mkdocs_adapter.internals relies on.

Each test names what changed when it fails, so an upgrade of MkDocs or Jinja
says at once which reach to fix; each fallback is tested too: without the
shape, builds stay correct (only slower).
"""

from __future__ import annotations

import inspect
import logging
from pathlib import Path

import jinja2
import pytest
import mkdocs.commands.build
import mkdocs.commands.serve
from mkdocs.structure.files import File

from jishi.mkdocs_adapter import internals
from jishi.mkdocs_adapter.fragments import cache_fragments


def _nested_code(function, name: str):
    return next((c for c in function.__code__.co_consts if inspect.iscode(c) and c.co_name == name), None)


def test_serve_still_defines_a_builder_closure_over_the_cells_we_read():
    builder = _nested_code(mkdocs.commands.serve.serve, "builder")
    assert builder is not None, (
        "mkdocs.commands.serve.serve no longer defines a nested `builder`: "
        "internals.dirty_rebuilds cannot make dirty rebuilds (serve falls back to full rebuilds)")
    missing = [n for n in internals.BUILDER_CELLS if n not in builder.co_freevars]
    assert not missing, (
        f"MkDocs' serve builder no longer closes over {missing} (it has {builder.co_freevars}): "
        "update internals.BUILDER_CELLS / dirty_rebuilds")


def test_dirty_rebuilds_reads_a_closure_and_falls_back_on_any_other_shape():
    def make(get_config, serve_url, is_clean):
        def builder(config=None):
            return get_config, serve_url, is_clean
        return builder

    assert callable(internals.dirty_rebuilds(make(lambda: None, "http://127.0.0.1:9/", False)))
    assert internals.dirty_rebuilds(make(lambda: None, "http://127.0.0.1:9/", True)) is None  # --clean
    assert internals.dirty_rebuilds(lambda config=None: None) is None  # no closure: MkDocs' own rebuilds
    assert internals.dirty_rebuilds(object()) is None


def test_a_dirty_build_still_asks_file_is_modified():
    assert callable(getattr(File, "is_modified", None)), (
        "mkdocs.structure.files.File has no is_modified(): internals.mark_unmodified cannot skip files")
    source = inspect.getsource(mkdocs.commands.build)
    assert "dirty and not page.file.is_modified()" in source, (
        "mkdocs.commands.build no longer skips a page when `dirty and not page.file.is_modified()`: "
        "preview rebuilds would render every page (still correct, slower); update internals.mark_unmodified")


def test_mark_unmodified_skips_one_file_and_leaves_other_shapes_alone(tmp_path):
    one, other = (File(f"{n}.md", str(tmp_path), str(tmp_path / "out"), True) for n in "ab")
    assert internals.mark_unmodified(one) is True
    assert one.is_modified() is False
    assert other.is_modified() is True  # per instance, never the class

    class NoSuchMethod:
        pass

    thing = NoSuchMethod()
    assert internals.mark_unmodified(thing) is False and not hasattr(thing, "is_modified")


def test_mkdocs_still_warns_about_dirty_builds_in_the_words_we_filter():
    source = inspect.getsource(mkdocs.commands.build.build)
    assert internals.DIRTY_WARNING in source, (
        f"mkdocs.commands.build.build no longer warns with {internals.DIRTY_WARNING!r}: "
        "update internals.DIRTY_WARNING, or strict serve rebuilds will count MkDocs' new wording")
    assert mkdocs.commands.build.log.name == internals.DIRTY_LOGGER, (
        f"MkDocs' build logs on {mkdocs.commands.build.log.name!r}, not {internals.DIRTY_LOGGER!r}")


def test_the_dirty_warning_filter_drops_only_that_warning():
    def record(message):
        return logging.LogRecord(internals.DIRTY_LOGGER, logging.WARNING, __file__, 1, message, (), None)

    assert internals.quiet_dirty_warning(record("A 'dirty' build is being performed, this will likely")) is False
    assert internals.quiet_dirty_warning(record("Doc file 'x.md' contains a link")) is True


def test_jinja_templates_still_render_through_root_render_func():
    env = jinja2.Environment(loader=jinja2.DictLoader({"nav.html": "{{ page }}"}))
    template = env.get_template("nav.html")
    assert callable(getattr(template, "root_render_func", None)), (
        "jinja2.Template has no root_render_func: the fragment cache cannot wrap it (pages render as usual)")
    calls = []
    assert internals.wrap_root_render(template, lambda render: lambda ctx: calls.append(1) or render(ctx))
    assert template.render(page="x") == "x" and calls == [1], (
        "jinja2.Template.render no longer calls root_render_func: the fragment cache would be skipped")


def test_the_fragment_cache_draws_once_per_key_and_falls_back_without_the_shape():
    env = jinja2.Environment(loader=jinja2.DictLoader({"partials/nav.html": "{{ page }}"}))
    assert cache_fragments(env, key_of=lambda context: "same") == ["partials/nav.html"]
    template = env.get_template("partials/nav.html")
    assert [template.render(page=p) for p in "ab"] == ["a", "a"]  # drawn once for the key

    class Bare:
        pass

    assert internals.wrap_root_render(Bare(), lambda render: render) is False


def _material_templates():
    import material

    return Path(material.__file__).parent / "templates"


def test_materials_partials_and_base_blocks_the_fragment_cache_draws_still_exist():
    templates = _material_templates()
    missing = [n for n in (*internals.NAV_FRAGMENTS, *internals.PAGE_FREE) if not (templates / n).is_file()]
    assert not missing, f"Material no longer has {missing}: update internals.NAV_FRAGMENTS / PAGE_FREE"
    source = (templates / "base.html").read_text(encoding="utf-8")
    blocks = {node.name for node in jinja2.Environment().parse(source).find_all(jinja2.nodes.Block)}
    gone = [b for b in internals.BASE_BLOCKS if b not in blocks]
    assert not gone, f"Material's base.html no longer defines the blocks {gone}: update internals.BASE_BLOCKS"


def test_materials_file_names_the_build_trims_and_merges_still_match():
    templates = _material_templates()
    files = [p.relative_to(templates).as_posix() for p in (templates / "assets").rglob("*") if p.is_file()]
    for name, pattern in (("MAIN_CSS", internals.MAIN_CSS), ("PALETTE_CSS", internals.PALETTE_CSS),
                          ("SEARCH_FILES", internals.SEARCH_FILES)):
        assert any(pattern.fullmatch(f) for f in files), f"no file of Material matches internals.{name} any more"


def test_the_sitemap_and_its_gz_take_the_pages_update_date():
    # jishi dates the pages (internals.date_pages) instead of setting SOURCE_DATE_EPOCH in the environment.
    from mkdocs.structure.pages import Page
    from mkdocs.utils import get_build_timestamp

    assert "update_date" in inspect.getsource(Page.__init__), (
        "mkdocs.structure.pages.Page no longer sets update_date: internals.date_pages dates nothing")
    assert "update_date" in inspect.getsource(get_build_timestamp), (
        "mkdocs.utils.get_build_timestamp no longer reads the pages' update_date: sitemap.xml.gz takes the clock")

    class Dated:
        page = type("P", (), {"update_date": "2000-01-01"})()

    files = [Dated(), File("x.css", "/docs", "/site", False)]
    assert internals.date_pages(files, "2024-05-06") == 1
    assert files[0].page.update_date == "2024-05-06"
    assert get_build_timestamp(pages=[files[0].page]) == 1714953600
    assert internals.build_date(1714953600) == "2024-05-06"


@pytest.fixture
def live_server(tmp_path):
    """MkDocs' preview server as `mkdocs serve` makes it, before it serves (its socket closed after)."""
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    yield server
    server.server_close()


def _rebuild_wanted(server, timeout: float = 30) -> bool:
    with server._rebuild_cond:
        return server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=timeout)


def test_a_save_in_a_watched_folder_reaches_mkdocs_through_inotify(tmp_path, live_server):
    folder, config = tmp_path / "stories", tmp_path / "mkdocs.yml"
    folder.mkdir()
    config.write_text("site_name: x\n", encoding="utf-8")
    server = live_server
    polling = server.observer
    server.watch(str(folder))
    server.watch(str(folder))
    server.watch(str(config))
    watcher = internals.watch_at_once(server)
    try:
        assert watcher is not None and watcher.is_alive(), (
            "internals.watch_at_once no longer finds LiveReloadServer's observer, _watched_paths and _watch_refs "
            "(or watchdog's inotify observer): saves are noticed at MkDocs' next poll")
        assert server.observer is polling and server._watched_paths == {str(folder): 2, str(config): 1}
        assert server._watch_refs[str(folder)] in {e.watch for e in watcher.emitters}
        assert {e.watch.raw_path for e in polling.emitters} == {str(config)}  # a file stays on polling
        assert server.build_delay == internals.BUILD_DELAY
        story = folder / "a.md"
        story.write_text("新的一句。\n", encoding="utf-8")  # the polling observer is not running
        assert _rebuild_wanted(server)
        while True:  # until every event of that save is in (not a timing assertion)
            server._want_rebuild = False
            if not _rebuild_wanted(server, timeout=0.5):
                break
        assert story.read_text(encoding="utf-8") == "新的一句。\n"  # the rebuild reads it: not a change
        assert not _rebuild_wanted(server, timeout=1)
        story.write_text("又一句。\n", encoding="utf-8")
        assert _rebuild_wanted(server)
    finally:
        if watcher is not None:
            watcher.stop()
            watcher.join()


def test_watch_at_once_leaves_polling_when_asked_or_the_shape_is_gone(tmp_path, monkeypatch, live_server):
    folder = tmp_path / "stories"
    folder.mkdir()
    server = live_server
    server.watch(str(folder))
    monkeypatch.setenv("JISHI_WATCH", "poll")
    assert internals.watch_at_once(server) is None
    monkeypatch.delenv("JISHI_WATCH")
    assert {e.watch.raw_path for e in server.observer.emitters} == {str(folder)} and server.build_delay == 0.1

    class Other:
        observer = server.observer
    assert internals.watch_at_once(Other()) is None


def test_watch_at_once_falls_back_to_polling_when_inotify_cannot_start(tmp_path, monkeypatch, live_server):
    folder = tmp_path / "stories"
    folder.mkdir()
    server = live_server
    server.watch(str(folder))
    native = internals._inotify_observer()

    def refuse():
        raise OSError(24, "inotify instance limit reached")
    monkeypatch.setattr(native, "start", refuse)
    monkeypatch.setattr(internals, "_inotify_observer", lambda: native)
    assert internals.watch_at_once(server) is None
    assert {e.watch.raw_path for e in server.observer.emitters} == {str(folder)} and not native.emitters
    assert server._watched_paths == {str(folder): 1} and server.build_delay == 0.1
