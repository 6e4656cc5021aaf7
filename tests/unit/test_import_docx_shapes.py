"""`jishi import` of Word files made the ways reporters make them.

Several bylines, several names on one line, a photographer; an image with
its caption and then a paragraph; an image with no caption and then a
paragraph; a table. Every name is kept with its role, a caption is taken
only when it reads as one, every guess is listed under 需要编辑核对的地方
with its paragraph, and every character of the file lands somewhere.
"""

from __future__ import annotations

import io

import docx
import pytest
from PIL import Image

from jishi.content.loader import read_source
from jishi.editor.importing import run_import
from jishi.editor.importing.byline import caption_reason, parse_byline
from jishi.editor.importing.docx import docx_blocks


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 90, 160)).save(buf, "PNG")
    return buf.getvalue()


def _word(path, *parts) -> str:
    """A .docx of parts: ("h", title), ("p", text), ("img",), ("table", [[cells]])."""
    doc = docx.Document()
    for part in parts:
        if part[0] == "h":
            doc.add_heading(part[1], 0)
        elif part[0] == "p":
            doc.add_paragraph(part[1])
        elif part[0] == "img":
            doc.add_picture(io.BytesIO(_png()))
        elif part[0] == "table":
            rows = part[1]
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            for row, texts in zip(table.rows, rows):
                for cell, text in zip(row.cells, texts):
                    cell.text = text
    doc.save(path)
    return path


@pytest.fixture
def site(tmp_path, make_site):
    root = make_site(tmp_path / "site", {}, with_base=False)
    (root / "stories").mkdir()
    return root


def _file(site, kind: str, slug: str | None = None):
    paths = sorted((site / "stories" / kind).glob(f"{slug or '*'}.md"))
    assert len(paths) == 1, paths
    source = read_source(paths[0], str(paths[0]))
    source.body = source.body.strip()
    return source


def _uncertain(report: str) -> list[str]:
    section = report.split("## 需要编辑核对的地方", 1)[1].split("\n## ", 1)[0]
    return [line[2:] for line in section.splitlines() if line.startswith("- ")]


def _only_todos(report: str) -> bool:
    """The new files' check finds nothing but the TODOs the editor fills in."""
    section = report.split("## jishi check", 1)[1]
    errors = [line for line in section.splitlines() if line.startswith("stories/")]
    return all("还没有填写（占位内容“TODO" in line for line in errors)


def test_byline_of_the_issue_keeps_both_people_with_their_roles(site, tmp_path):
    path = _word(site / "稿件.docx", ("h", "车间里的一堂课"), ("p", "本报记者 李明 通讯员 张华"),
                 ("p", "清晨七点，工会干部换上工装。"))
    result = run_import(site, [path])
    story = _file(site, "case")
    assert story.data["author"] == "li-ming" and story.data["author_role"] == "本报记者"
    assert story.data["people"] == ["zhang-hua"]
    assert story.data["derived"]["people"].startswith("原文署名“本报记者 李明 通讯员 张华”：通讯员 张华与作者同署")
    assert _file(site, "people", "li-ming").data["name"] == "李明"
    assert _file(site, "people", "zhang-hua").data["name"] == "张华"
    assert _uncertain(result.report) == [
        "稿件.docx 第 2 段：署名“本报记者 李明 通讯员 张华”有 2 位作者：作者写了本报记者 李明，通讯员 张华列入文中人物（people），"
        "说明写在 derived.people；请核对"]
    assert "需要编辑核对的地方（0）" not in result.report
    assert _only_todos(result.report)


def test_several_byline_lines_and_a_photographer(site, tmp_path):
    path = _word(site / "b.docx", ("h", "到班组去"), ("p", "本报记者 李明 张华"), ("p", "通讯员 王小红"),
                 ("p", "摄影 赵强"), ("p", "工会干部来到班组。"), ("img",), ("p", "图为工会干部向师傅学习"),
                 ("p", "大家围坐在一起。"))
    result = run_import(site, [path])
    story = _file(site, "case")
    assert (story.data["author"], story.data["author_role"]) == ("li-ming", "本报记者")
    assert story.data["people"] == ["zhang-hua", "wang-xiaohong"]
    assert "本报记者 张华、通讯员 王小红与作者同署" in story.data["derived"]["people"]
    photo = _file(site, "photo")
    assert photo.data["caption"] == "图为工会干部向师傅学习" and photo.data["credit"] == "摄影 赵强"
    assert photo.data["derived"]["credit"] == "取自原文署名“本报记者 李明 张华；通讯员 王小红；摄影 赵强”"
    assert story.body == "工会干部来到班组。\n\n大家围坐在一起。"
    notes = _uncertain(result.report)
    assert any(n.startswith("b.docx 第 2 段：署名“本报记者 李明 张华；通讯员 王小红；摄影 赵强”有 3 位作者") for n in notes)
    assert "b.docx 第 4 段：署名里的摄影 赵强写成了本文 1 张图片的摄影（credit）；如果某张图片另有摄影者，请改" in notes
    assert _only_todos(result.report)


def test_image_caption_then_paragraph_keeps_the_paragraph(site, tmp_path):
    path = _word(site / "c.docx", ("h", "车间课堂"), ("p", "本报记者 李明"), ("p", "第一段，工会干部进车间。"),
                 ("img",), ("p", "工人在车间操作机床"), ("p", "第二段，师傅手把手地教。"), ("p", "第三段，大家都记得。"))
    result = run_import(site, [path])
    assert _file(site, "photo").data["caption"] == "工人在车间操作机床"
    assert _file(site, "case").body == "第一段，工会干部进车间。\n\n第二段，师傅手把手地教。\n\n第三段，大家都记得。"
    assert _uncertain(result.report) == [
        "c.docx 第 5 段：第 1 张图片下面的短句“工人在车间操作机床”当作图注；如果它其实是正文，请移回正文"]


