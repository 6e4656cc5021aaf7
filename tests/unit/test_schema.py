"""Validation of whole sites: exact messages for each kind of mistake."""

from pathlib import Path

from jishi import load_site
from jishi.content.schema import load_schema

ENTITIES = """---
kind: column
slug: hugen
name: 护根之举
order: 1
"""


def site_with(tmp_path: Path, files: dict):
    base = {
        "columns/hugen.md": ENTITIES + "---\n",
        "people/dong-yongxiang.md": "---\nkind: person\nslug: dong-yongxiang\nname: 董永祥\n---\n",
        "enterprises/zhongjian-mumian.md": "---\nkind: enterprise\nslug: zhongjian-mumian\nname: 中建幕墙\n---\n",
        "teams/zhongjian-mumian-team.md": "---\nkind: team\nslug: zhongjian-mumian-team\nname: 武汉市总工会驻中建幕墙工作队\nenterprise: zhongjian-mumian\n---\n",
    }
    for rel, text in {**base, **files}.items():
        path = tmp_path / "stories" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return load_site(tmp_path)


def messages(tmp_path, files):
    site, problems = site_with(tmp_path, files)
    return [str(p) for p in sorted(problems)]


GOOD = """---
kind: commentary
slug: dong-yongxiang-commentary
title: 密切联系职工群众的创新之举
author: dong-yongxiang
author_role: 湖北省总工会党组书记、常务副主席
column: hugen
date: "2017"
---
正文。
"""


def with_line(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new)


def test_valid_site_loads(tmp_path):
    site, problems = site_with(tmp_path, {"commentary/a.md": GOOD})
    assert problems == []
    story = site.stories[0]
    assert story.author.name == "董永祥" and story.column.name == "护根之举"
    assert site.by_column["hugen"] == [story]


def test_required_field_missing(tmp_path):
    assert messages(tmp_path, {"commentary/a.md": with_line("title: 密切联系职工群众的创新之举\n", "")}) == [
        "stories/commentary/a.md:2:1: title: 必填字段缺失；点评的标题，照原文。"]


def test_unknown_key_suggests_the_nearest(tmp_path):
    assert messages(tmp_path, {"commentary/a.md": with_line('date: "2017"', 'date: "2017"\nsumary: 一句话')}) == [
        "stories/commentary/a.md:9:1: sumary: 未知字段（专家点评没有这个字段）；你是不是想写 'summary'？"]


def test_a_misspelt_required_field_is_one_mistake_said_once(tmp_path):
    # The key the editor typed is where the mistake is: no second line about the field it should be.
    assert messages(tmp_path, {"commentary/a.md": with_line("title:", "titel:")}) == [
        "stories/commentary/a.md:4:1: titel: 未知字段（专家点评没有这个字段）；你是不是想写 'title'？"
        "title 是必填字段，现在还没有写"]
    # A required field missing with an unrelated unknown key: two mistakes, two lines.
    both = with_line("title:", "zzz:")
    assert [m.split(": ")[1] for m in messages(tmp_path / "b", {"commentary/a.md": both})] == ["title", "zzz"]


def test_wrong_type(tmp_path):
    assert messages(tmp_path, {"commentary/a.md": with_line('date: "2017"', "date: 2017\ndraft: 是")}) == [
        "stories/commentary/a.md:9:1: draft: 应为true 或 false，实际写的是 '是'"]


def test_bad_kind_suggests(tmp_path):
    assert messages(tmp_path, {"commentary/a.md": with_line("kind: commentary", "kind: comentary")}) == [
        "stories/commentary/a.md:2:1: kind: 未知的类型 'comentary'；你是不是想写 'commentary'？"]


def test_bad_slug_pattern(tmp_path):
    assert messages(tmp_path, {"commentary/a.md": with_line("slug: dong-yongxiang-commentary", "slug: 董永祥")}) == [
        "stories/commentary/a.md:3:1: slug: 格式不对：'董永祥'；只能用小写字母 a-z、数字 0-9 和连字符 -，例如 li-ming-xinsheng"]


def test_empty_string(tmp_path):
    assert messages(tmp_path, {"commentary/a.md": with_line("author_role: 湖北省总工会党组书记、常务副主席", 'author_role: ""')}) == [
        "stories/commentary/a.md:6:1: author_role: 不能为空；请填写内容，或删掉这一行"]


def test_impossible_date(tmp_path):
    assert messages(tmp_path, {"commentary/a.md": with_line('date: "2017"', "date: 2017-02-30")}) == [
        "stories/commentary/a.md:8:1: date: 日期不存在：'2017-02-30'；请核对年月日，例如 2 月没有 30 日"]


