"""scripts/test and .ci/run install a Chinese font whenever fontconfig lists none, whatever else is there.

Each script runs in a copy of the repository's layout with stand-ins on PATH:
fc-list (listing no font, or a Chinese one), apt-get and sudo (recording
what they were asked), and a .venv/bin/python that records and exits, so
nothing is installed and no test suite starts.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from support import ROOT

NOTO = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc: Noto Sans CJK SC:style=Regular"
WQY = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc: WenQuanYi Zen Hei:style=Regular"  # any Chinese font will do


def _stub(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def _run(tmp_path: Path, script: str, fonts: str) -> list[str]:
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    (repo / ".ci").mkdir()
    for rel in ("scripts/test", ".ci/run"):
        shutil.copy(ROOT / rel, repo / rel)
    calls = tmp_path / "calls.log"
    bin_dir = tmp_path / "bin"
    _stub(bin_dir / "fc-list", f"printf '%s' '{fonts}'")
    for name in ("apt-get", "sudo"):
        _stub(bin_dir / name, f'echo "{name} $*" >> {calls}' + ('\nexec "$@"' if name == "sudo" else ""))
    _stub(bin_dir / "pdftoppm", "true")
    _stub(repo / ".venv/bin/python", f'echo "python $*" >> {calls}')
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}")
    done = subprocess.run(["bash", str(repo / script)], cwd=repo, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return calls.read_text(encoding="utf-8").splitlines() if calls.exists() else []


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="the case is: Chromium there, no CJK font")
@pytest.mark.parametrize("script", ["scripts/test", ".ci/run"])
def test_a_chinese_font_is_installed_when_none_is_listed(tmp_path, script):
    calls = _run(tmp_path, script, fonts="")
    installs = [c for c in calls if c.startswith("apt-get") and " install " in c]
    assert installs and "fonts-noto-cjk" in installs[0] and "chromium" not in installs[0], calls


@pytest.mark.parametrize("fonts", [NOTO, WQY])
@pytest.mark.parametrize("script", ["scripts/test", ".ci/run"])
def test_nothing_is_installed_when_a_chinese_font_is_listed(tmp_path, script, fonts):
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Chromium would be installed")
    calls = _run(tmp_path, script, fonts=fonts)
    assert not [c for c in calls if c.startswith("apt-get")], calls
    assert any(c.startswith("python -m pytest") for c in calls), calls  # the suite would run
