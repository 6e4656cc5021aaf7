"""`jishi serve`: MkDocs' own preview server and rebuilds, with the workbench mounted beside the site.

The same steps as `mkdocs serve` (mkdocs/commands/serve.py): load the
config, on_startup('serve'), one build, a LiveReloadServer watching the docs,
mkdocs.yml and whatever the hook's on_serve adds (stories/, schema/), and
the hook's incremental rebuilds. Two differences: the socket is bound before
the first build (so port 0 works and the addresses printed are real), and
the server's WSGI application is wrapped by the caller (jishi.cli mounts the
workbench under /_jishi/) through LiveReloadServer's documented set_app.
MkDocs' warnings go through the same Chinese console filter as under
`mkdocs serve` (console.py); its request log is not shown.
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
from os.path import isfile, join
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer

from jishi.mkdocs_adapter.console import MKDOCS_HANDLER, speak_chinese
from jishi.mkdocs_adapter.rebuild import write_site_file

__all__ = ["serve_preview"]


class _Server(LiveReloadServer):
    """Bound once, early: serve() binds again and must not fail."""

    _bound = False

    def server_bind(self):
        if not self._bound:
            super().server_bind()
            self._bound = True

    def server_activate(self):
        if not getattr(self, "_active", False):
            super().server_activate()
            self._active = True


def serve_preview(root: Path, host: str, port: int, wrap: Callable, announce: Callable[[str, str], None]) -> None:
    """Build and serve root's site until interrupted.

    wrap(app, mount_path) -> the WSGI app to serve; announce(preview_url, base_url) is
    called once the port is bound and the first build is done.
    """
    # Its request log (every non-200 answer, in English) is not for editors.
    logging.getLogger("mkdocs.livereload").setLevel(logging.ERROR)
    _console()
    site_dir = tempfile.mkdtemp(prefix="jishi_preview_")
    config_file = str(Path(root) / "mkdocs.yml")

    def get_config():
        return load_config(config_file=config_file, site_dir=site_dir, dev_addr=f"{host}:{port or 8000}")

    config = get_config()
    mount_path = "/" + urlsplit(config.site_url or "/").path.strip("/")
    mount_path = mount_path.rstrip("/") + "/"
    server = _Server(builder=lambda: None, host=host, port=port, root=site_dir, mount_path=mount_path)
    try:
        server.server_bind()
        server.server_activate()
        bound = server.server_address[1]
        shown_host = f"[{host}]" if ":" in host else host
        base = f"http://{shown_host}:{bound}"
        serve_url = base + mount_path
        server.url = serve_url
        config.plugins.on_startup(command="serve", dirty=False)
        server.builder = builder = _builder(get_config, serve_url, site_dir)
        server.error_handler = lambda code: _error_page(site_dir, code)
        _serve(server, config, builder, wrap, mount_path, lambda: announce(serve_url, base))
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def _builder(get_config, serve_url: str, site_dir: str) -> Callable:
    """MkDocs' build of the preview; a broken site leaves a placeholder page and a Chinese line."""
    def builder(config=None):
        if config is None:
            config = get_config()
        config.site_url = serve_url
        try:
            build(config, serve_url=serve_url, dirty=False)
        except Exception:  # noqa: BLE001 - the problems were shown; the workbench is how to fix them
            print("预览暂时无法生成：请在编辑台首页查看并改正上面列出的问题，保存后预览会自动重新生成。",
                  file=sys.stderr, flush=True)
            _placeholder(site_dir)

    return builder


def _serve(server, config, builder, wrap, mount_path, announce) -> None:
    try:
        builder(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        server.set_app(wrap(server.get_app(), mount_path))
        announce()
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()


def _console() -> None:
    """MkDocs' warnings on a console handler as `mkdocs serve` has one, said in Chinese (console.py)."""
    logger = logging.getLogger("mkdocs")
    if not any(h.name == MKDOCS_HANDLER for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.name = MKDOCS_HANDLER
        handler.setLevel(logging.WARNING)
        handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    speak_chinese()


def _placeholder(site_dir: str) -> None:
    """A page in place of a site that could not be built (the first build of a broken site)."""
    index = Path(site_dir) / "index.html"
    if not index.exists():
        write_site_file(index, '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>预览暂时无法生成</title>'
                        '<body><h1>预览暂时无法生成</h1><p>有稿件没有通过检查。请打开<a href="/_jishi/">编辑台</a>'
                        '查看并改正，保存后预览会自动重新生成。</p></body></html>'.encode("utf-8"))


def _error_page(site_dir: str, code: int) -> bytes | None:
    page = join(site_dir, f"{code}.html")
    if code in (404, 500) and isfile(page):
        with open(page, "rb") as f:
            return f.read()
    return None
