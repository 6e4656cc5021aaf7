"""`jishi import` on another page of the same shape: the rules are the page's, not one campaign's."""

from __future__ import annotations

import pytest

from jishi.editor.importing import run_import

PAGE = """第3版

走进一线

匠心之路

在车间里读懂工人

某某大学社会学院教授 刘海波

工会干部走进车间，和工人一起上下班，这是一次难得的学习。在流水线旁，他们看到了工人的辛苦，也听到了工人的心声，让工会工作更

接地气。

这样的活动值得坚持下去，也值得推广。

职工心声

江城机械制造有限公司车间主任 陈小兰

工作队来到我们车间，帮我们解决了很多实际问题，真正做到了提出的“三

江城重工集团(JCHI)装配工 赵大伟

小分队的同志和我们一起干活，一起吃饭，大家都说这样的干部信得过，愿意跟他们说心里话。

好”要求，职工们都很满意，车间的气氛也越来越好了。

江城纺织有限公司挡车工 孙丽

以前有事不知道找谁，现在工会干部就在身边，有什么困难当面就能说，说了就有回音。

链接

声音：

网友小鱼：工会干部下基层，实实在在，点赞。

网友老王：希望这样的活动多搞一些，常态化。

暖人之语

江城纺织有限公司挡车工 孙丽

以前有事不知道找谁，现在工会干部就在身边，有什么困难当面就能说，说了就有回音。



工会干部李明现场慰问职工
"""


@pytest.fixture(scope="module")
def plan(tmp_path_factory, make_site):
    tmp = tmp_path_factory.mktemp("shape")
    site = make_site(tmp / "site", {}, with_base=False)
    (site / "stories").mkdir()
    page = tmp / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    result = run_import(site, [page])
    return result


def _stories(result, kind):
    return [d for d in result.plan.drafts if d.kind == kind]


def test_kinds_columns_and_bylines(plan):
    [commentary] = _stories(plan, "commentary")
    assert commentary.fields["title"] == "在车间里读懂工人"
    assert commentary.fields["author_role"] == "某某大学社会学院教授"
    roles = [d.fields["speaker_role"] for d in _stories(plan, "testimonial")]
    assert roles == ["江城机械制造有限公司车间主任", "江城重工集团(JCHI)装配工", "江城纺织有限公司挡车工"]
    columns = [d.fields["name"] for d in plan.plan.drafts if d.kind == "column"]
    assert columns == ["匠心之路", "职工心声", "链接", "暖人之语"]
    assert "“走进一线”：版头（专版名）" in plan.report and "“第3版”：版面杂项" in plan.report


def test_page_break_joined_and_cut_text_made_whole(plan):
    [commentary] = _stories(plan, "commentary")
    assert "让工会工作更接地气。\n\n这样的活动值得坚持下去" in commentary.body
    chen, zhao, _ = _stories(plan, "testimonial")
    assert chen.body.endswith("提出的“三好”要求，职工们都很满意，车间的气氛也越来越好了。")
    assert zhao.body.endswith("愿意跟他们说心里话。")
    assert any("其后续文字“好”要求" in m for m in chen.mends)


def test_printed_twice_kept_once_in_the_later_column(plan):
    sun = [d for d in _stories(plan, "testimonial") if d.fields["speaker_role"].endswith("挡车工")]
    assert len(sun) == 1
    assert sun[0].fields["column"] == "nuan-ren-zhi-yu" and "column" in sun[0].derived
    assert "去掉的重复印刷（1）" in plan.report


def test_enterprises_from_roles_and_people_from_captions(plan):
    names = {d.fields["name"]: d.fields for d in plan.plan.drafts if d.kind == "enterprise"}
    assert names["江城重工集团"].get("short_name") == "JCHI"
    assert "江城机械制造有限公司" in names
    [photo] = _stories(plan, "photo")
    people = {d.slug: d.fields["name"] for d in plan.plan.drafts if d.kind == "person"}
    assert [people[p] for p in photo.fields["people"]] == ["李明"]
    [voices] = _stories(plan, "voices")
    assert [i["who"] for i in voices.fields["items"]] == ["网友小鱼", "网友老王"]


def test_no_date_is_invented_and_the_check_says_so(plan):
    # The page names no year: every story's date is left for the editor, and the check reports each one.
    stories = [d for d in plan.plan.drafts if d.kind not in ("person", "team", "enterprise", "column")]
    assert {d.fields["date"] for d in stories} == {"TODO：日期"}
    assert plan.errors == len(stories) == plan.report.count("date: 还没有填写（占位内容“TODO：日期”）")


CONTINUATION_AFTER_A_DUPLICATE = """职工心声

江城机械制造有限公司车间主任 陈小兰

工作队来到我们车间，帮我们解决了很多实际问题，真正做到了提出的“三

江城纺织有限公司挡车工 孙丽

以前有事不知道找谁，现在工会干部就在身边，有什么困难当面就能说，说了就有回音。

好”要求，职工们都很满意，车间的气氛也越来越好了。

暖人之语

江城纺织有限公司挡车工 孙丽

以前有事不知道找谁，现在工会干部就在身边，有什么困难当面就能说，说了就有回音。
"""


def test_a_continuation_printed_after_one_printing_of_a_duplicate(tmp_path, make_site):
    site = make_site(tmp_path / "site", {}, with_base=False)
    (site / "stories").mkdir()
    page = tmp_path / "page.txt"
    page.write_text(CONTINUATION_AFTER_A_DUPLICATE, encoding="utf-8")
    result = run_import(site, [page], dry_run=True)
    chen, sun = _stories(result, "testimonial")
    assert chen.body.endswith("提出的“三好”要求，职工们都很满意，车间的气氛也越来越好了。")
    assert sun.body == "以前有事不知道找谁，现在工会干部就在身边，有什么困难当面就能说，说了就有回音。"
    assert "去掉的重复印刷（1）" in result.report


def test_into_a_folder_outside_stories_is_not_checked(tmp_path, make_site):
    site = make_site(tmp_path / "site", {}, with_base=False)
    (site / "stories").mkdir()
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    result = run_import(site, [page], into=tmp_path / "elsewhere")
    assert (tmp_path / "elsewhere" / "testimonial").is_dir() and not list((site / "stories").iterdir())
    assert "不在 stories/ 下，没有检查" in result.report


def test_near_names_are_suggested_exact_names_linked(tmp_path, make_site):
    site = make_site(tmp_path / "site", {
        "people/chen-xiaolan.md": '---\nkind: person\nslug: chen-xiaolan\nname: 陈晓兰\n---\n',
        "columns/xinsheng.md": '---\nkind: column\nslug: xinsheng\nname: 职工心声\norder: 1\n---\n',
    }, with_base=False)
    page = tmp_path / "page.txt"
    page.write_text(CONTINUATION_AFTER_A_DUPLICATE, encoding="utf-8")
    result = run_import(site, [page], dry_run=True)
    chen = _stories(result, "testimonial")[0]
    assert chen.fields["column"] == "xinsheng"
    assert chen.fields["speaker"] == "chen-xiaolan-2"
    assert "新建人物“陈小兰”；已有相近的“陈晓兰”（chen-xiaolan），如果是同一个，请改用已有的网址名" in result.report
