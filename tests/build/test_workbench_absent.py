"""The workbench belongs to `jishi serve` only: a built site carries no trace of it."""

from __future__ import annotations

from jishi.editor.workbench.app import PREFIX
from jishi.editor.workbench.mount import EDIT_LINK


def test_the_built_site_has_no_edit_link_route_or_asset(built_site):
    files = [p for p in built_site.rglob("*") if p.is_file()]
    assert files
    assert not [p for p in files if "_jishi" in p.as_posix() or p.name.startswith("workbench.")]
    for path in files:
        if path.suffix in (".html", ".xml", ".js", ".css", ".json", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert EDIT_LINK not in text and PREFIX not in text and "jishi-edit-page" not in text, path
