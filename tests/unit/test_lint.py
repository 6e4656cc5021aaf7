"""Lints for Chinese text, each built from a real flaw of the seed's extraction."""

import pytest

from support import ROOT, lint_story as story, seed
from jishi import load_site, parse_source
from jishi.content.load import load_texts
from jishi.content.loader import LoadError


def lints(files: dict) -> list:
    _, problems = load_texts(files)
    assert not problems.errors, problems
    return sorted(problems)


def test_real_content_has_no_lint_warnings():
    _, problems = load_site(ROOT)
    assert [str(p) for p in problems] == []


def test_page_break_split_kai_zhan_is_found():
    # Seed lines 10 and 12: “…深入8个企业开” / “展“到职工中去”活动…”.
    assert seed(10).endswith("开") and seed(12).startswith("展")
    [p] = lints({"stories/a.md": story(f"{seed(10)}\n\n{seed(12)[:60]}")})
    assert p.code == "lint-page-break" and p.severity == "warning"
    assert str(p) == ("stories/a.md:8:1: 警告: 正文: 段落在句子中间断开（“…业开” / “展“…”），像是换页时被拆成了两段；"
                      "如果是同一句话，请删掉第 9 行的空行，把两段接起来，并在 mends 里记一笔")


@pytest.mark.parametrize("before, after", [(108, 110), (114, 116), (136, 128), (16, 18)])
def test_every_page_break_of_the_seed_is_found(before, after):
    found = lints({"stories/a.md": story(f"{seed(before)}\n\n{seed(after)}")})
    assert [p.code for p in found] == ["lint-page-break"]


def test_page_break_is_silent_on_whole_sentences_and_label_lines():
    body = f"{seed(8)}\n\n{seed(20)}\n\n护根之举\n\n{seed(28)}"
    assert lints({"stories/a.md": story(body)}) == []


def test_testimonial_pasted_twice_is_found_in_one_file_and_across_files():
    # Seed lines 132 and 146: 张淞's testimonial, printed twice.
    assert seed(132) == seed(146)
    [p] = lints({"stories/a.md": story(f"{seed(132)}\n\n{seed(142)}\n\n{seed(146)}")})
    assert p.code == "lint-duplicate" and p.line == 12
    assert "这段文字与第 8 行的段落完全相同" in p.message
    [p] = lints({"stories/a.md": story(seed(136)), "stories/b.md": story(seed(150), slug="y")})
    assert p.path == "stories/b.md" and "stories/a.md:8" in p.message


def test_mixed_parentheses_in_the_seed_paragraph():
    # Seed line 16 prints (一)…(五) half-width throughout: a consistent house style, kept.
    assert lints({"stories/a.md": story(seed(16))}) == []
    retyped = seed(16).replace("(二)", "（二）", 1)
    [p] = lints({"stories/a.md": story(retyped)})
    assert p.code == "lint-punctuation" and "“(”" in p.message


def test_half_width_comma_inside_a_chinese_sentence():
    typed = seed(132).replace("形式新颖，参与性强", "形式新颖,参与性强")
    [p] = lints({"stories/a.md": story(typed)})
    assert str(p).startswith("stories/a.md:8:1: 警告: 正文: 中文句子里混用了半角标点 “,”（…容，形式新颖,参与性强。比…）")
    assert lints({"stories/a.md": story(seed(98))}) == []  # 1.7万, 97.9% are numbers


@pytest.mark.parametrize("line, col, field, hint", [
    ("标题：到职工中去", 3, "标题", "写成 title: …"),
    ("title：到职工中去", 6, "title", "改成英文冒号加一个空格：title: …"),
])
def test_full_width_colon_in_a_yaml_key(line, col, field, hint):
    # The seed's lead title, typed with the input method still in Chinese mode.
    text = f"---\nkind: case\nslug: x\n{line}\n---\n{seed(8)}\n"
    # Reported, and the key mended in memory, so the file's other mistakes are found too.
    source = parse_source(text.encode("utf-8"), "stories/a.md")
    [p] = source.problems
    assert source.data["title"] == "到职工中去"
    assert (p.line, p.col, p.field, p.code) == (4, col, field, "yaml-fullwidth-colon")
    assert p.message == "字段名后面用了中文冒号“：”" and hint in p.hint


def test_full_width_colon_in_a_list_item_key():
    # The first netizen voice, its key typed in Chinese mode.
    text = "---\nkind: voices\nitems:\n  - who：网友LM\n    text: 点赞\n---\n"
    [p] = parse_source(text.encode("utf-8"), "stories/a.md").problems
    assert (p.line, p.col, p.field, p.code) == (4, 8, "who", "yaml-fullwidth-colon")
    assert p.hint == "请把中文冒号“：”改成英文冒号加一个空格：who: …"


def test_full_width_space_in_yaml():
    with pytest.raises(LoadError) as exc:
        parse_source("---\nkind: case\ntitle:\u3000到职工中去\n---\n".encode(), "a.md")
    assert str(exc.value.problem) == "a.md:3:7: title: 冒号后面是全角空格（　）；请改成一个半角空格：先把输入法切到英文再敲空格"
    role = seed(130).rsplit(" ", 1)[0]
    text = story("").replace("title: 变化", f"title: \u3000{role}")
    [p] = lints({"stories/a.md": text})
    assert (p.line, p.field, p.code) == (5, "title", "lint-fullwidth-space")
