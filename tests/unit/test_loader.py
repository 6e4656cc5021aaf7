"""Loading files: encodings, line endings, duplicate keys, malformed front matter."""

import pytest

from jishi.content.loader import LoadError, parse_source


def load(text, rel="stories/a.md"):
    return parse_source(text if isinstance(text, bytes) else text.encode("utf-8"), rel)


def error_of(raw) -> str:
    with pytest.raises(LoadError) as exc:
        load(raw)
    return str(exc.value.problem)


def test_front_matter_and_body_are_split_with_positions():
    src = load("---\nkind: person\nslug: zhang-san\nname: 张三\n---\n正文第一段\n")
    assert src.data == {"kind": "person", "slug": "zhang-san", "name": "张三"}
    assert src.body == "正文第一段\n"
    assert src.body_line == 6
    assert src.position(("name",)) == (4, 1)


def test_bom_and_crlf_are_accepted_and_text_kept():
    raw = b"\xef\xbb\xbf---\r\nkind: person\r\nslug: a\r\nname: \xe5\xbc\xa0\r\n---\r\n\xe6\xad\xa3\xe6\x96\x87\r\n"
    src = load(raw)
    assert src.data["kind"] == "person"
    assert src.data["name"] == "张"
    assert src.body == "正文\n"


def test_duplicate_key_is_an_error_naming_both_lines():
    text = "---\nkind: person\nslug: a\nname: 张三\nname: 李四\n---\n"
    assert error_of(text) == (
        "stories/a.md:5:1: name: 字段重复（第 4 行已写过一次）；同一字段只能写一次，请删掉或合并其中一个")


def test_duplicate_key_nested_is_found():
    text = "---\nkind: voices\nitems:\n  - who: 甲\n    who: 乙\n---\n"
    assert "stories/a.md:5:5: items.0.who: 字段重复（第 4 行已写过一次）" in error_of(text)


def test_gbk_file_is_named_as_such():
    raw = "---\nkind: person\nslug: a\nname: 张三\n---\n".encode("gbk")
    assert error_of(raw) == (
        "stories/a.md:4:7: 文件是 GBK/GB18030 编码，本系统只接受 UTF-8；"
        "运行 jishi check --fix-encoding 自动转存为 UTF-8（不改动任何字），或在编辑器里“另存为 → 编码 UTF-8”")


def test_front_matter_must_be_a_mapping():
    assert error_of("---\n- a\n- b\n---\n") == (
        "stories/a.md:2:1: 前置信息必须是“字段: 值”的映射；每行写一个字段，例如 title: 标题")


def test_missing_opening_and_closing_fences():
    assert error_of("kind: person\n").startswith("stories/a.md:1:1: 文件开头缺少前置信息（第一行应为 ---）")
    assert error_of("---\nkind: person\n").startswith("stories/a.md:1:1: 前置信息没有结束（找不到第二行 ---）")


def test_empty_and_binary_files():
    assert error_of(b"").startswith("stories/a.md:1:1: 文件是空的")
    assert error_of(b"\x89PNG\r\n\x1a\n\x00\x00").startswith("stories/a.md:1:1: 这不是文本文件")


def test_yaml_syntax_error_has_line_and_tab_hint():
    msg = error_of("---\nkind: person\n\tslug: a\n---\n")
    assert msg.startswith("stories/a.md:3:1: YAML 语法错误")
    assert msg.endswith("YAML 不能用 Tab 缩进，请改用空格")


def test_anchors_and_aliases_are_refused():
    text = "---\nkind: voices\na: &x [1, 2]\nb: *x\n---\n"
    assert "不支持 YAML 锚点和别名（& 和 *）" in error_of(text)


def test_dates_stay_as_written():
    src = load("---\nkind: case\ndate: 2017-04-11\n---\n")
    assert src.data["date"] == "2017-04-11"
