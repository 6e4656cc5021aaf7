"""`jishi new`: either/or fields said as such, every required field asked, the date it fills said.

The interactive mode runs when stdin is a terminal; these tests feed it a
stdin that says it is one, so every question goes through `input()` as an
editor's typing would.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest

from support import jishi_main
from jishi import cli, load_schema
from jishi.editor.scaffold import either_or, scaffold


class _Terminal(io.StringIO):
    """Typed answers, one a line, on a stdin that is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def site(tmp_path, make_site):
    return make_site(tmp_path / "site", {})


def _new(site, monkeypatch, capsys, typed: str, *args: str):
    monkeypatch.setattr("sys.stdin", _Terminal(typed))
    status = cli.main(["new", *args, "--root", str(site)])
    out = capsys.readouterr().out
    return status, out


def test_either_or_fields_come_from_the_schema():
    assert either_or(load_schema().kinds["case"]) == ["author", "author_team"]
    assert either_or(load_schema().kinds["commentary"]) == []


def test_help_says_author_and_author_team_are_either_or():
    case = jishi_main("new", "case", "--help")
    lines = {line.split()[0]: line for line in case.stdout.splitlines() if line.strip().startswith("--")}
    assert lines["--author"].endswith("作者（个人）（与 --author-team 二选一，必须写一个）")
    assert lines["--author-team"].endswith("作者（工作队）（与 --author 二选一，必须写一个）")
    assert lines["--team"].endswith("工作队（必填）")


def test_file_comments_show_the_either_or_pair_together(site):
    made = scaffold("case", load_schema(), site, {"title": "到班组去"}, today=dt.date(2024, 5, 1))
    head, optional = made.text.split("以下是可选字段", 1)
    assert "# 作者（工作队）（与 author 二选一，必须写一个）：" in head
    assert 'author_team: "TODO：作者（工作队）的网址名"\n# author:  # 作者（个人）（与 author_team 二选一）：' in head
    assert "# author:" not in optional and "（必填）：署名是工作队时" not in made.text
    assert made.filled == {"date": "2024-05-01"}
    given = scaffold("case", load_schema(), site, {"title": "到班组去", "date": "2017"})
    assert given.filled == {} and 'date: "2017"' in given.text


def test_interactive_new_asks_every_required_field_and_says_the_date(site, monkeypatch, capsys):
    typed = "到班组去\nwit-team\nzhang-song\n\n"  # title, team, author (a person), Enter for the date
    status, out = _new(site, monkeypatch, capsys, typed, "case")
    assert status == 0
    asked = [q for q in out.split("）：")[:-1]]
    assert [q.split("（", 1)[0].splitlines()[-1] for q in asked] == ["标题", "工作队", "作者", "日期"]
    assert "作者（个人）（author） 或 作者（工作队）（author_team）（必须写一个" in out
    today = dt.date.today().isoformat()
    assert f"日期：没有给出，已自动填为今天 {today}；如果不对，请在文件里改成稿件的日期。" in out
    text = (site / "stories/case/dao-ban-zu-qu.md").read_text(encoding="utf-8")
    assert 'title: "到班组去"' in text and 'team: "wit-team"' in text and 'author: "zhang-song"' in text
    assert not re.search(r"^author_team:", text, re.M) and f'date: "{today}"' in text
    assert "TODO：在这里写正文" in text and "TODO：作者" not in text


def test_an_unknown_answer_to_the_either_or_question_asks_which(site, monkeypatch, capsys):
    typed = "到班组去\nwit-team\nxin-dui\n5\n2\n2017-06\n"  # not a known slug: which field? 5 is no choice
    status, out = _new(site, monkeypatch, capsys, typed, "case")
    assert status == 0
    assert out.count("“xin-dui”写进哪一个？1 作者（个人），2 作者（工作队）（输入数字）：") == 2
    text = (site / "stories/case/dao-ban-zu-qu.md").read_text(encoding="utf-8")
    assert 'author_team: "xin-dui"' in text and 'date: "2017-06"' in text
    assert "已自动填为今天" not in out


def test_the_date_filled_without_a_terminal_is_said(site):
    done = jishi_main("new", "photo", "--caption", "工人在车间", "--root", str(site))
    assert done.returncode == 0
    assert f"日期：没有给出，已自动填为今天 {dt.date.today().isoformat()}" in done.stdout
    entity = jishi_main("new", "person", "--title", "李明", "--root", str(site))
    assert "已自动填" not in entity.stdout  # a person has no date
