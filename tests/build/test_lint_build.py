"""A lint warning through the CLI and a real `mkdocs build --strict` (moved from tests/unit/test_lint.py)."""

import json
import shutil
import subprocess
import sys

from support import ROOT, lint_story as story, run_env, seed


def test_cli_warns_but_passes_and_strict_build_fails(tmp_path, jishi_cli, make_site):
    broken = story(f"{seed(10)}\n\n{seed(12)}", slug="broken").replace("title: 变化", "title: 另一组变化")
    site = make_site(tmp_path / "site", {"link/broken.md": broken})
    shutil.copytree(ROOT / "stories", site / "stories", dirs_exist_ok=True)  # the real site plus one flaw
    result = jishi_cli("check", cwd=site)
    assert result.returncode == 0, result.stdout
    assert "stories/link/broken.md:8:1: 警告: 正文: 段落在句子中间断开" in result.stdout
    assert "共 1 个警告。" in result.stdout
    as_json = json.loads(jishi_cli("check", "--format", "json", cwd=site).stdout)
    assert as_json["ok"] is True
    assert [(p["severity"], p["code"], p["line"]) for p in as_json["problems"]] == [("warning", "lint-page-break", 8)]
    # Not conftest's mkdocs_build: its -q drops warnings before --strict can count them.
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
                           capture_output=True, text=True, env=run_env(), cwd=site, timeout=300)
    assert build.returncode == 1
    assert "stories/link/broken.md:8:1: 警告: 正文: 段落在句子中间断开" in build.stderr
    assert "Aborted with 1 warnings in strict mode" in build.stdout + build.stderr
