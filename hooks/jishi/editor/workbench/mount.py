"""The one WSGI app of `jishi serve`: the workbench under /_jishi/, the preview everywhere else.

Every HTML page of the preview gets a 编辑本页 link to the form of the file
it came from (added here, to the response, so no built page ever carries
it). Under --host the preview, which shows drafts, also needs a signed-in
editor.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from werkzeug.utils import redirect

from jishi.editor.workbench.app import PREFIX, Workbench

__all__ = ["mount", "EDIT_LINK"]

EDIT_LINK = "编辑本页"
_STYLE = ("position:fixed;right:1rem;bottom:1rem;z-index:1000;padding:.5rem 1rem;background:#b3261e;color:#fff;"
          "border-radius:4px;font:600 16px/1.4 system-ui,sans-serif;text-decoration:none;"
          "box-shadow:0 2px 6px rgba(0,0,0,.3)")


def mount(preview, bench: Workbench, mount_path: str = "/"):
    """A WSGI app sending /_jishi/… to bench and the rest to preview, with 编辑本页 added to pages."""

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == PREFIX or path.startswith(PREFIX + "/"):
            return bench(environ, start_response)
        if bench.accounts_file is not None and not bench.signed_in(environ):
            return redirect(f"{PREFIX}/login", 303)(environ, start_response)
        return _with_link(preview, environ, start_response, path, mount_path)

    return app


def _with_link(preview, environ, start_response, path: str, mount_path: str):
    held = {}

    def hold(status, headers, exc_info=None):
        held["status"], held["headers"] = status, headers
        return lambda data: None  # the preview writes only through its iterable

    result = preview(environ, hold)
    headers = held.get("headers", [])
    kind = next((v for k, v in headers if k.lower() == "content-type"), "")
    if not held.get("status", "").startswith("200") or not kind.startswith("text/html"):
        start_response(held.get("status", "500 Internal Server Error"), headers)
        return result
    try:
        body = b"".join(result)
    finally:
        getattr(result, "close", lambda: None)()
    page = "/" + path[len(mount_path):].lstrip("/") if path.startswith(mount_path) else path
    link = (f'<a class="jishi-edit-page" href="{PREFIX}/page?url={escape(quote(page))}" '
            f'style="{_STYLE}">{EDIT_LINK}</a>').encode()
    at = body.rfind(b"</body>")
    body = body[:at] + link + body[at:] if at >= 0 else body + link
    headers = [(k, v) for k, v in headers if k.lower() != "content-length"] + [("Content-Length", str(len(body)))]
    start_response(held["status"], headers)
    return [body]
