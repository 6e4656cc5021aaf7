"""The editor's command line under hostile input: Chinese throughout, never a traceback."""

from __future__ import annotations

import subprocess
import sys

from support import ROOT, jishi_cli, make_site, run_env

WARNED = """---
kind: testimonial
slug: h-warned
speaker: zhang-song
speaker_role: 操作部职工
column: nuanxin
date: "2017"
---
中文句子里混用半角标点,这样.
"""


def test_end_of_input_in_jishi_new_is_a_chinese_message(tmp_path, monkeypatch, capsys):
    from jishi import cli

    site = make_site(tmp_path / "s", {})
    asked = []

    def answer(prompt):
        asked.append(prompt)
        raise EOFError

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", answer)
    assert cli.main(["new", "testimonial", "--root", str(site)]) == 130
    assert capsys.readouterr().err.strip() == "已取消：输入已结束（Ctrl-D），没有写任何文件。"
    assert not (site / "stories/testimonial").exists()


def test_prompts_ask_required_fields_first_and_read_well(tmp_path, monkeypatch):
    from jishi import cli

    site = make_site(tmp_path / "s", {})
    asked = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "")
    assert cli.main(["new", "testimonial", "--root", str(site)]) == 0
    assert asked[0].startswith("讲述人（必填，") and asked[-1].startswith("标题（可选，")
    assert not any("。，" in p or "。；" in p for p in asked), asked


def test_new_help_lists_only_the_kinds_own_fields():
    case = jishi_cli("new", "case", "--help")
    assert case.returncode == 0 and "--team 值" in case.stdout and "工作队（必填）" in case.stdout
    assert "--items" not in case.stdout and "--name" not in case.stdout and "usage:" not in case.stdout
    overview = jishi_cli("new", "--help")
    assert "--items" not in overview.stdout and "testimonial" in overview.stdout
    assert overview.stdout.startswith("用法：jishi new")


def test_a_closed_pipe_is_no_traceback():
    shell = f"{sys.executable} -m jishi check --format json | head -n 1"
    result = subprocess.run(shell, shell=True, capture_output=True, text=True, env=run_env(), cwd=ROOT)
    assert result.stdout == "{\n" and result.stderr == ""


def test_a_warning_fails_the_build_in_chinese_without_banners(tmp_path):
    site = make_site(tmp_path / "s", {"testimonial/w.md": WARNED})
    (site / ".site.new-999999999-stale").mkdir()  # left by a build that was killed
    env = {k: v for k, v in run_env().items() if k not in ("NO_MKDOCS_2_WARNING", "DISABLE_MKDOCS_2_WARNING")}
    result = subprocess.run([sys.executable, "-m", "jishi", "build", "--root", str(site)], capture_output=True,
                            text=True, env=env, cwd=site, timeout=600)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "生成中止：有 1 个警告（生成网站时警告也算失败），请先改好上面的警告。" in lines
    assert lines[-1] == "生成失败，没有生成 site。"  # there was no site/ to keep
    assert "Aborted" not in result.stderr and "Material for MkDocs" not in result.stderr
    assert not any(line.isascii() and line.strip() for line in lines), lines
    assert not list(site.glob(".site.*")) and not (site / "site").exists()
