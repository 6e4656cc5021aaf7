"""The 编辑台 on every real file (the unit layer, tests/unit/test_workbench.py, takes a few of each folder)."""

from __future__ import annotations

import shutil
import sys

from werkzeug.test import Client

from support import ROOT, make_site
from jishi.editor.workbench.app import Workbench

sys.path.insert(0, str(ROOT / "tests" / "unit"))
from test_workbench import save_unchanged  # noqa: E402  (the unit layer's form round trip)


def test_saving_any_real_file_unchanged_changes_no_byte(tmp_path):
    site = make_site(tmp_path / "site", {})
    shutil.copytree(ROOT / "stories", site / "stories", dirs_exist_ok=True)
    paths = sorted((site / "stories").rglob("*.md"))
    save_unchanged(Client(Workbench(site)), site, paths)