def test_image_without_caption_then_a_paragraph_stays_in_the_body(site, tmp_path):
    # The issue's file: the paragraph after the image became the caption; the story kept 2 of 3 paragraphs.
    path = _word(site / "d.docx", ("h", "车间课堂"), ("p", "本报记者 李明"), ("p", "第一段，工会干部进车间。"),
                 ("img",), ("p", "工人们说，这堂课很实用。"), ("p", "第三段，大家都记得。"))
    result = run_import(site, [path])
    story = _file(site, "case")
    assert story.body == "第一段，工会干部进车间。\n\n工人们说，这堂课很实用。\n\n第三段，大家都记得。"
    assert _file(site, "photo").data["caption"] == "TODO：图注"
    assert _uncertain(result.report) == [
        "d.docx 第 4 段：第 1 张图片下面没有图注；下面一段“工人们说，这堂课很实用。”读来是正文，留在正文里；图注待填"]


def test_caption_with_its_photographer_and_a_table(site, tmp_path):
    path = _word(site / "e.docx", ("h", "数字里的变化"), ("p", "本报记者 李明"), ("img",),
                 ("p", "图为工会干部向工人师傅学习操作数控机床，了解生产一线的实际困难。（张华 摄）"),
                 ("table", [["项目", "数量"], ["微课堂", "12 场"]]), ("p", "表里是两周的数字。"))
    result = run_import(site, [path])
    photo = _file(site, "photo")
    assert photo.data["caption"] == "图为工会干部向工人师傅学习操作数控机床，了解生产一线的实际困难。"
    assert photo.data["credit"] == "张华 摄"
    assert _file(site, "case").body == "| 项目 | 数量 |\n| --- | --- |\n| 微课堂 | 12 场 |\n\n表里是两周的数字。"
    assert _uncertain(result.report) == []  # 图为 … 摄: a caption beyond doubt
    assert "需要编辑核对的地方（0）" in result.report


@pytest.mark.parametrize("parts", [
    [("h", "车间里的一堂课"), ("p", "本报记者 李明 通讯员 张华"), ("p", "清晨七点。")],
    [("h", "到班组去"), ("p", "本报记者 李明 张华"), ("p", "通讯员 王小红"), ("p", "摄影 赵强"), ("img",),
     ("p", "图为工会干部向师傅学习（本报记者 赵强 摄）"), ("p", "大家围坐在一起。")],
    [("h", "车间课堂"), ("p", "文/李明 图/张华"), ("img",), ("p", "工人们说，这堂课很实用。"),
     ("table", [["项目", "数量"], ["微课堂", "12 场"]])],
    [("p", "本报记者李明 通讯员张华"), ("p", "没有标题的稿件，第一段就是正文。"), ("img",), ("p", "工人在车间")],
    [("h", "一张图也没有"), ("p", "本报记者 李明 摄"), ("p", "摄影：赵强"), ("p", "正文。")],
])
def test_every_character_of_a_word_file_lands_somewhere(site, tmp_path, parts):
    path = _word(site / "f.docx", *parts)
    result = run_import(site, [path])
    texts = {block["at"]: block.get("text", "") for block in docx_blocks(docx.Document(str(path)))}
    covered = set()
    for piece in result.plan.pieces:
        assert texts[piece.line][piece.col:piece.col + len(piece.text)] == piece.text, piece
        spots = {(piece.line, c) for c in range(piece.col, piece.col + len(piece.text)) if not piece.text[c - piece.col].isspace()}
        assert not spots & covered, piece
        covered |= spots
        if piece.target is not None:
            assert _in_order(piece.text, _field_text(piece.target, piece.field)), piece
        else:
            assert piece.field == "furniture" and piece.note, piece
    wanted = {(at, c) for at, text in texts.items() for c, ch in enumerate(text) if not ch.isspace()}
    assert wanted == covered
    assert f"原文共 {len(wanted)} 个字符" in result.report


def _field_text(draft, field: str) -> str:
    source = read_source(draft.path, str(draft.path))
    if field == "body":
        return source.body
    value = source.data
    for part in field.split("."):
        value = value[part]
    return str(value)


def _in_order(text: str, within: str) -> bool:
    """Every non-space character of text in within, in order (Markdown may stand between them)."""
    rest = iter(within)
    return all(ch in rest for ch in text if not ch.isspace())


def test_bylines_and_captions_read_as_printed():
    def names(line):
        credits = parse_byline(line)
        return credits and [(c.role, c.name, c.photo) for c in credits]

    assert names("本报记者 李明 通讯员 张华") == [("本报记者", "李明", False), ("通讯员", "张华", False)]
    assert names("本报记者李明 摄影 赵强") == [("本报记者", "李明", False), ("摄影", "赵强", True)]
    assert names("李明 张华 摄") == [("摄", "李明", True), ("摄", "张华", True)]
    assert names("湖北省总工会党组书记 董永祥") == [("湖北省总工会党组书记", "董永祥", False)]
    assert names("李明 张华") is None and names("文小明 到车间") is None and names("工人在车间操作机床") is None
    assert caption_reason("图为工会干部在车间学习。") and caption_reason("工人在车间操作机床") == "短句"
    assert caption_reason("工人们说，这堂课很实用。") == "" and caption_reason("工人在车间。师傅在教。") == ""
