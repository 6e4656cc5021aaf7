"""`jishi import` of Word files made here with python-docx."""

from __future__ import annotations

import io

import docx
import pytest
from PIL import ExifTags, Image

from jishi.content.images import publish_image
from jishi.content.loader import read_source
from jishi.editor.importing import run_import
from support import jpeg_with_gps

GPS = ExifTags.IFD.GPSInfo


def _jpeg_with_gps() -> bytes:
    data = jpeg_with_gps()
    assert _exif(io.BytesIO(data)).get_ifd(GPS)  # the test image has GPS
    return data


def _exif(file):
    with Image.open(file) as img:
        return img.getexif()


def _reporter_file(path, title="车间里的一堂课", with_heading=True):
    doc = docx.Document()
    doc.core_properties.title = title
    doc.core_properties.author = "王小明"
    if with_heading:
        doc.add_heading(title, 0)
        doc.add_paragraph("本报记者 王小明")
    doc.add_heading("一、走进车间", 1)
    par = doc.add_paragraph("清晨七点，")
    par.add_run("工会干部").bold = True
    par.add_run("换上工装，")
    par.add_run("跟着师傅").italic = True
    par.add_run("学操作。")
    doc.add_paragraph("第一条：先学安全规程", style="List Bullet")
    doc.add_paragraph("第二条：再上机床", style="List Bullet")
    table = doc.add_table(rows=2, cols=2)
    for cell, text in zip([c for row in table.rows for c in row.cells], ["项目", "数量", "微课堂", "12 场"]):
        cell.text = text
    doc.add_picture(io.BytesIO(_jpeg_with_gps()))
    doc.add_paragraph("工人在车间操作机床")
    doc.add_paragraph("2017年的这堂课，大家都记得。")
    doc.save(path)
    return path


@pytest.fixture
def site(tmp_path, make_site):
    root = make_site(tmp_path / "site", {}, with_base=False)
    (root / "stories").mkdir()
    return root


def _story(site, kind):
    [path] = list((site / "stories" / kind).glob("*.md"))
    return read_source(path, str(path))


def test_word_file_to_markdown_story(site, tmp_path):
    result = run_import(site, [_reporter_file(tmp_path / "稿件.docx")])
    story = _story(site, "case")
    assert story.data["title"] == "车间里的一堂课"
    assert story.data["draft"] is True
    assert story.data["author_role"] == "本报记者"
    assert read_source(site / "stories/people/wang-xiaoming.md", "p").data["name"] == "王小明"
    assert story.data["date"] == "2017" and "2017年的这堂课" in story.data["derived"]["date"]
    body = story.body
    assert "## 一、走进车间" in body
    assert "清晨七点，**工会干部**换上工装，*跟着师傅*学操作。" in body
    assert "- 第一条：先学安全规程\n- 第二条：再上机床" in body
    assert "| 项目 | 数量 |\n| --- | --- |\n| 微课堂 | 12 场 |" in body
    assert "车间里的一堂课" not in body and "本报记者" not in body
    assert "Word 文件：纪实报道“车间里的一堂课”" in result.report


def test_embedded_jpeg_is_saved_and_published_without_gps(site, tmp_path):
    result = run_import(site, [_reporter_file(tmp_path / "稿件.docx")])
    photo = _story(site, "photo")
    assert photo.data["caption"] == "工人在车间操作机床"
    image = photo.data["image"]
    saved = site / "docs" / image
    assert saved.is_file() and f"docs/{image}" in result.report
    assert not _exif(saved).get_ifd(GPS)
    published = publish_image(image, site / "docs", tmp_path / "cache")
    for copy in published.files.values():
        exif = _exif(copy)
        assert not exif.get_ifd(GPS) and ExifTags.Base.Make not in exif


def test_chinese_title_property_when_no_title_is_printed(site, tmp_path):
    result = run_import(site, [_reporter_file(tmp_path / "b.docx", title="到班组去", with_heading=False)],
                        dry_run=True)
    [story] = [d for d in result.plan.drafts if d.kind == "case"]
    assert story.fields["title"] == "到班组去"
    assert "取自 Word 文件属性“标题”" in story.derived["title"]
    assert story.derived["author"].startswith("取自 Word 文件属性“作者”（王小明）")
    assert story.body.startswith("## 一、走进车间")


def test_every_word_paragraph_is_in_the_output(site, tmp_path):
    path = _reporter_file(tmp_path / "c.docx")
    run_import(site, [path])
    written = "".join(p.read_text(encoding="utf-8") for p in (site / "stories").rglob("*.md")).replace("*", "")
    for par in docx.Document(str(path)).paragraphs:
        for piece in par.text.split():
            assert piece in written, piece


def test_link_text_is_kept_as_a_markdown_link(site, tmp_path):
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml.ns import qn
    from docx.oxml import OxmlElement

    doc = docx.Document()
    doc.add_heading("一篇带链接的稿件", 0)
    par = doc.add_paragraph("详情见")
    rid = par.part.relate_to("https://example.org/a", RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "工会官网"
    run.append(text)
    link.append(run)
    par._p.append(link)
    par.add_run("。")
    doc.save(tmp_path / "link.docx")
    result = run_import(site, [tmp_path / "link.docx"], dry_run=True)
    [story] = [d for d in result.plan.drafts if d.kind == "case"]
    assert story.body == "详情见[工会官网](https://example.org/a)。"