def test_case_needs_author_or_team(tmp_path):
    case = "---\nkind: case\nslug: a\ntitle: 到职工中去\nteam: zhongjian-mumian-team\ndate: '2017'\n---\n正文。\n"
    assert messages(tmp_path, {"case/a.md": case}) == [
        "stories/case/a.md:2:1: author/author_team: 必须写 author 或 author_team 中的一个；作者（个人）写 author，作者（工作队）写 author_team"]


def test_nested_item_errors(tmp_path):
    voices = "---\nkind: voices\nslug: v\ntitle: 声音\ndate: '2017'\nitems:\n  - who: 网友LM\n    txt: 点赞\n---\n"
    assert messages(tmp_path, {"link/v.md": voices}) == [
        "stories/link/v.md:8:5: items.0.txt: 未知字段（网友声音没有这个字段）；你是不是想写 'text'？text 是必填字段，现在还没有写"]


def test_unknown_reference_suggests_nearest_slug(tmp_path):
    assert messages(tmp_path, {"commentary/a.md": with_line("author: dong-yongxiang", "author: dong-yongxian")}) == [
        "stories/commentary/a.md:5:1: author: 找不到人物 'dong-yongxian'；你是不是想写 'dong-yongxiang'（董永祥）？"]


def test_reference_by_chinese_name_suggests_the_slug(tmp_path):
    assert messages(tmp_path, {"commentary/a.md": with_line("column: hugen", "column: 护根之举")}) == [
        "stories/commentary/a.md:7:1: column: 找不到栏目 '护根之举'；你是不是想写 'hugen'（护根之举）？"]


def test_team_enterprise_reference_checked(tmp_path):
    team = "---\nkind: team\nslug: t\nname: 队\nenterprise: zhongjian\n---\n"
    assert messages(tmp_path, {"teams/t.md": team}) == [
        "stories/teams/t.md:5:1: enterprise: 找不到企业 'zhongjian'；你是不是想写 'zhongjian-mumian'（中建幕墙）？"]


def test_duplicate_slug_names_both_files(tmp_path):
    msgs = messages(tmp_path, {"commentary/a.md": GOOD, "commentary/b.md": GOOD})
    assert msgs == ["stories/commentary/b.md:3:1: slug: 网址 /stories/dong-yongxiang-commentary/ 已被 "
                    "stories/commentary/a.md 占用；每篇稿件和实体的网址名（slug）必须唯一，请换一个"]


def test_alias_colliding_with_a_slug(tmp_path):
    other = GOOD.replace("slug: dong-yongxiang-commentary", "slug: other\naliases: [dong-yongxiang-commentary]")
    msgs = messages(tmp_path, {"commentary/a.md": GOOD, "commentary/b.md": other})
    assert msgs == ["stories/commentary/b.md:4:1: aliases: 网址 /stories/dong-yongxiang-commentary/ 已被 "
                    "stories/commentary/a.md 占用；每篇稿件和实体的网址名（slug）必须唯一，请换一个"]


def test_every_problem_in_one_run(tmp_path):
    bad_a = with_line("title:", "titel:")
    bad_b = GOOD.replace("slug: dong-yongxiang-commentary", "slug: b").replace("column: hugen", "column: hugn")
    msgs = messages(tmp_path, {"commentary/a.md": bad_a, "commentary/b.md": bad_b,
                               "people/x.md": "---\nkind: person\n---\n"})
    assert len(msgs) == 4  # titel: is one mistake (the misspelt title), hugn another, x.md's two fields two more
    assert any("hugn" in m for m in msgs) and any("titel" in m for m in msgs)
    assert "stories/people/x.md:2:1: name: 必填字段缺失；照原文，例如 李明。" in msgs


def test_drafts_are_kept_out_of_the_site(tmp_path):
    draft = GOOD.replace("slug: dong-yongxiang-commentary", "slug: d\ndraft: true")
    site, problems = site_with(tmp_path, {"commentary/a.md": GOOD, "commentary/d.md": draft})
    assert problems == []
    assert [s.slug for s in site.stories] == ["dong-yongxiang-commentary"]
    assert [s.slug for s in site.drafts] == ["d"]


def test_every_schema_key_has_chinese_title_and_description():
    schema = load_schema()
    for kind, ks in schema.kinds.items():
        assert ks.title and ks.description, kind
        for name, prop in ks.properties.items():
            text = prop.get("title", "") + prop.get("description", "")
            assert any("\u4e00" <= ch <= "\u9fff" for ch in text), f"{kind}.{name}"
