"""One indexing path: a build, a rebuild, a built folder and the preview give the same index."""

from __future__ import annotations

import hashlib
import importlib
import shutil
from pathlib import Path

import pytest

from support import copy_real_site, jishi_cli, mkdocs_build, pagefind_records
from jishi.search.folder import build_search_index

STORY = "stories/testimonial/zhang-song-xinsheng.md"
WORD = "独角鲸观测站"


def _bundle(site: Path) -> dict[str, str]:
    """Every file of a site's Pagefind bundle: sha256, by path."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in (site / "pagefind").rglob("*") if p.is_file()}


def _preview(root: Path, out: Path) -> None:
    """Build root as `mkdocs serve` does (in this process): its first index is made at once."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(out))
    config.plugins.on_startup(command="serve", dirty=False)
    hook = importlib.import_module("jishi.mkdocs_adapter.hook")
    try:
        build(config, serve_url="http://127.0.0.1:8000/", dirty=False)
    finally:
        hook.PROCESS.mode.close()
        hook.PROCESS.start("build", dirty=False)


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The real site (one bundle): `jishi build`, a story changed, `jishi build` again; a full
    build of the change; that build's pages indexed again as a built folder; and its preview."""
    root = copy_real_site(tmp_path_factory.mktemp("onepath") / "root", "https://example.cn/")
    assert jishi_cli("build", "--root", str(root)).returncode == 0
    path = root / STORY
    path.write_text(path.read_text(encoding="utf-8") + f"\n他们在{WORD}见过面。\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:  # the change folded back at once: no delta bundle
        patch.setenv("JISHI_SEARCH_DELTA_PAGES", "0")  # (its results: tests/browser/test_search_delta_browser.py)
        second = jishi_cli("build", "--root", str(root))
    assert second.returncode == 0, second.stderr
    full = root.parent / "full"
    result = mkdocs_build(root, full)
    assert result.returncode == 0, result.stderr
    folder = root.parent / "folder"
    shutil.copytree(full, folder, ignore=shutil.ignore_patterns("pagefind"))
    build_search_index(folder)
    preview = root.parent / "preview"
    _preview(root, preview)
    return {"rebuild": root / "site", "build": full, "folder": folder, "preview": preview}


def test_a_build_a_rebuild_and_a_built_folder_give_the_same_bundle_bytes(sites):
    want = _bundle(sites["build"])
    assert not (sites["build"] / "pagefind" / "shards").exists()  # below the shard rule: one bundle
    assert any(WORD[:2] in r["content"] for r in pagefind_records(sites["build"] / "pagefind"))
    assert _bundle(sites["rebuild"]) == want
    assert _bundle(sites["folder"]) == want


def test_the_preview_index_holds_the_records_of_the_build(sites):
    assert pagefind_records(sites["preview"] / "pagefind") == pagefind_records(sites["build"] / "pagefind")
