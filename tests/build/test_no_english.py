"""No English line reaches an editor from any `jishi` command, whatever goes wrong.

Each command is run the ways an editor gets it wrong (outside a site, bad
arguments, an unknown subcommand, a missing file, a site with broken
stories) and every line it prints, on stdout and stderr, goes through
support.english_lines (its docstring states the rule: a line whose letters
are all ASCII and still hold a word, or three Latin words in a row, once
commands, options, paths, URLs, quoted values and field names are taken
out). Every help text of every subcommand is held to the same rule, with
Chinese placeholders and full-width colons. `--format json` is for tools
and is left out.
"""

from __future__ import annotations

import argparse
import re

import pytest

from support import english_lines, jishi_cli, make_site
from jishi import cli

BROKEN = {
    "stories/case/yaml.md": "---\nkind: case\nslug: yaml\ntitle：坏掉的冒号\n---\n正文\n",
    "stories/case/ref.md": ("---\nkind: case\nslug: ref\ndate: \"2017\"\ntitle: 一篇\nteam: no-such-team\n"
                            "author: no-one\n---\n正文[坏链接](../no-such-story/)。\n"),
    "stories/people/empty.md": "---\nkind: person\nslug: empty\n---\n",
}

NO_SITE = [[], ["bogus"], ["--bogus"], ["check"], ["urls"], ["build"], ["new", "case"], ["new"], ["new", "bogus"],
           ["import"], ["import", "nope.docx"], ["import", "a.doc"], ["init"], ["init", "x"],
           ["init", "x", "--name", "站", "--accent", "red"], ["init", "x", "--name", "站", "--site-url", "example"],
           ["schema"], ["schema", "explode", "out"], ["schema", "export"], ["schema", "export", "/proc/version/x"],
           ["check", "--format", "xml"], ["check", "--root"], ["check", "--ro"], ["build", "--site-dir"],
           ["check", "--fix-encoding=yes"], ["urls", "--write", "extra"], ["import", "x.docx", "--dry-run=1"]]
IN_SITE = [["check"], ["urls"], ["build"], ["check", "--urls", "nope.txt"], ["new", "case", "--bogus", "1"],
           ["new", "case", "--title", "一篇"], ["import", "nope.docx"], ["import", "not-a-zip.docx"],
           ["import", "page.txt", "--dry-run"]]


@pytest.fixture(scope="module")
def places(tmp_path_factory):
    empty = tmp_path_factory.mktemp("empty")
    site = make_site(tmp_path_factory.mktemp("broken") / "site", BROKEN)
    (site / "not-a-zip.docx").write_text("这不是 Word 文件", encoding="utf-8")
    (site / "page.txt").write_bytes(b"\xff\xfe\x00bad")
    return {"empty": empty, "site": site}


@pytest.mark.parametrize("where, args", [("empty", a) for a in NO_SITE] + [("site", a) for a in IN_SITE],
                         ids=lambda v: v if isinstance(v, str) else " ".join(v) or "(none)")
def test_a_failing_command_says_it_in_chinese(places, where, args):
    done = jishi_cli(*args, cwd=places[where])
    out = done.stdout + done.stderr
    assert "Traceback" not in out, out
    assert english_lines(out) == [], out
    assert out.strip(), "a command that fails says why"


def test_build_outside_a_site_says_so_in_chinese(places):
    done = jishi_cli("build", cwd=places["empty"])
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip() == ("错误：当前目录不是网站目录（没有 mkdocs.yml）；请到网站根目录运行，或用 --root 指定网站目录；"
                                   "还没有网站就先用 jishi init 新建")


def _parsers(parser: argparse.ArgumentParser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                yield from _parsers(sub)


def test_every_help_text_is_chinese_with_chinese_placeholders_and_colons():
    helps = {p.prog: p.format_help() for p in _parsers(cli._parser())}
    assert len(helps) > 15  # jishi, its commands, and `jishi new` of every kind
    for prog, text in helps.items():
        assert english_lines(text) == [], (prog, text)
        headings = re.findall(r"^(\S.*)$", text, re.M)
        assert not [h for h in headings if h.endswith(":")], (prog, headings)  # 命令：, not 命令:
    overview = helps["jishi"]
    assert "\n命令：\n" in overview and "命令:" not in overview
    assert "--root 目录" in helps["jishi check"] and "--urls 文件" in helps["jishi check"]
    assert "ROOT" not in "".join(helps.values()) and "FILE" not in "".join(helps.values())
    assert helps["jishi init"].startswith("用法：jishi init [-h] [--name 名称]")


def test_the_rule_finds_the_english_jishi_used_to_print():
    # Lines jishi printed before (issue 25), each of which the rule must catch.
    seen = ["Usage: python -m mkdocs build [OPTIONS]",
            "Try 'python -m mkdocs build --help' for help.",
            "MkDocs 配置错误：Invalid value for '-f' / '--config-file': '/tmp/x/mkdocs.yml': No such file or directory",
            "错误：No such file or directory：/proc/x",
            "usage: jishi [--root ROOT]",
            "jishi: error: argument --root: expected one argument",
            "  --root ROOT           网站根目录，默认当前目录",
            "INFO    -  Doc file 'stories/a.md' contains an unrecognized relative link '../b/', it was left as is.",
            "Aborted with a BuildError!"]
    assert english_lines("\n".join(seen)) == seen
    fine = ["用法：jishi check [-h] [--root 目录] [--format {text,json}] [--fix-encoding]",
            "stories/case/a.md:9:9: 正文: 链接指向的页面不存在：'../c.md'；请核对网址名",
            "  jishi new person --title 姓名    新建一个人物（类型见 jishi new --help）",
            "  --frontmatter 文件  同时写 Front Matter CMS 配置（frontmatter.json）到这个路径",
            "https://example.org/stories/a/", "提示      -  [01:59:30] 预览地址：http://127.0.0.1:8000/"]
    assert english_lines("\n".join(fine)) == []
