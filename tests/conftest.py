"""Shared fixtures: fixture sites, real builds, the jishi command, the real site built once.

The helpers themselves are in support.py; tests take them as fixtures.
Browser fixtures (a local server, Chromium) are in tests/browser/conftest.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import support
from support import ROOT


def pytest_collection_modifyitems(items):
    """Mark each test by its layer's folder, so `-m "not browser"` is the fast loop."""
    for item in items:
        layer = Path(item.fspath).parent.name
        if layer in ("build", "browser"):
            item.add_marker(getattr(pytest.mark, layer))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real campaign site, built once per test session."""
    out = tmp_path_factory.mktemp("real") / "site"
    result = support.mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def guide_site(tmp_path_factory) -> Path:
    """The real site built with `guide: true` in jishi.yml: the editor's guide published too."""
    src = support.copy_real_site(tmp_path_factory.mktemp("guide") / "src", "https://example.org/")
    settings = src / "jishi.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "guide: true\n", encoding="utf-8")
    out = src.parent / "site"
    result = support.mkdocs_build(src, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def fresh_site(tmp_path_factory) -> Path:
    """A site made by `jishi init` with no options, a story of each kind (one retracted), built once."""
    src = support.make_fresh_site(tmp_path_factory.mktemp("fresh") / "site2")
    out = src / "site"
    result = support.mkdocs_build(src, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def make_site():
    """make_site(tmp, stories, with_base=True): a small fixture site with the real mkdocs.yml."""
    return support.make_site


@pytest.fixture(scope="session")
def mkdocs_build():
    """mkdocs_build(site_root, out, *args): a real `mkdocs build --strict` (CompletedProcess)."""
    return support.mkdocs_build


@pytest.fixture(scope="session")
def jishi_cli():
    """jishi_cli(*args, cwd=ROOT): the `jishi` command in a subprocess (CompletedProcess)."""
    return support.jishi_cli


@pytest.fixture(scope="session")
def jishi_main():
    """jishi_main(*args, cwd=ROOT): `jishi` run in this process by jishi.cli.main (a CompletedProcess)."""
    return support.jishi_main
