"""The installed `jishi` command itself: the unit layer runs the CLI in-process (jishi.cli.main, the
console script's function); here the script on PATH's venv, as an editor types it, once each way out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support import ALIASED, run_env

JISHI = Path(sys.executable).parent / "jishi"  # the console script pip installed into this venv


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(JISHI), *args], capture_output=True, text=True, env=run_env(), cwd=cwd, timeout=300)


def test_the_installed_command_checks_and_makes_files_with_chinese_exit_statuses(tmp_path, make_site):
    site = make_site(tmp_path / "site", {"commentary/xin-pinglun.md": ALIASED})
    assert run("check", cwd=site).returncode == 0
    typo = run("new", "testimonal", cwd=site)
    assert typo.returncode == 2 and typo.stderr.strip() == "错误：未知的类型 'testimonal'；你是不是想写 'testimonial'？"
    made = run("new", "commentary", "--title", "到职工中去的日子", cwd=site)
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines()[0] == "已新建：stories/commentary/dao-zhi-gong-zhong-qu-de-ri-zi.md"
    check = run("check", cwd=site)  # its TODO placeholders are errors until filled
    assert check.returncode == 1 and "还没有填写（占位内容“TODO：" in check.stdout and check.stderr == ""
