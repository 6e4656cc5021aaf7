"""Messages blame the right file, once: each example of issue 25, on a copy of the real site, exactly."""

from __future__ import annotations

import pytest

from support import copy_real_site
from jishi.cli import main
from jishi.content.load import load_site as load_content
from jishi.site.check import summary_line

PHOTO = "stories/photo/hu-jian-photo.md"
CASE = "stories/case/dao-zhigong-zhong-qu.md"
COMMENTARY = "stories/commentary/li-shuyong-commentary.md"


@pytest.fixture
def real(tmp_path):
    return copy_real_site(tmp_path / "site", "https://example.org/")


def edit(root, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add(root, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def check(root, capsys) -> tuple[int, str]:
    status = main(["check", "--root", str(root)])
    out, err = capsys.readouterr()
    assert err == ""
    return status, out


def test_a_photo_naming_a_person_who_does_not_exist_is_one_message(real, capsys):
    edit(real, PHOTO, '  - "hu-jian"\n', '  - "hu-jian"\n  - "zhang-san"\n')
    assert check(real, capsys) == (1, f"{PHOTO}:8:5: people.1: 找不到人物 'zhang-san'；你是不是想写 'zhang-song'（张淞）？\n"
                                      "共 1 个错误。\n")
    # The model checked despite the error holds no broken reference: the photo is left out.
    site, _ = load_content(real, model_despite_errors=True)
    assert [e.path for e in site.invalid] == [PHOTO]
    assert PHOTO not in {s.path for s in site.stories}
    assert all(None not in s.people and None not in s.all_people for s in site.stories)


def test_references_of_the_wrong_type_are_told_not_a_traceback(real, capsys):
    edit(real, CASE, 'author_team: "zhongjian-mumian-team"\n', "author: {x: y}\ncolumn: true\n")
    edit(real, CASE, 'team: "zhongjian-mumian-team"\n', "team: 12345\n")
    edit(real, CASE, 'enterprise: "zhongjian-mumian"\n', "enterprise: [a]\n")
    assert check(real, capsys) == (1, "\n".join([
        f"{CASE}:5:1: author: 应为文字，实际写的是 {{'x': 'y'}}；请填写被引用对象的网址名（slug），例如 li-ming",
        f"{CASE}:6:1: column: 应为文字，实际写的是 True；YAML 把没加引号的 True 读成了是/否（true/false）；"
        "要写成文字，请加英文引号，例如 column: \"true\"",
        f"{CASE}:7:1: team: 应为文字，实际写的是 12345；YAML 把没加引号的 12345 读成了数字；要写成文字，请加英文引号，例如 team: \"12345\"",
        f"{CASE}:8:1: enterprise: 应为文字，实际写的是 ['a']；请填写被引用对象的网址名（slug），例如 li-ming",
        "共 4 个错误。", ""]))


def test_one_storys_error_makes_no_note_fail_in_other_files(real, capsys):
    # The teams' notes name 同版《到职工中去》: its title misspelt, they are not blamed.
    edit(real, CASE, "title:", "titel:")
    assert check(real, capsys) == (1, f"{CASE}:4:1: titel: 未知字段（纪实报道没有这个字段）；你是不是想写 'title'？"
                                      "title 是必填字段，现在还没有写\n"
                                      "共 1 个错误。\n")


def test_a_link_to_a_story_with_errors_names_that_story(real, capsys):
    edit(real, CASE, "title:", "titel:")
    (real / COMMENTARY).write_text((real / COMMENTARY).read_text(encoding="utf-8")
                                   + "\n见[到职工中去](../dao-zhigong-zhong-qu/)。\n", encoding="utf-8")
    assert check(real, capsys) == (1, f"{CASE}:4:1: titel: 未知字段（纪实报道没有这个字段）；你是不是想写 'title'？"
                                      "title 是必填字段，现在还没有写\n"
                                      f"{COMMENTARY}:21:10: 提示: 正文: 链接指向的 {CASE} 有错误，改好之前它不会发布；"
                                      "这里不用改；改好那个文件的错误，这个链接就能用了\n"
                                      "共 1 个错误，1 条提示。\n")


DRAFT = """---
kind: case
slug: {slug}
title: {title}
draft: true
team: wit-team
author_team: wit-team
date: "{date}"
---
正文{slug}。
"""


def test_the_summary_counts_the_stories_not_published(real, capsys):
    for i in range(2):
        add(real, f"stories/case/draft-{i}.md", DRAFT.format(slug=f"draft-{i}", title=f"草稿{i}", date="2017"))
    add(real, "stories/case/later.md", DRAFT.format(slug="later", title="以后", date="2099-01-01")
        .replace("draft: true\n", ""))
    assert check(real, capsys) == (0, "检查通过：21 篇稿件（另有草稿 2 篇、未到发布日期 1 篇，不发布），"
                                      "5 个工作队，5 个企业，17 个人物，5 个栏目。\n")
    # Counts of another kind (a site with review) go in the same place.
    assert summary_line(12, {"草稿": 49, "待审": 3}, [(5, "工作队")]) == \
        "检查通过：12 篇稿件（另有草稿 49 篇、待审 3 篇，不发布），5 个工作队。"


TESTIMONIAL = """---
kind: testimonial
slug: {slug}
speaker: wang-fang
speaker_role: 车间主任
column: nuanxin
date: "2017"
---
{body}
"""


def test_two_published_stories_with_one_title_warn_naming_both(real, capsys):
    add(real, "stories/people/wang-fang.md", "---\nkind: person\nslug: wang-fang\nname: 王芳\n---\n")
    add(real, "stories/testimonial/wang-fang-1.md", TESTIMONIAL.format(slug="wang-fang-1", body="第一段心声。"))
    add(real, "stories/testimonial/wang-fang-2.md", TESTIMONIAL.format(slug="wang-fang-2", body="第二段心声。"))
    # Of another kind, with a title of its own: the same title is as confusing.
    add(real, "stories/case/again.md", DRAFT.format(slug="again", title="到职工中去", date="2018")
        .replace("draft: true\n", ""))
    assert check(real, capsys) == (0, "\n".join([
        f"{CASE}:4:1: 警告: title: 标题“到职工中去”和 stories/case/again.md:4:1 的一样；"
        "读者在列表和搜索结果里分不清这两篇；请改其中一篇的标题",
        "stories/testimonial/wang-fang-2.md:4:1: 警告: speaker: 标题“王芳：心声”和 stories/testimonial/wang-fang-1.md:4:1 "
        "的一样；没写标题的心声以“人名：心声”为标题；请给其中一篇写上标题（title）",
        "共 2 个警告。",
        "检查通过：24 篇稿件，5 个工作队，5 个企业，18 个人物，5 个栏目。", ""]))
