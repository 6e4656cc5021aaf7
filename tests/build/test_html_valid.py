"""Every built page is valid HTML by the W3C Nu HTML Checker (npm vnu-jar, run on Java).

One run of the checker over the campaign and over a fresh `jishi init` site with a
story of each kind (the checker takes seconds to start, so it reads both folders
at once). Errors plain Material 9 writes itself are listed in MATERIAL with why
they are left; any other error is jishi's and fails the test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from support import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Errors of Material's own templates, with why jishi leaves them.
MATERIAL = {
    # base.html's hidden checkboxes that open the drawer and the search (<input class="md-toggle"
    # type="checkbox" autocomplete="off">): Material sets autocomplete so that a browser going back
    # does not restore a drawer left open; changing it means copying Material's whole page skeleton.
    "Attribute “autocomplete” is only allowed when the input type is": 'class="md-toggle"',
}


def _needed(what: str):
    if os.environ.get("CI"):
        pytest.fail(f"{what} missing; .ci/run and scripts/test install it")
    pytest.skip(f"{what} missing (bash scripts/test installs it)")


@pytest.fixture(scope="module")
def nu_messages(built_site, fresh_site) -> list[dict]:
    if not shutil.which("java"):
        _needed("java")
    if not VNU.is_file():
        _needed("node_modules/vnu-jar (npm ci)")
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--skip-non-html",
                             str(built_site), str(fresh_site)], capture_output=True, text=True, timeout=600)
    return json.loads(result.stderr)["messages"]


def _material(message: dict) -> bool:
    return any(message["message"].startswith(start) and marker in message.get("extract", "")
               for start, marker in MATERIAL.items())


def test_no_page_of_either_site_has_an_error_jishi_causes(nu_messages):
    errors = [m for m in nu_messages if m["type"] == "error" or m.get("subType") == "fatal"]
    assert errors, "the checker found not even Material's known errors: did it read the pages?"
    theirs = [f'{m["url"]}:{m.get("lastLine")}: {m["message"]} {m.get("extract", "").strip()[:120]}'
              for m in errors if not _material(m)]
    assert theirs == []


def test_the_checker_reads_every_page(nu_messages, built_site, fresh_site):
    # Every page with a Material toggle is reported once at least (its autocomplete error), so
    # the set of reported files is the set of themed pages: nothing skipped silently.
    reported = {m["url"].removeprefix("file:") for m in nu_messages}
    for site in (built_site, fresh_site):
        themed = {str(p) for p in site.rglob("*.html") if 'class="md-toggle"' in p.read_text(encoding="utf-8")}
        assert themed and themed <= reported
