"""The editor's notes lint: a quoted passage stands where the note says it does."""

import pytest

from jishi.content.load import load_texts
from jishi.content.notes import normalise, quotes_of

PERSON = '---\nkind: person\nslug: zhang-yong\nname: 张涌\n---\n'
COLUMN = '---\nkind: column\nslug: zhuhun\nname: 铸魂之旅\norder: 1\n---\n'
SAID = "2017年是我们公司“艰难困苦”的一年，市场低迷。"


def said_by_zhang(note: str, body: str = SAID, slug: str = "zhang-yong-xinsheng") -> str:
    return (f'---\nkind: testimonial\nslug: {slug}\nspeaker: zhang-yong\nspeaker_role: 总经理\n'
            f'column: zhuhun\ndate: "2017"\nderived:\n  date: "{note}"\n---\n{body}\n')


def case(note: str) -> str:
    return (f'---\nkind: changes\nslug: bianhua\ntitle: 变化\nitems: [一]\ndate: "2017"\n'
            f'mends:\n  - "{note}"\n---\n关系在“去”中拉近。\n')


def notes(files: dict) -> list[str]:
    site, problems = load_texts({"stories/p.md": PERSON, "stories/c.md": COLUMN, **files})
    assert not problems.errors, problems
    return [str(p) for p in problems if p.code == "note-quote"]


def test_quote_from_this_body_passes_with_inner_quotes_alternating():
    note = "据本篇“2017年是我们公司‘艰难困苦’的一年”推定"
    assert notes({"stories/t.md": said_by_zhang(note)}) == []


def test_quote_said_to_be_from_this_body_but_from_another_story_is_found():
    note = "原文未印发表日期；据正文“2017年是我们公司‘艰难困苦’的一年”推定为 2017 年"
    found = notes({"stories/t.md": said_by_zhang("据本篇“市场低迷”推定"),
                   "stories/b.md": case(note)})
    assert found == ["stories/b.md:8:5: 警告: mends: 编辑说明说“2017年是我们公司‘艰难困苦’的一年”出自本篇，"
                     "但本篇正文没有这段文字；这段文字出自张涌的心声，请写明“同版张涌的心声”"]


def test_quote_naming_the_other_story_passes_and_a_wrong_one_fails():
    good = "据同版张涌的心声“2017年是我们公司‘艰难困苦’的一年”推定"
    bad = "据同版张涌的心声“2018年是我们公司的一年”推定"
    base = {"stories/t.md": said_by_zhang("据本篇“市场低迷”推定")}
    assert notes({**base, "stories/b.md": case(good)}) == []
    [found] = notes({**base, "stories/b.md": case(bad)})
    assert "出自张涌的心声，但那篇正文没有这段文字" in found


def test_quote_of_a_titled_story_names_it_in_book_title_marks():
    good = "据同版《变化》“关系在‘去’中拉近”"
    assert notes({"stories/b.md": case("据本篇“去”"), "stories/t.md": said_by_zhang(good)}) == []
    [found] = notes({"stories/b.md": case("据本篇“去”"), "stories/t.md": said_by_zhang("据同版《不存在》“去”")})
    assert "编辑说明提到的《不存在》不是本站的稿件" in found


def test_quote_of_another_story_without_a_place_is_reported_and_mentions_are_not():
    base = {"stories/t.md": said_by_zhang("据本篇“市场低迷”推定")}
    [found] = notes({**base, "stories/b.md": case("原文未印日期；据“市场低迷”推定")})
    assert "编辑说明引用的“市场低迷”出自别的稿件，却没有写明出处；这段文字出自张涌的心声" in found
    assert notes({**base, "stories/b.md": case("据“去”中拉近，取自 Word 文件属性“标题”")}) == []
    assert notes({"stories/t.md": said_by_zhang("原文在“指导企业开”处中断，其后续文字“展工资……”印于版面他处")}) == []


def test_a_quote_inside_a_title_is_not_a_quote_and_ellipsis_cuts_a_passage():
    [q] = quotes_of("据同版《“到职工中去”是创新》“市场……一年”", ["《“到职工中去”是创新》"])
    assert (q.text, q.place) == ("市场……一年", "《“到职工中去”是创新》")
    assert normalise("‘艰难 困苦’") == "“艰难困苦”"


@pytest.mark.parametrize("place", ["本篇", "正文", "本文"])
def test_every_word_for_this_story_is_checked(place):
    [found] = notes({"stories/t.md": said_by_zhang(f"据{place}“没有的话”推定")})
    assert "出自本篇，但本篇正文没有这段文字" in found
