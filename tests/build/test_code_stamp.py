"""A rebuild after jishi's own code changed renders every page with the new code."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from support import HOOKS, copy_real_site, run_env


def _jishi_build(root: Path, code: Path) -> subprocess.CompletedProcess:
    env = dict(run_env(), PYTHONPATH=str(code))  # this copy of jishi, not the repo's
    return subprocess.run([sys.executable, "-m", "jishi", "build", "--root", str(root)], capture_output=True,
                          text=True, env=env, cwd=root, timeout=600)


def test_a_changed_module_of_jishi_renders_every_story_page_again(tmp_path):
    code = tmp_path / "code"
    shutil.copytree(HOOKS / "jishi", code / "jishi", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(HOOKS / "jishi_hook.py", code)  # MkDocs imports a hook's package from beside the hook file
    root = copy_real_site(tmp_path / "root", "https://example.cn/")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(str(HOOKS), str(code)), encoding="utf-8")
    first = _jishi_build(root, code)
    assert first.returncode == 0, first.stderr
    pages = [p for p in (root / "site" / "stories").glob("*/index.html") if "分钟读完" in p.read_text("utf-8")]
    assert len(pages) > 10
    dateline = code / "jishi" / "site" / "dateline.py"  # writes 约 N 分钟读完 under every story's title
    dateline.write_text(dateline.read_text("utf-8").replace("分钟读完", "分钟读毕"), encoding="utf-8")
    second = _jishi_build(root, code)
    assert second.returncode == 0, second.stderr
    stale = [p.parent.name for p in pages if "分钟读毕" not in p.read_text("utf-8")]
    assert stale == []
